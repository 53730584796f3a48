#pragma once
// Passwords are hashed with Argon2id (libsodium's crypto_pwhash_str). Hashing takes tens of
// milliseconds and 64 MiB on purpose: callers run it off the network threads.

#include <string>
#include <string_view>

#include "core/error.h"

namespace parley::auth {

constexpr size_t kMinPasswordLength = 10;
constexpr size_t kMaxPasswordLength = 256;

// ValidationFailed for a password outside 10–256 bytes; Internal if memory for hashing is short.
[[nodiscard]] Result<std::string> hashPassword(std::string_view password);

// True when `password` matches `stored_hash`. An empty or malformed hash never matches.
bool verifyPassword(std::string_view stored_hash, std::string_view password);

// Spends the same time as a real verification, so that unknown emails cannot be told from wrong
// passwords.
void burnVerificationTime(std::string_view password);

}  // namespace parley::auth
