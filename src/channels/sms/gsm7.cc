#include "channels/sms/gsm7.h"

#include <array>
#include <cstdint>
#include <unordered_map>

#include "channels/sms/utf8.h"

namespace parley::channels::sms {
namespace {

constexpr char32_t kNone = 0;  // 0x1B (ESC) has no character of its own.

// TS 23.038 §6.2.1, channels.md §6.4, indexed by septet.
constexpr std::array<char32_t, 128> kBasic = {
    U'@', U'£', U'$',  U'¥',  U'è', U'é',  U'ù', U'ì',   // 0x00
    U'ò', U'Ç', U'\n', U'Ø',  U'ø', U'\r', U'Å', U'å',   // 0x08
    U'Δ', U'_', U'Φ',  U'Γ',  U'Λ', U'Ω',  U'Π', U'Ψ',   // 0x10
    U'Σ', U'Θ', U'Ξ',  kNone, U'Æ', U'æ',  U'ß', U'É',   // 0x18
    U' ', U'!', U'"',  U'#',  U'¤', U'%',  U'&', U'\'',  // 0x20
    U'(', U')', U'*',  U'+',  U',', U'-',  U'.', U'/',   // 0x28
    U'0', U'1', U'2',  U'3',  U'4', U'5',  U'6', U'7',   // 0x30
    U'8', U'9', U':',  U';',  U'<', U'=',  U'>', U'?',   // 0x38
    U'¡', U'A', U'B',  U'C',  U'D', U'E',  U'F', U'G',   // 0x40
    U'H', U'I', U'J',  U'K',  U'L', U'M',  U'N', U'O',   // 0x48
    U'P', U'Q', U'R',  U'S',  U'T', U'U',  U'V', U'W',   // 0x50
    U'X', U'Y', U'Z',  U'Ä',  U'Ö', U'Ñ',  U'Ü', U'§',   // 0x58
    U'¿', U'a', U'b',  U'c',  U'd', U'e',  U'f', U'g',   // 0x60
    U'h', U'i', U'j',  U'k',  U'l', U'm',  U'n', U'o',   // 0x68
    U'p', U'q', U'r',  U's',  U't', U'u',  U'v', U'w',   // 0x70
    U'x', U'y', U'z',  U'ä',  U'ö', U'ñ',  U'ü', U'à',   // 0x78
};

struct Extension {
  uint8_t code;
  char32_t character;
};
constexpr std::array<Extension, 10> kExtension = {{
    {0x0A, U'\f'},
    {0x14, U'^'},
    {0x28, U'{'},
    {0x29, U'}'},
    {0x2F, U'\\'},
    {0x3C, U'['},
    {0x3D, U'~'},
    {0x3E, U']'},
    {0x40, U'|'},
    {0x65, U'€'},
}};

// Code point → septets: the basic code, or 0x1B00 | extension code.
const std::unordered_map<char32_t, uint16_t>& encodeTable() {
  static const std::unordered_map<char32_t, uint16_t> table = [] {
    std::unordered_map<char32_t, uint16_t> map;
    for (size_t code = 0; code < kBasic.size(); ++code) {
      if (code != 0x1B) {
        map.emplace(kBasic[code], static_cast<uint16_t>(code));
      }
    }
    for (const Extension& extension : kExtension) {
      map.emplace(extension.character, static_cast<uint16_t>(0x1B00 | extension.code));
    }
    return map;
  }();
  return table;
}

char32_t extensionCharacter(uint8_t code) {
  for (const Extension& extension : kExtension) {
    if (extension.code == code) {
      return extension.character;
    }
  }
  return kNone;
}

Result<std::u32string> gsm7CodePoints(std::string_view utf8) {
  auto code_points = decodeUtf8(utf8);
  if (!code_points) {
    return code_points;
  }
  for (size_t index = 0; index < code_points->size(); ++index) {
    if (gsm7Septets((*code_points)[index]) == 0) {
      return fail(ErrorCode::ValidationFailed,
                  "character " + std::to_string(index) + " is not in the GSM 03.38 alphabet");
    }
  }
  return code_points;
}

}  // namespace

int gsm7Septets(char32_t code_point) {
  const auto& table = encodeTable();
  const auto found = table.find(code_point);
  if (found == table.end()) {
    return 0;
  }
  return found->second > 0xFF ? 2 : 1;
}

bool fitsGsm7(std::string_view utf8) { return gsm7CodePoints(utf8).has_value(); }

Result<size_t> countGsm7Septets(std::string_view utf8) {
  auto code_points = gsm7CodePoints(utf8);
  if (!code_points) {
    return std::unexpected(std::move(code_points.error()));
  }
  size_t septets = 0;
  for (char32_t code_point : *code_points) {
    septets += static_cast<size_t>(gsm7Septets(code_point));
  }
  return septets;
}

Result<std::string> encodeGsm7(std::string_view utf8) {
  auto code_points = gsm7CodePoints(utf8);
  if (!code_points) {
    return std::unexpected(std::move(code_points.error()));
  }
  const auto& table = encodeTable();
  std::string septets;
  septets.reserve(code_points->size());
  for (char32_t code_point : *code_points) {
    const uint16_t code = table.at(code_point);
    if (code > 0xFF) {
      septets.push_back(kGsm7Escape);
    }
    septets.push_back(static_cast<char>(code & 0x7F));
  }
  return septets;
}

std::string decodeGsm7(std::string_view septets) {
  std::string out;
  out.reserve(septets.size());
  for (size_t at = 0; at < septets.size(); ++at) {
    const auto septet = static_cast<uint8_t>(septets[at]);
    if (septet > 0x7F) {
      appendUtf8(out, kReplacementChar);
      continue;
    }
    if (septet != 0x1B) {
      appendUtf8(out, kBasic[septet]);
      continue;
    }
    if (at + 1 == septets.size()) {
      out.push_back(' ');
      continue;
    }
    const auto code = static_cast<uint8_t>(septets[++at]);
    if (code > 0x7F) {
      appendUtf8(out, kReplacementChar);
    } else if (code == 0x1B) {
      out.push_back(' ');
    } else if (const char32_t extension = extensionCharacter(code); extension != kNone) {
      appendUtf8(out, extension);
    } else {
      appendUtf8(out, kBasic[code]);
    }
  }
  return out;
}

std::string packSeptets(std::string_view septets, unsigned fill_bits) {
  fill_bits %= 7;
  const size_t bits = fill_bits + 7 * septets.size();
  std::string out((bits + 7) / 8, '\0');
  size_t bit = fill_bits;
  for (char septet : septets) {
    const unsigned value = static_cast<uint8_t>(septet) & 0x7F;
    const size_t octet = bit / 8;
    const unsigned shift = bit % 8;
    out[octet] = static_cast<char>(static_cast<uint8_t>(out[octet]) | ((value << shift) & 0xFF));
    if (shift > 1) {
      out[octet + 1] = static_cast<char>(value >> (8 - shift));
    }
    bit += 7;
  }
  return out;
}

std::string unpackSeptets(std::string_view octets, size_t count, unsigned fill_bits) {
  fill_bits %= 7;
  const size_t available_bits = octets.size() * 8;
  std::string out;
  size_t bit = fill_bits;
  while (out.size() < count && bit + 7 <= available_bits) {
    const size_t octet = bit / 8;
    const unsigned shift = bit % 8;
    unsigned value = static_cast<uint8_t>(octets[octet]) >> shift;
    if (shift > 1) {
      value |= static_cast<unsigned>(static_cast<uint8_t>(octets[octet + 1])) << (8 - shift);
    }
    out.push_back(static_cast<char>(value & 0x7F));
    bit += 7;
  }
  return out;
}

unsigned udhFillBits(size_t udh_octets) {
  return static_cast<unsigned>((7 - (udh_octets * 8) % 7) % 7);
}

}  // namespace parley::channels::sms
