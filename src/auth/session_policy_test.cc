#include "auth/session_policy.h"

#include <gtest/gtest.h>

namespace parley::auth {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

Session sessionStartedAt(TimePoint start, const SessionPolicy& policy) {
  Session session;
  session.created_at = start;
  session.last_seen_at = start;
  session.expires_at = start + policy.absolute;
  return session;
}

TEST(SessionPolicy, IdleSessionExpires) {
  ManualClock clock;
  const SessionPolicy policy;
  const Session session = sessionStartedAt(clock.now(), policy);
  clock.advance(minutes(29));
  EXPECT_TRUE(isSessionLive(session, policy, clock.now()));
  clock.advance(minutes(1));
  EXPECT_FALSE(isSessionLive(session, policy, clock.now()));
}

TEST(SessionPolicy, ActiveSessionStillEndsAtTheAbsoluteLimit) {
  ManualClock clock;
  const SessionPolicy policy;
  Session session = sessionStartedAt(clock.now(), policy);
  for (int step = 0; step < 12 * 4 - 1; ++step) {
    clock.advance(minutes(15));
    session.last_seen_at = clock.now();
    EXPECT_TRUE(isSessionLive(session, policy, clock.now()));
  }
  clock.advance(minutes(15));
  session.last_seen_at = clock.now();
  EXPECT_FALSE(isSessionLive(session, policy, clock.now()));
}

TEST(SessionPolicy, TouchIsWrittenBackOnlyAfterTheInterval) {
  ManualClock clock;
  const SessionPolicy policy;
  const Session session = sessionStartedAt(clock.now(), policy);
  clock.advance(std::chrono::seconds(59));
  EXPECT_FALSE(needsTouch(session, policy, clock.now()));
  clock.advance(std::chrono::seconds(1));
  EXPECT_TRUE(needsTouch(session, policy, clock.now()));
}

}  // namespace
}  // namespace parley::auth
