#include "channels/viber/viber_signature.h"

#include <sodium.h>

#include <array>

#include "privacy/crypto.h"

namespace parley::channels::viber {
namespace {

bool isHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char lowercase(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::string signatureOf(std::string_view auth_token, std::string_view body) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(auth_token.data()),
                              auth_token.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac;
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  return privacy::toHex(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

bool isValidSignature(std::string_view auth_token, std::string_view body,
                      std::string_view signature) {
  if (auth_token.empty() || signature.size() != kSignatureHexLength) {
    return false;
  }
  std::string given(signature);
  for (char& c : given) {
    if (!isHexDigit(c)) {
      return false;
    }
    c = lowercase(c);
  }
  return privacy::equalsConstantTime(signatureOf(auth_token, body), given);
}

}  // namespace parley::channels::viber
