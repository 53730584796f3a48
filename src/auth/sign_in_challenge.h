#pragma once
// What a correct password earns when a second factor is on (S3): not a session, but a short-lived
// challenge naming the user, signed so that any node can check it, to be sent back with a code.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/ids.h"
#include "privacy/crypto.h"

namespace parley::auth {

inline constexpr std::chrono::minutes kSignInChallengeLifetime{5};

struct SignInChallenge {
  TenantId tenant;
  UserId user;
  TimePoint expires_at;
};

std::string issueSignInChallenge(const privacy::SecretKey& key, const TenantId& tenant,
                                 const UserId& user, TimePoint now);
// The challenge, if `token` is one this key signed and it has not expired.
std::optional<SignInChallenge> checkSignInChallenge(const privacy::SecretKey& key,
                                                    std::string_view token, TimePoint now);

}  // namespace parley::auth
