#include "auth/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cctype>

#include "core/query_string.h"
#include "privacy/crypto.h"

namespace parley::auth {
namespace {

constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
// Recovery codes: lower-case letters and digits without 0/o, 1/l/i (read off paper, typed back).
constexpr std::string_view kRecoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

}  // namespace

std::string newTotpSecret() { return privacy::randomBytes(20); }

std::string base32Encode(std::string_view bytes) {
  std::string text;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      text += kBase32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) {
    text += kBase32[(buffer << (5 - bits)) & 31];
  }
  return text;
}

std::optional<std::string> base32Decode(std::string_view text) {
  std::string bytes;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == ' ' || c == '=') {
      continue;
    }
    const size_t value =
        kBase32.find(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    if (value == std::string_view::npos) {
      return std::nullopt;
    }
    buffer = (buffer << 5) | static_cast<uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      bytes += static_cast<char>((buffer >> (bits - 8)) & 0xFF);
      bits -= 8;
    }
  }
  return bytes;
}

std::string hotp(std::string_view secret, uint64_t counter, int digits) {
  std::array<unsigned char, 8> message{};
  for (int index = 7; index >= 0; --index) {
    message[static_cast<size_t>(index)] = static_cast<unsigned char>(counter & 0xFF);
    counter >>= 8;
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  if (!HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()), message.data(),
            message.size(), mac.data(), &length) ||
      length != 20) {
    return {};  // matches no code: fails closed
  }
  const size_t offset = mac[19] & 0x0F;  // dynamic truncation (RFC 4226 §5.3)
  const uint32_t binary = ((mac[offset] & 0x7Fu) << 24) | (uint32_t{mac[offset + 1]} << 16) |
                          (uint32_t{mac[offset + 2]} << 8) | uint32_t{mac[offset + 3]};
  uint32_t modulus = 1;
  for (int digit = 0; digit < digits; ++digit) {
    modulus *= 10;
  }
  std::string code = std::to_string(binary % modulus);
  return std::string(static_cast<size_t>(digits) - code.size(), '0') + code;
}

int64_t totpStep(TimePoint at) {
  const int64_t seconds =
      std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
  return seconds / kTotpStepSeconds;
}

std::optional<int64_t> matchTotp(std::string_view secret, std::string_view code, TimePoint now,
                                 int64_t last_used_step) {
  std::string digits;
  for (char c : code) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits += c;
    } else if (c != ' ') {
      return std::nullopt;
    }
  }
  if (digits.size() != kTotpDigits || secret.empty()) {
    return std::nullopt;
  }
  const int64_t current = totpStep(now);
  std::optional<int64_t> matched;
  // Every candidate is computed and compared in constant time, so timing tells nothing.
  for (int64_t step = current - 1; step <= current + 1; ++step) {
    const bool equal =
        privacy::equalsConstantTime(hotp(secret, static_cast<uint64_t>(step)), digits);
    if (equal && step > last_used_step && !matched) {
      matched = step;
    }
  }
  return matched;
}

std::string otpauthUri(std::string_view issuer, std::string_view account, std::string_view secret) {
  const std::string label = percentEncode(issuer) + ":" + percentEncode(account);
  return "otpauth://totp/" + label + "?secret=" + base32Encode(secret) +
         "&issuer=" + percentEncode(issuer) + "&algorithm=SHA1&digits=6&period=30";
}

std::vector<std::string> newRecoveryCodes() {
  std::vector<std::string> codes;
  for (size_t made = 0; made < kRecoveryCodeCount; ++made) {
    const std::string random = privacy::randomBytes(12);
    std::string code;
    for (size_t index = 0; index < 12; ++index) {
      if (index > 0 && index % 4 == 0) {
        code += '-';
      }
      // 31 symbols; the bias of a byte modulo 31 (256 = 8·31 + 8) is immaterial for 60-bit codes.
      code +=
          kRecoveryAlphabet[static_cast<unsigned char>(random[index]) % kRecoveryAlphabet.size()];
    }
    codes.push_back(std::move(code));
  }
  return codes;
}

std::string normalizeRecoveryCode(std::string_view typed) {
  std::string code;
  for (char c : typed) {
    if (c != ' ' && c != '-') {
      code += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return code;
}

}  // namespace parley::auth
