#include "channels/sms/segmenter.h"

#include <algorithm>

#include "channels/sms/gsm7.h"
#include "channels/sms/ucs2.h"
#include "channels/sms/utf8.h"

namespace parley::channels::sms {
namespace {

constexpr uint8_t kIeiConcat8 = 0x00;
constexpr uint8_t kIeiConcat16 = 0x08;

// Where each part ends, in code units, given the text's units and the rule that says whether a
// part may end after unit `end` (not inside an escape or a surrogate pair).
template <class MayEndAt>
std::vector<size_t> partEnds(size_t units, size_t per_part, MayEndAt may_end_at) {
  std::vector<size_t> ends;
  size_t at = 0;
  while (at < units) {
    size_t end = std::min(at + per_part, units);
    if (end < units && !may_end_at(end)) {
      --end;  // the pair starts in the last unit: it moves whole to the next part
    }
    ends.push_back(end);
    at = end;
  }
  return ends;
}

// Cuts `user_data` (unit_octets per unit) at `ends`, prefixing each part with its UDH.
std::vector<SmsPart> buildParts(std::string_view user_data, size_t unit_octets,
                                const std::vector<size_t>& ends, uint8_t reference,
                                uint8_t data_coding) {
  std::vector<SmsPart> parts;
  size_t start = 0;
  for (size_t index = 0; index < ends.size(); ++index) {
    SmsPart part;
    part.esm_class = kEsmClassUdhi;
    part.data_coding = data_coding;
    part.short_message = {0x05,
                          kIeiConcat8,
                          0x03,
                          static_cast<char>(reference),
                          static_cast<char>(ends.size()),
                          static_cast<char>(index + 1)};
    part.short_message.append(
        user_data.substr(start * unit_octets, (ends[index] - start) * unit_octets));
    parts.push_back(std::move(part));
    start = ends[index];
  }
  return parts;
}

Result<SegmentedText> tooManyParts(size_t needed, size_t allowed) {
  return fail(ErrorCode::PayloadTooLarge, "the text needs " + std::to_string(needed) +
                                              " SMS parts, at most " + std::to_string(allowed) +
                                              " are allowed");
}

}  // namespace

Result<SegmentedText> segmentText(std::string_view utf8, uint8_t reference, size_t max_parts) {
  max_parts = std::min(max_parts, kMaxParts);
  SegmentedText out;
  if (auto septets = encodeGsm7(utf8)) {
    out.coding = SmsCoding::Gsm7;
    out.units = septets->size();
    if (out.units <= kGsm7SingleSeptets) {
      out.parts.push_back({std::move(*septets), 0, kDataCodingDefault});
    } else {
      // Every ESC we write starts a pair, so a part must not end right after one.
      const auto ends = partEnds(out.units, kGsm7PartSeptets,
                                 [&](size_t end) { return (*septets)[end - 1] != kGsm7Escape; });
      out.parts = buildParts(*septets, 1, ends, reference, kDataCodingDefault);
    }
  } else {
    auto utf16 = encodeUcs2(utf8);
    if (!utf16) {
      return std::unexpected(std::move(utf16.error()));
    }
    out.coding = SmsCoding::Ucs2;
    out.units = utf16->size() / 2;
    if (out.units <= kUcs2SingleUnits) {
      out.parts.push_back({std::move(*utf16), 0, kDataCodingUcs2});
    } else {
      const auto ends = partEnds(out.units, kUcs2PartUnits, [&](size_t end) {
        const auto high = static_cast<uint8_t>((*utf16)[2 * (end - 1)]);
        return !isHighSurrogate(static_cast<unsigned>(high) << 8);
      });
      out.parts = buildParts(*utf16, 2, ends, reference, kDataCodingUcs2);
    }
  }
  if (out.parts.size() > max_parts) {
    return tooManyParts(out.parts.size(), max_parts);
  }
  return out;
}

Result<Concatenation> checkConcatenation(Concatenation concatenation) {
  if (concatenation.total == 0) {
    return fail(ErrorCode::ValidationFailed, "concatenated SMS with 0 parts");
  }
  if (concatenation.sequence == 0 || concatenation.sequence > concatenation.total) {
    return fail(ErrorCode::ValidationFailed, "concatenated SMS part " +
                                                 std::to_string(concatenation.sequence) + " of " +
                                                 std::to_string(concatenation.total));
  }
  return concatenation;
}

Result<UserDataHeader> parseUdh(std::string_view short_message) {
  if (short_message.empty()) {
    return fail(ErrorCode::ValidationFailed, "UDHI set on an empty short_message");
  }
  const size_t udhl = static_cast<uint8_t>(short_message[0]);
  if (udhl + 1 > short_message.size()) {
    return fail(ErrorCode::ValidationFailed, "UDH longer than the short_message");
  }
  UserDataHeader header;
  header.length = udhl + 1;
  const std::string_view ies = short_message.substr(1, udhl);
  size_t at = 0;
  while (at < ies.size()) {
    if (ies.size() - at < 2) {
      return fail(ErrorCode::ValidationFailed, "truncated UDH information element");
    }
    const auto iei = static_cast<uint8_t>(ies[at]);
    const size_t iedl = static_cast<uint8_t>(ies[at + 1]);
    if (iedl > ies.size() - at - 2) {
      return fail(ErrorCode::ValidationFailed, "UDH information element longer than the UDH");
    }
    const std::string_view data = ies.substr(at + 2, iedl);
    at += 2 + iedl;
    if (iei != kIeiConcat8 && iei != kIeiConcat16) {
      continue;
    }
    const size_t expected = iei == kIeiConcat8 ? 3 : 4;
    if (iedl != expected) {
      return fail(ErrorCode::ValidationFailed, "concatenation IE of the wrong length");
    }
    const auto octet = [&](size_t index) { return static_cast<uint8_t>(data[index]); };
    Concatenation concatenation;
    if (iei == kIeiConcat8) {
      concatenation = {octet(0), octet(1), octet(2)};
    } else {
      concatenation = {static_cast<uint16_t>((octet(0) << 8) | octet(1)), octet(2), octet(3)};
    }
    auto checked = checkConcatenation(concatenation);
    if (!checked) {
      return std::unexpected(std::move(checked.error()));
    }
    header.concatenation = *checked;
  }
  return header;
}

Result<UserData> splitUserData(std::string_view short_message, uint8_t esm_class) {
  if ((esm_class & kEsmClassUdhi) == 0) {
    return UserData{std::nullopt, short_message};
  }
  auto header = parseUdh(short_message);
  if (!header) {
    return std::unexpected(std::move(header.error()));
  }
  return UserData{header->concatenation, short_message.substr(header->length)};
}

bool isSupportedDataCoding(uint8_t data_coding) {
  return data_coding == kDataCodingDefault || data_coding == kDataCodingIa5 ||
         data_coding == kDataCodingLatin1 || data_coding == kDataCodingUcs2 ||
         (data_coding >= 0xF0 && data_coding <= 0xF3);
}

Result<std::string> decodeBody(std::string_view body, uint8_t data_coding) {
  if (!isSupportedDataCoding(data_coding)) {
    return fail(ErrorCode::UnsupportedMediaType,
                "SMS data_coding " + std::to_string(data_coding) + " is not supported");
  }
  if (data_coding == kDataCodingUcs2) {
    return decodeUcs2(body);
  }
  if (data_coding == kDataCodingIa5 || data_coding == kDataCodingLatin1) {
    std::string out;
    out.reserve(body.size());
    for (char octet : body) {
      const auto value = static_cast<uint8_t>(octet);
      appendUtf8(out, value < 0x80 || data_coding == kDataCodingLatin1 ? value : kReplacementChar);
    }
    return out;
  }
  return decodeGsm7(body);
}

}  // namespace parley::channels::sms
