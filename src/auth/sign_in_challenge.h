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

// `factor_state` is signed but not carried: what the second factor looks like now (its last step
// used, its recovery codes left). Once a code or recovery code is spent, the state changes and the
// challenge stops working: it completes one sign-in at most.
std::string issueSignInChallenge(const privacy::SecretKey& key, const TenantId& tenant,
                                 const UserId& user, TimePoint now, std::string_view factor_state);
// The user a challenge names, before it is checked (to look up their factor's state).
std::optional<SignInChallenge> readSignInChallenge(std::string_view token);
// The challenge, if this key signed `token` over this factor state and it has not expired.
std::optional<SignInChallenge> checkSignInChallenge(const privacy::SecretKey& key,
                                                    std::string_view token, TimePoint now,
                                                    std::string_view factor_state);

}  // namespace parley::auth
