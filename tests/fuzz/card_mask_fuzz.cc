// Fuzz target: card-number masking (src/channels/card_mask). Any bytes are text to mask. The output
// must be the input with some ASCII digits replaced by '•' and nothing else changed; so valid UTF-8
// stays valid UTF-8 of the same length in code points, and text with fewer than 13 digits comes
// back as it went in.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "channels/card_mask.h"

namespace {

constexpr std::string_view kBullet = "\xE2\x80\xA2";  // U+2022

void check(bool condition) {
  if (!condition) {
    std::abort();
  }
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// The number of code points of well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF); nullopt for anything else.
std::optional<size_t> codePoints(std::string_view text) {
  size_t count = 0;
  size_t at = 0;
  while (at < text.size()) {
    const auto byte = static_cast<uint8_t>(text[at]);
    size_t length = 0;
    uint32_t value = 0;
    uint32_t smallest = 0;
    if (byte < 0x80) {
      length = 1;
      value = byte;
    } else if ((byte & 0xE0) == 0xC0) {
      length = 2;
      value = byte & 0x1F;
      smallest = 0x80;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3;
      value = byte & 0x0F;
      smallest = 0x800;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4;
      value = byte & 0x07;
      smallest = 0x10000;
    } else {
      return std::nullopt;
    }
    if (text.size() - at < length) {
      return std::nullopt;
    }
    for (size_t index = 1; index < length; ++index) {
      const auto next = static_cast<uint8_t>(text[at + index]);
      if ((next & 0xC0) != 0x80) {
        return std::nullopt;
      }
      value = (value << 6) | (next & 0x3F);
    }
    if (value < smallest || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
      return std::nullopt;
    }
    at += length;
    ++count;
  }
  return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string output = parley::channels::maskCardNumbers(input);

  // Byte by byte: the same byte, or a digit that became a bullet.
  size_t out = 0;
  size_t masked = 0;
  for (char byte : input) {
    check(out < output.size());
    if (output[out] == byte) {
      ++out;
      continue;
    }
    check(isDigit(byte) && std::string_view(output).substr(out, kBullet.size()) == kBullet);
    out += kBullet.size();
    ++masked;
  }
  check(out == output.size());

  const auto digits = static_cast<size_t>(std::count_if(input.begin(), input.end(), isDigit));
  if (digits < 13) {
    check(masked == 0);
  }
  if (masked > 0) {
    check(digits - masked >= 4);  // a card's last four digits stay
  }
  if (const std::optional<size_t> before = codePoints(input)) {
    const std::optional<size_t> after = codePoints(output);
    check(after.has_value() && *after == *before);
  }
  return 0;
}

std::vector<std::string> fuzzSeeds() {
  return {
      "4111 1111 1111 1111",
      "my card is 4111-1111-1111-1111, exp 12/25",
      "3782 822463 10005 and 5555555555554444",
      "4111111111111111 12 25 123",
      "Call me on +1 555 123 4567 or +4915112345678",
      "Карта 4111 1111 1111 1111 — спасибо 😀",
      "Tracking 9400111899223397846215",
      "1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3",
      "\xff\xfe 4012888888881881 \xc3",
  };
}
