#include "channels/meta/meta_signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include "privacy/crypto.h"

namespace parley::channels::meta {
namespace {

constexpr std::string_view kPrefix = "sha256=";
constexpr size_t kMacBytes = 32;

// HMAC-SHA256 through OpenSSL's digests (SHA-256 in hardware where the CPU has it, ~3× libsodium's
// portable C). The key's inner and outer states are computed once per thread and secret, and the
// digest fetched once: OpenSSL 3's one-shot HMAC() looks the algorithm up on every call, which
// costs more than hashing a 1 KB webhook.
class HmacSha256 {
 public:
  HmacSha256() : md_(EVP_MD_fetch(nullptr, "SHA256", nullptr)) {}
  ~HmacSha256() {
    EVP_MD_CTX_free(inner_);
    EVP_MD_CTX_free(outer_);
    EVP_MD_CTX_free(work_);
    EVP_MD_free(md_);
    OPENSSL_cleanse(key_.data(), key_.size());
  }
  HmacSha256(const HmacSha256&) = delete;
  HmacSha256& operator=(const HmacSha256&) = delete;

  // nullopt when OpenSSL failed: no signature then matches (it fails closed).
  std::optional<std::array<unsigned char, kMacBytes>> mac(std::string_view key,
                                                          std::string_view message) {
    if ((!ready_ || key != key_) && !setKey(key)) {
      return std::nullopt;
    }
    std::array<unsigned char, kMacBytes> inner{};
    std::array<unsigned char, kMacBytes> mac{};
    unsigned int length = 0;
    const bool done = EVP_MD_CTX_copy_ex(work_, inner_) == 1 &&
                      EVP_DigestUpdate(work_, message.data(), message.size()) == 1 &&
                      EVP_DigestFinal_ex(work_, inner.data(), &length) == 1 &&
                      length == kMacBytes && EVP_MD_CTX_copy_ex(work_, outer_) == 1 &&
                      EVP_DigestUpdate(work_, inner.data(), inner.size()) == 1 &&
                      EVP_DigestFinal_ex(work_, mac.data(), &length) == 1 && length == kMacBytes;
    if (!done) {
      return std::nullopt;
    }
    return mac;
  }

 private:
  static constexpr size_t kBlock = 64;

  bool setKey(std::string_view key) {
    ready_ = false;
    OPENSSL_cleanse(key_.data(), key_.size());
    key_.assign(key);
    if (!md_) {
      return false;
    }
    std::array<unsigned char, kBlock> block{};
    bool ok = true;
    if (key.size() > kBlock) {
      unsigned int length = 0;
      ok = EVP_Digest(key.data(), key.size(), block.data(), &length, md_, nullptr) == 1;
    } else {
      std::copy(key.begin(), key.end(), block.begin());
    }
    for (EVP_MD_CTX** context : {&inner_, &outer_, &work_}) {
      if (!*context) {
        *context = EVP_MD_CTX_new();
      }
      ok = ok && *context != nullptr;
    }
    std::array<unsigned char, kBlock> pad{};
    for (auto [context, byte] : {std::pair{inner_, 0x36}, std::pair{outer_, 0x5c}}) {
      for (size_t index = 0; index < kBlock; ++index) {
        pad[index] = static_cast<unsigned char>(block[index] ^ byte);
      }
      ok = ok && EVP_DigestInit_ex(context, md_, nullptr) == 1 &&
           EVP_DigestUpdate(context, pad.data(), pad.size()) == 1;
    }
    OPENSSL_cleanse(block.data(), block.size());
    OPENSSL_cleanse(pad.data(), pad.size());
    ready_ = ok;
    return ok;
  }

  EVP_MD* md_;
  EVP_MD_CTX* inner_ = nullptr;
  EVP_MD_CTX* outer_ = nullptr;
  EVP_MD_CTX* work_ = nullptr;
  std::string key_;
  bool ready_ = false;
};

std::optional<std::array<unsigned char, kMacBytes>> hmacSha256(std::string_view key,
                                                               std::string_view message) {
  thread_local HmacSha256 hmac;
  return hmac.mac(key, message);
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "" when OpenSSL failed.
std::string hexOf(const std::optional<std::array<unsigned char, kMacBytes>>& mac) {
  if (!mac) {
    return "";
  }
  return privacy::toHex(std::string_view(reinterpret_cast<const char*>(mac->data()), mac->size()));
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
  return expected && CRYPTO_memcmp(expected->data(), given.data(), kMacBytes) == 0;
}

std::string appSecretProof(std::string_view app_secret, std::string_view access_token) {
  return hexOf(hmacSha256(app_secret, access_token));
}

}  // namespace parley::channels::meta
