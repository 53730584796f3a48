#pragma once
// Thin, exception-free wrappers over libsodium: random bytes and ids, XChaCha20-Poly1305 sealing,
// keyed hashes for blind indexes and the audit chain. Call initCrypto() once before anything else.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/ids.h"

namespace parley::privacy {

constexpr size_t kKeyBytes = 32;

// A 256-bit secret, wiped from memory when it goes.
class SecretKey {
 public:
  SecretKey();                               // all zero
  explicit SecretKey(std::string_view raw);  // REQUIRES: raw.size() == kKeyBytes
  SecretKey(const SecretKey& other);
  SecretKey& operator=(const SecretKey& other);
  ~SecretKey();

  static SecretKey random();
  const uint8_t* data() const { return bytes_.data(); }
  std::string_view view() const {
    return {reinterpret_cast<const char*>(bytes_.data()), bytes_.size()};
  }

 private:
  std::array<uint8_t, kKeyBytes> bytes_;
};

// Aborts if libsodium cannot start; safe to call more than once.
void initCrypto();

std::string randomBytes(size_t count);
// A fresh id: prefix + 12 hex digits of creation time (ms) + 16 hex digits (64 random bits).
std::string randomIdValue(std::string_view prefix);
template <class Tag>
Id<Tag> newId() {
  return Id<Tag>{randomIdValue(Tag::kPrefix)};
}
// A URL-safe random secret of `bytes` random bytes (tokens, CSRF values).
std::string randomToken(size_t bytes = 32);

// nonce || XChaCha20-Poly1305(plaintext), bound to `context` as associated data so a ciphertext
// cannot be moved to another row or field.
std::string seal(const SecretKey& key, std::string_view plaintext, std::string_view context);
// Fails with Internal if the ciphertext was altered, moved, or sealed under another key.
[[nodiscard]] Result<std::string> unseal(const SecretKey& key, std::string_view sealed,
                                         std::string_view context);
// The same for a sealed key: decrypted into a SecretKey, no copy of it left behind. nullopt when
// `sealed` is not a key sealed under `key` for `context`.
std::optional<SecretKey> unsealKey(const SecretKey& key, std::string_view sealed,
                                   std::string_view context);

// Keyed BLAKE2b-256 of `message`: blind indexes, token hashes, the audit chain.
std::string keyedHash(const SecretKey& key, std::string_view message);
// Unkeyed BLAKE2b-256 (for secrets that are random already: API tokens, session tokens).
std::string hash(std::string_view message);
// A subkey for one purpose, derived from `key` (crypto_kdf; context is exactly 8 characters).
SecretKey deriveKey(const SecretKey& key, uint64_t subkey_id, std::string_view context8);

std::string toHex(std::string_view bytes);
[[nodiscard]] Result<std::string> fromHex(std::string_view hex);
// Standard base64 with padding (RFC 4648 §4); BadRequest for anything else.
[[nodiscard]] Result<std::string> fromBase64(std::string_view base64);
// Constant-time comparison of two equal-length secrets.
bool equalsConstantTime(std::string_view a, std::string_view b);

}  // namespace parley::privacy
