#pragma once
// When a session stops being valid (S2): idle expiry, absolute expiry, revocation.

#include <chrono>

#include "core/clock.h"
#include "core/model.h"

namespace parley::auth {

struct SessionPolicy {
  std::chrono::minutes idle{30};
  std::chrono::hours absolute{12};
  // last_seen_at is written back at most this often, so reading a page is not a database write.
  std::chrono::seconds touch_interval{60};
};

inline bool isSessionLive(const Session& session, const SessionPolicy& policy, TimePoint now) {
  return now < session.expires_at && now - session.last_seen_at < policy.idle;
}

inline bool needsTouch(const Session& session, const SessionPolicy& policy, TimePoint now) {
  return now - session.last_seen_at >= policy.touch_interval;
}

}  // namespace parley::auth
