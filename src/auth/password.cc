#include "auth/password.h"

#include <sodium.h>

namespace parley::auth {
namespace {

constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

}  // namespace

Result<std::string> hashPassword(std::string_view password) {
  if (password.size() < kMinPasswordLength || password.size() > kMaxPasswordLength) {
    return fail(ErrorCode::ValidationFailed, "password must be 10 to 256 characters");
  }
  char hashed[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hashed, password.data(), password.size(), kOpsLimit, kMemLimit) != 0) {
    return fail(ErrorCode::Internal, "out of memory while hashing a password");
  }
  return std::string(hashed);
}

bool verifyPassword(std::string_view stored_hash, std::string_view password) {
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES ||
      password.size() > kMaxPasswordLength) {
    return false;
  }
  const std::string terminated(stored_hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

void burnVerificationTime(std::string_view password) {
  static const std::string dummy = [] {
    auto hashed = hashPassword("not-a-real-password");
    return hashed ? *hashed : std::string();
  }();
  (void)verifyPassword(dummy, password.substr(0, kMaxPasswordLength));
}

}  // namespace parley::auth
