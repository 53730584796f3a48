#include "privacy/crypto.h"

#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace parley::privacy {

SecretKey::SecretKey() { bytes_.fill(0); }

SecretKey::SecretKey(std::string_view raw) {
  bytes_.fill(0);
  std::memcpy(bytes_.data(), raw.data(), std::min(raw.size(), bytes_.size()));
}

SecretKey::SecretKey(const SecretKey& other) : bytes_(other.bytes_) {}

SecretKey& SecretKey::operator=(const SecretKey& other) {
  bytes_ = other.bytes_;
  return *this;
}

SecretKey::~SecretKey() { sodium_memzero(bytes_.data(), bytes_.size()); }

SecretKey SecretKey::random() {
  SecretKey key;
  randombytes_buf(key.bytes_.data(), key.bytes_.size());
  return key;
}

void initCrypto() {
  // libsodium's user-space ChaCha20 generator, seeded once from the kernel: a nonce or an id then
  // costs no system call. Parley never forks, which is that generator's one caveat.
  randombytes_set_implementation(&randombytes_internal_implementation);
  if (sodium_init() < 0) {
    std::fputs("parley: libsodium failed to initialise\n", stderr);
    std::abort();
  }
}

std::string randomBytes(size_t count) {
  std::string bytes(count, '\0');
  randombytes_buf(bytes.data(), bytes.size());
  return bytes;
}

std::string randomIdValue(std::string_view prefix) {
  // 48 bits of milliseconds first, so that new rows append to the end of their b-trees instead of
  // dirtying a random page each (and ids sort by creation time); then 64 random bits.
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const uint64_t millis =
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
  char time_hex[13];
  std::snprintf(time_hex, sizeof time_hex, "%012llx",
                static_cast<unsigned long long>(millis & 0xFFFFFFFFFFFFull));
  return std::string(prefix) + time_hex + toHex(randomBytes(8));
}

std::string randomToken(size_t bytes) {
  const std::string raw = randomBytes(bytes);
  std::string encoded(
      sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), reinterpret_cast<const uint8_t*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  encoded.resize(std::strlen(encoded.c_str()));
  return encoded;
}

std::string seal(const SecretKey& key, std::string_view plaintext, std::string_view context) {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  std::string sealed(kNonce + plaintext.size() + kTag, '\0');
  auto* out = reinterpret_cast<uint8_t*>(sealed.data());
  randombytes_buf(out, kNonce);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out + kNonce, &written, reinterpret_cast<const uint8_t*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const uint8_t*>(context.data()), context.size(), nullptr, out, key.data());
  sealed.resize(kNonce + written);
  return sealed;
}

Result<std::string> unseal(const SecretKey& key, std::string_view sealed,
                           std::string_view context) {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (sealed.size() < kNonce + kTag) {
    return fail(ErrorCode::Internal, "ciphertext too short");
  }
  std::string plaintext(sealed.size() - kNonce - kTag, '\0');
  const auto* in = reinterpret_cast<const uint8_t*>(sealed.data());
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<uint8_t*>(plaintext.data()), &written, nullptr, in + kNonce,
          sealed.size() - kNonce, reinterpret_cast<const uint8_t*>(context.data()), context.size(),
          in, key.data()) != 0) {
    return fail(ErrorCode::Internal, "ciphertext failed authentication");
  }
  plaintext.resize(written);
  return plaintext;
}

std::optional<SecretKey> unsealKey(const SecretKey& key, std::string_view sealed,
                                   std::string_view context) {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (sealed.size() != kNonce + kKeyBytes + kTag) {
    return std::nullopt;
  }
  uint8_t raw[kKeyBytes];
  const auto* in = reinterpret_cast<const uint8_t*>(sealed.data());
  std::optional<SecretKey> opened;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          raw, nullptr, nullptr, in + kNonce, sealed.size() - kNonce,
          reinterpret_cast<const uint8_t*>(context.data()), context.size(), in, key.data()) == 0) {
    opened.emplace(std::string_view(reinterpret_cast<const char*>(raw), kKeyBytes));
  }
  sodium_memzero(raw, sizeof raw);
  return opened;
}

std::string keyedHash(const SecretKey& key, std::string_view message) {
  std::string digest(crypto_generichash_BYTES, '\0');
  crypto_generichash(reinterpret_cast<uint8_t*>(digest.data()), digest.size(),
                     reinterpret_cast<const uint8_t*>(message.data()), message.size(), key.data(),
                     kKeyBytes);
  return digest;
}

std::string hash(std::string_view message) {
  std::string digest(crypto_generichash_BYTES, '\0');
  crypto_generichash(reinterpret_cast<uint8_t*>(digest.data()), digest.size(),
                     reinterpret_cast<const uint8_t*>(message.data()), message.size(), nullptr, 0);
  return digest;
}

SecretKey deriveKey(const SecretKey& key, uint64_t subkey_id, std::string_view context8) {
  char context[crypto_kdf_CONTEXTBYTES] = {};
  std::memcpy(context, context8.data(), std::min(context8.size(), sizeof context));
  uint8_t derived[kKeyBytes];
  crypto_kdf_derive_from_key(derived, sizeof derived, subkey_id, context, key.data());
  SecretKey result(std::string_view(reinterpret_cast<const char*>(derived), sizeof derived));
  sodium_memzero(derived, sizeof derived);
  return result;
}

std::string toHex(std::string_view bytes) {
  std::string hex(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const uint8_t*>(bytes.data()),
                 bytes.size());
  hex.pop_back();
  return hex;
}

Result<std::string> fromHex(std::string_view hex) {
  std::string bytes(hex.size() / 2, '\0');
  size_t written = 0;
  if (hex.size() % 2 != 0 ||
      sodium_hex2bin(reinterpret_cast<uint8_t*>(bytes.data()), bytes.size(), hex.data(), hex.size(),
                     nullptr, &written, nullptr) != 0 ||
      written != bytes.size()) {
    return fail(ErrorCode::BadRequest, "not a hex string");
  }
  return bytes;
}

Result<std::string> fromBase64(std::string_view base64) {
  std::string bytes(base64.size() / 4 * 3 + 3, '\0');
  size_t written = 0;
  if (sodium_base642bin(reinterpret_cast<uint8_t*>(bytes.data()), bytes.size(), base64.data(),
                        base64.size(), nullptr, &written, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return fail(ErrorCode::BadRequest, "not base64");
  }
  bytes.resize(written);
  return bytes;
}

bool equalsConstantTime(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace parley::privacy
