#include "channels/meta/meta_signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>

#include "privacy/crypto.h"

namespace parley::channels::meta {
namespace {

constexpr std::string_view kPrefix = "sha256=";
constexpr size_t kMacBytes = 32;

// OpenSSL's HMAC: SHA-256 in hardware where the CPU has it, ~3× libsodium's portable C on 1 KB.
std::array<unsigned char, kMacBytes> hmacSha256(std::string_view key, std::string_view message) {
  std::array<unsigned char, kMacBytes> mac{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(), &length);
  return mac;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string hexOf(const std::array<unsigned char, kMacBytes>& mac) {
  return privacy::toHex(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

}  // namespace

std::string signatureOf(std::string_view app_secret, std::string_view body) {
  return std::string(kPrefix) + hexOf(hmacSha256(app_secret, body));
}

bool isValidSignature(std::string_view app_secret, std::string_view body, std::string_view header) {
  if (app_secret.empty() || !header.starts_with(kPrefix) ||
      header.size() != kPrefix.size() + 2 * kMacBytes) {
    return false;
  }
  header.remove_prefix(kPrefix.size());
  std::array<unsigned char, kMacBytes> given{};
  for (size_t index = 0; index < kMacBytes; ++index) {
    const int high = hexValue(header[2 * index]);
    const int low = hexValue(header[2 * index + 1]);
    if (high < 0 || low < 0) {
      return false;
    }
    given[index] = static_cast<unsigned char>(high * 16 + low);
  }
  const auto expected = hmacSha256(app_secret, body);
  return CRYPTO_memcmp(expected.data(), given.data(), kMacBytes) == 0;
}

std::string appSecretProof(std::string_view app_secret, std::string_view access_token) {
  return hexOf(hmacSha256(app_secret, access_token));
}

}  // namespace parley::channels::meta
