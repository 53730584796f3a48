// Fuzz target: SMS text handling (src/channels/sms). The first byte picks what the rest is:
//  - even: text. When it is valid UTF-8 it is segmented, the parts are framed back through the UDH
//    parser in a scrambled order and reassembled, and the result must equal the input exactly.
//  - odd: an inbound short_message with UDHI set (the second byte is its data_coding), read by the
//    UDH parser, the decoders, the septet unpacker and the reassembler. Any input must give a value
//    or an Error, never a crash or a read past the end.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "channels/sms/gsm7.h"
#include "channels/sms/reassembly.h"
#include "channels/sms/segmenter.h"
#include "channels/sms/ucs2.h"

namespace sms = parley::channels::sms;

namespace {

const parley::TimePoint kNow{std::chrono::hours(24 * 365 * 56)};

void check(bool condition) {
  if (!condition) {
    std::abort();
  }
}

void roundTrip(std::string_view text, uint8_t shuffle) {
  auto segmented = sms::segmentText(text, shuffle);
  if (!segmented) {
    check(segmented.error().code == parley::ErrorCode::ValidationFailed ||
          segmented.error().code == parley::ErrorCode::PayloadTooLarge);
    return;
  }
  std::vector<sms::SmsPart>& parts = segmented->parts;
  std::rotate(parts.begin(), parts.begin() + shuffle % parts.size(), parts.end());
  if (shuffle & 1) {
    std::reverse(parts.begin(), parts.end());
  }
  sms::Reassembler reassembler({.max_parts = sms::kMaxParts});
  std::vector<sms::ReassembledText> done;
  for (const sms::SmsPart& part : parts) {
    check(part.short_message.size() <= 254);
    auto user_data = sms::splitUserData(part.short_message, part.esm_class);
    check(user_data.has_value());
    if (!user_data->concatenation) {
      check(parts.size() == 1);
      check(sms::decodeBody(user_data->body, part.data_coding).value() == text);
      return;
    }
    auto finished = reassembler.add(
        {"+15550001", *user_data->concatenation, part.data_coding, std::string(user_data->body)},
        kNow);
    check(finished.has_value());
    done.insert(done.end(), finished->begin(), finished->end());
  }
  check(done.size() == 1 && done[0].isComplete() && done[0].text == text);
}

void readInbound(std::string_view short_message, uint8_t data_coding) {
  (void)sms::decodeGsm7(short_message);
  (void)sms::decodeUcs2(short_message);
  (void)sms::unpackSeptets(short_message, short_message.size() * 2, data_coding % 7);
  auto user_data = sms::splitUserData(short_message, sms::kEsmClassUdhi);
  if (!user_data) {
    return;
  }
  check(user_data->body.data() >= short_message.data() &&
        user_data->body.data() + user_data->body.size() <=
            short_message.data() + short_message.size());
  (void)sms::decodeBody(user_data->body, data_coding);
  if (user_data->concatenation) {
    sms::Reassembler reassembler({.max_pending = 2, .max_parts = 8});
    for (int copy = 0; copy < 3; ++copy) {
      sms::Concatenation concatenation = *user_data->concatenation;
      concatenation.reference = static_cast<uint16_t>(concatenation.reference + copy);
      (void)reassembler.add({"+15550002", concatenation, data_coding, std::string(user_data->body)},
                            kNow);
    }
    (void)reassembler.expire(kNow + std::chrono::minutes(10));
    check(reassembler.pendingCount() == 0);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) {
    return 0;
  }
  const std::string_view rest(reinterpret_cast<const char*>(data) + 2, size - 2);
  if ((data[0] & 1) == 0) {
    roundTrip(rest, data[1]);
  } else {
    readInbound(rest, data[1]);
  }
  return 0;
}

std::vector<std::string> fuzzSeeds() {
  const auto times = [](std::string_view piece, size_t count) {
    std::string out;
    for (size_t index = 0; index < count; ++index) {
      out += piece;
    }
    return out;
  };
  return {
      std::string("\x00\x07", 2) + "Hello, can I change my booking?",
      std::string("\x02\x03", 2) + times("€[x]{y}~", 40),
      std::string("\x04\x2A", 2) + times("Привет 😀 ", 30),
      std::string("\x06\x00", 2) + std::string(161, 'a'),
      std::string("\x01\x00\x05\x00\x03\x2A\x02\x01", 8) + "Hello",
      std::string("\x01\x08\x06\x08\x04\x12\x34\x02\x02\x00\x41\xD8\x3D\xDE\x00", 15),
      std::string("\x03\x00\x0B\x05\x04\x0B\x84\x23\xF0\x00\x03\x7F\x03\x02hi", 16),
      std::string("\x01\x00\x00\x1B\x65\x1B", 6),
  };
}
