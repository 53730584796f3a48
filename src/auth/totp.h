#pragma once
// Time-based one-time passwords (RFC 6238 over RFC 4226): HMAC-SHA1, 6 digits, 30-second steps,
// what every authenticator app (Google Authenticator, Aegis, 1Password…) reads from an
// otpauth:// URI. And the single-use recovery codes that stand in when the phone is lost.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace parley::auth {

inline constexpr int kTotpDigits = 6;
inline constexpr int64_t kTotpStepSeconds = 30;
inline constexpr size_t kRecoveryCodeCount = 10;

// 20 random bytes (160 bits, RFC 4226 §4's recommendation).
std::string newTotpSecret();

// RFC 4648 base32 without padding, upper case: how authenticator apps take the secret.
std::string base32Encode(std::string_view bytes);
// Case-insensitive, spaces and padding ignored; nullopt for anything else.
std::optional<std::string> base32Decode(std::string_view text);

// RFC 4226's HOTP value of `counter`, as `digits` decimal digits (leading zeros kept).
std::string hotp(std::string_view secret, uint64_t counter, int digits = kTotpDigits);
// The 30-second step `at` falls in (Unix time / 30).
int64_t totpStep(TimePoint at);

// The step `code` is valid for, among the step of `now` and one either side (clock drift), and
// only if it comes after `last_used_step`: a code is never accepted twice, nor an older one after
// a newer. nullopt otherwise (wrong, stale or malformed).
std::optional<int64_t> matchTotp(std::string_view secret, std::string_view code, TimePoint now,
                                 int64_t last_used_step);

// otpauth://totp/Issuer:account?secret=…&issuer=Issuer&algorithm=SHA1&digits=6&period=30
std::string otpauthUri(std::string_view issuer, std::string_view account, std::string_view secret);

// kRecoveryCodeCount codes like "k7pq-2mxd-9trw" (60 bits each, no look-alike characters).
std::vector<std::string> newRecoveryCodes();
// What a typed recovery code is compared as: lower case, without spaces or hyphens.
std::string normalizeRecoveryCode(std::string_view typed);

}  // namespace parley::auth
