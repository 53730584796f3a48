#include "channels/sms/ucs2.h"

#include <cstdint>

#include "channels/sms/utf8.h"

namespace parley::channels::sms {
namespace {

void appendUnit(std::string& out, unsigned unit) {
  out.push_back(static_cast<char>((unit >> 8) & 0xFF));
  out.push_back(static_cast<char>(unit & 0xFF));
}

unsigned unitAt(std::string_view utf16be, size_t octet) {
  return (static_cast<unsigned>(static_cast<uint8_t>(utf16be[octet])) << 8) |
         static_cast<uint8_t>(utf16be[octet + 1]);
}

}  // namespace

Result<std::string> encodeUcs2(std::string_view utf8) {
  auto code_points = decodeUtf8(utf8);
  if (!code_points) {
    return std::unexpected(std::move(code_points.error()));
  }
  std::string out;
  out.reserve(code_points->size() * 2);
  for (char32_t code_point : *code_points) {
    if (code_point < 0x10000) {
      appendUnit(out, code_point);
    } else {
      const char32_t offset = code_point - 0x10000;
      appendUnit(out, 0xD800 | (offset >> 10));
      appendUnit(out, 0xDC00 | (offset & 0x3FF));
    }
  }
  return out;
}

Result<size_t> countUcs2Units(std::string_view utf8) {
  auto code_points = decodeUtf8(utf8);
  if (!code_points) {
    return std::unexpected(std::move(code_points.error()));
  }
  size_t units = 0;
  for (char32_t code_point : *code_points) {
    units += code_point < 0x10000 ? 1 : 2;
  }
  return units;
}

std::string decodeUcs2(std::string_view utf16be) {
  std::string out;
  out.reserve(utf16be.size());
  size_t at = 0;
  while (at + 1 < utf16be.size()) {
    const unsigned unit = unitAt(utf16be, at);
    at += 2;
    if (isLowSurrogate(unit)) {
      appendUtf8(out, kReplacementChar);
    } else if (!isHighSurrogate(unit)) {
      appendUtf8(out, unit);
    } else if (at + 1 < utf16be.size() && isLowSurrogate(unitAt(utf16be, at))) {
      const unsigned low = unitAt(utf16be, at);
      at += 2;
      appendUtf8(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
    } else {
      // An unpaired high surrogate: the unit after it is read again on its own.
      appendUtf8(out, kReplacementChar);
    }
  }
  if (at < utf16be.size()) {
    appendUtf8(out, kReplacementChar);
  }
  return out;
}

}  // namespace parley::channels::sms
