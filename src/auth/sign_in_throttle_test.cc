#include "auth/sign_in_throttle.h"

#include <gtest/gtest.h>

namespace parley::auth {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

TEST(SignInThrottle, FifthFailureForOneAccountBlocksIt) {
  ManualClock clock;
  SignInThrottle throttle(clock);
  for (int attempt = 0; attempt < 4; ++attempt) {
    throttle.recordFailure("ada", "10.0.0.1");
    EXPECT_EQ(throttle.retryAfter("ada", "10.0.0.1"), std::nullopt);
  }
  throttle.recordFailure("ada", "10.0.0.1");
  auto wait = throttle.retryAfter("ada", "10.0.0.1");
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(*wait, seconds(15 * 60));
  EXPECT_EQ(throttle.retryAfter("grace", "10.0.0.2"), std::nullopt);
}

TEST(SignInThrottle, BlockLiftsWhenFailuresLeaveTheWindow) {
  ManualClock clock;
  SignInThrottle throttle(clock);
  for (int attempt = 0; attempt < 5; ++attempt) {
    throttle.recordFailure("ada", "a");
    clock.advance(minutes(1));
  }
  // The oldest failure, five minutes ago, leaves the window in ten.
  EXPECT_EQ(throttle.retryAfter("ada", "a"), seconds(10 * 60));
  clock.advance(minutes(10));
  EXPECT_EQ(throttle.retryAfter("ada", "a"), std::nullopt);
}

TEST(SignInThrottle, OneAddressTryingManyAccountsIsBlocked) {
  ManualClock clock;
  SignInThrottle throttle(clock);
  for (int attempt = 0; attempt < 20; ++attempt) {
    throttle.recordFailure("user" + std::to_string(attempt), "10.0.0.9");
  }
  EXPECT_TRUE(throttle.retryAfter("someone-new", "10.0.0.9").has_value());
  EXPECT_FALSE(throttle.retryAfter("someone-new", "10.0.0.8").has_value());
}

TEST(SignInThrottle, SuccessClearsTheAccount) {
  ManualClock clock;
  SignInThrottle throttle(clock);
  for (int attempt = 0; attempt < 4; ++attempt) {
    throttle.recordFailure("ada", "a");
  }
  throttle.recordSuccess("ada", "a");
  throttle.recordFailure("ada", "a");
  EXPECT_EQ(throttle.retryAfter("ada", "a"), std::nullopt);
}

TEST(SignInThrottle, ParallelAttemptsAreCountedBeforeTheyAreChecked) {
  ManualClock clock;
  SignInThrottle throttle(clock);
  int allowed = 0;
  for (int attempt = 0; attempt < 50; ++attempt) {
    allowed += throttle.beginAttempt("ada", "10.0.0.1") ? 0 : 1;  // none has finished yet
  }
  EXPECT_EQ(allowed, 5);
}

TEST(SignInThrottle, SuccessfulSignInsFromOneAddressDoNotBlockIt) {
  ManualClock clock;
  SignInThrottle throttle(clock);
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string account = "user" + std::to_string(attempt);
    ASSERT_FALSE(throttle.beginAttempt(account, "office").has_value()) << attempt;
    throttle.recordSuccess(account, "office");
  }
}

TEST(SignInThrottle, MemoryStaysBounded) {
  ManualClock clock;
  SignInThrottle throttle(clock, ThrottleLimits{5, 20, minutes(15), 10});
  for (int attempt = 0; attempt < 1000; ++attempt) {
    throttle.recordFailure("user" + std::to_string(attempt), "addr" + std::to_string(attempt));
    clock.advance(seconds(1));
  }
  // The newest account is still tracked.
  for (int attempt = 0; attempt < 4; ++attempt) {
    throttle.recordFailure("user999", "x");
  }
  EXPECT_TRUE(throttle.retryAfter("user999", "y").has_value());
}

}  // namespace
}  // namespace parley::auth
