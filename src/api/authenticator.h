#pragma once
// Turns a request's credentials into a Principal (S2, S4, S5): the session cookie (live by the
// session policy, not revoked) or a Bearer API token (not revoked). Cookie-authenticated writes
// must carry the session's CSRF token and, when the browser names one, an Origin that matches the
// Host.
//
// Thread-safe; reads storage synchronously (indexed look-ups).

#include <mutex>
#include <unordered_map>

#include "api/http_types.h"
#include "api/principal.h"
#include "auth/session_policy.h"
#include "storage/stores.h"

namespace parley::api {

inline constexpr std::string_view kSessionCookie = "parley_session";
inline constexpr std::string_view kCsrfCookie = "parley_csrf";

class Authenticator {
 public:
  Authenticator(storage::Stores stores, const Clock& clock, auth::SessionPolicy policy);

  // Unauthenticated when there are no valid credentials; CsrfFailed for a cookie-authenticated
  // unsafe request without the right X-CSRF-Token or from a foreign Origin.
  // `record_use` off: only check (a live socket re-checking its credentials is not the user's
  // activity).
  [[nodiscard]] Result<Principal> authenticate(const Request& request, bool record_use = true);

  const auth::SessionPolicy& policy() const { return policy_; }

 private:
  Result<Principal> fromToken(std::string_view secret, bool record_use);
  Result<Principal> fromSession(std::string_view secret, bool record_use);
  // Writes a token's last-used time at most once a minute, so using a token is not a database
  // write.
  void noteTokenUse(const ApiToken& token, TimePoint now);

  storage::Stores stores_;
  const Clock& clock_;
  auth::SessionPolicy policy_;
  std::mutex token_use_mutex_;
  std::unordered_map<std::string, TimePoint> token_last_written_;
};

// The Origin check alone: true when there is no Origin header or it names the request's own host.
bool isSameOrigin(const Request& request);

}  // namespace parley::api
