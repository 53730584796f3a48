#include "channels/sms/utf8.h"

#include <cstdint>

namespace parley::channels::sms {
namespace {

Result<std::u32string> invalidAt(size_t offset) {
  return fail(ErrorCode::ValidationFailed,
              "text is not valid UTF-8 (at byte " + std::to_string(offset) + ")");
}

}  // namespace

Result<std::u32string> decodeUtf8(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  size_t at = 0;
  while (at < utf8.size()) {
    const auto lead = static_cast<uint8_t>(utf8[at]);
    if (lead < 0x80) {
      out.push_back(lead);
      ++at;
      continue;
    }
    size_t length = 0;
    char32_t code_point = 0;
    char32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) {
      length = 2, code_point = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, code_point = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, code_point = lead & 0x07, minimum = 0x10000;
    } else {
      return invalidAt(at);
    }
    if (utf8.size() - at < length) {
      return invalidAt(at);
    }
    for (size_t index = 1; index < length; ++index) {
      const auto next = static_cast<uint8_t>(utf8[at + index]);
      if ((next & 0xC0) != 0x80) {
        return invalidAt(at + index);
      }
      code_point = (code_point << 6) | (next & 0x3F);
    }
    // Overlong forms would let one character hide behind several spellings.
    if (code_point < minimum || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return invalidAt(at);
    }
    out.push_back(code_point);
    at += length;
  }
  return out;
}

void appendUtf8(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

}  // namespace parley::channels::sms
