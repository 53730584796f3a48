#include "api/rate_limiter.h"

#include <gtest/gtest.h>

namespace parley::api {
namespace {

TEST(RateLimiter, ABurstPassesThenTheRateHoldsAndTheWaitIsSaid) {
  ManualClock clock;
  RateLimiter limiter(clock, Rate{.per_second = 2, .burst = 5});
  for (int request = 0; request < 5; ++request) {
    const RateDecision decision = limiter.take("tok_a");
    EXPECT_TRUE(decision.allowed) << request;
    EXPECT_EQ(decision.limit, 5);
    EXPECT_EQ(decision.remaining, 4 - request);
  }
  const RateDecision refused = limiter.take("tok_a");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, std::chrono::seconds(1));
  EXPECT_EQ(refused.reset, std::chrono::seconds(3));  // 5 tokens at 2 a second
  clock.advance(std::chrono::milliseconds(500));
  EXPECT_TRUE(limiter.take("tok_a").allowed) << "half a second regains one request";
  EXPECT_FALSE(limiter.take("tok_a").allowed);
  clock.advance(std::chrono::hours(1));
  EXPECT_EQ(limiter.take("tok_a").remaining, 4) << "never more than the burst";
}

TEST(RateLimiter, KeysHaveBucketsOfTheirOwn) {
  ManualClock clock;
  RateLimiter limiter(clock, Rate{.per_second = 1, .burst = 2});
  EXPECT_TRUE(limiter.take("flood").allowed);
  EXPECT_TRUE(limiter.take("flood").allowed);
  EXPECT_FALSE(limiter.take("flood").allowed);
  EXPECT_TRUE(limiter.take("quiet").allowed) << "another key is not slowed";
}

TEST(RateLimiter, ARateOfZeroLimitsNothing) {
  ManualClock clock;
  RateLimiter limiter(clock, Rate{});
  EXPECT_FALSE(limiter.limits());
  for (int request = 0; request < 1000; ++request) {
    ASSERT_TRUE(limiter.take("any").allowed);
  }
}

TEST(RateLimiter, MemoryIsBoundedAndQuietKeysGoFirst) {
  ManualClock clock;
  RateLimiter limiter(clock, Rate{.per_second = 1, .burst = 3}, /*max_keys=*/16 * 8);
  for (int request = 0; request < 3; ++request) {
    ASSERT_TRUE(limiter.take("busy").allowed);
  }
  // Keys seen once, then quiet for 10 s: their buckets are full again.
  for (int key = 0; key < 100; ++key) {
    limiter.take("quiet-" + std::to_string(key));
  }
  clock.advance(std::chrono::seconds(10));
  ASSERT_TRUE(limiter.take("busy").allowed);
  ASSERT_TRUE(limiter.take("busy").allowed);
  ASSERT_TRUE(limiter.take("busy").allowed);
  // New keys push the quiet ones out, not the busy one, which is still empty.
  for (int key = 0; key < 20; ++key) {
    limiter.take("new-" + std::to_string(key));
  }
  EXPECT_FALSE(limiter.take("busy").allowed);
  // However many keys come, the limiter keeps at most its maximum.
  for (int key = 0; key < 10'000; ++key) {
    limiter.take("flood-" + std::to_string(key));
  }
  EXPECT_LE(limiter.size(), 16u * 8);
}

}  // namespace
}  // namespace parley::api
