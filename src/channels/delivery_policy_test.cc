#include "channels/delivery_policy.h"

#include <gtest/gtest.h>

namespace parley::channels {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

Result<HttpResponse> answered(int status) { return HttpResponse{.status = status}; }

TEST(DeliveryPolicy, RetryDelaysDoubleFromOneSecond) {
  const DeliveryPolicy policy;
  EXPECT_EQ(policy.retryDelay(1), seconds(1));
  EXPECT_EQ(policy.retryDelay(2), seconds(2));
  EXPECT_EQ(policy.retryDelay(3), seconds(4));
  EXPECT_EQ(policy.retryDelay(4), seconds(8));
  EXPECT_EQ(policy.retryDelay(10), seconds(512));
}

TEST(DeliveryPolicy, RetryDelaysStopAtTenMinutes) {
  const DeliveryPolicy policy;
  EXPECT_EQ(policy.retryDelay(11), minutes(10));  // 1024 s, capped
  EXPECT_EQ(policy.retryDelay(100), minutes(10));
  EXPECT_EQ(policy.retryDelay(1'000'000), minutes(10));
}

TEST(DeliveryPolicy, GivesUpAfterADay) {
  const DeliveryPolicy policy;
  const TimePoint recorded = TimePoint{hours(24 * 365 * 56)};
  EXPECT_FALSE(policy.givesUp(recorded, recorded));
  EXPECT_FALSE(policy.givesUp(recorded, recorded + hours(24) - milliseconds(1)));
  EXPECT_TRUE(policy.givesUp(recorded, recorded + hours(24)));
}

TEST(DeliveryPolicy, A2xxIsDelivered) {
  for (int status : {200, 201, 202, 204, 299}) {
    EXPECT_EQ(DeliveryPolicy::judge(answered(status)).verdict, Verdict::Delivered) << status;
  }
}

TEST(DeliveryPolicy, A4xxOtherThan408And429FailsForGood) {
  for (int status : {400, 401, 403, 404, 410, 413, 422, 499}) {
    const DeliveryOutcome outcome = DeliveryPolicy::judge(answered(status));
    EXPECT_EQ(outcome.verdict, Verdict::Failed) << status;
    EXPECT_EQ(outcome.reason, "webhook answered " + std::to_string(status));
  }
}

TEST(DeliveryPolicy, TimeoutsThrottlingServerErrorsAndSurprisesAreRetried) {
  for (int status : {408, 429, 500, 502, 503, 504, 100, 301, 302, 600}) {
    const DeliveryOutcome outcome = DeliveryPolicy::judge(answered(status));
    EXPECT_EQ(outcome.verdict, Verdict::Retry) << status;
    EXPECT_EQ(outcome.reason, "webhook answered " + std::to_string(status));
  }
}

TEST(DeliveryPolicy, NoAnswerIsRetriedButAnUnusableUrlIsNot) {
  for (ErrorCode code : {ErrorCode::RequestTimeout, ErrorCode::NotReady, ErrorCode::PayloadTooLarge,
                         ErrorCode::Internal}) {
    const DeliveryOutcome outcome =
        DeliveryPolicy::judge(fail(code, "cannot connect to 127.0.0.1:1: Connection refused"));
    EXPECT_EQ(outcome.verdict, Verdict::Retry);
    EXPECT_EQ(outcome.reason, "cannot connect to 127.0.0.1:1: Connection refused");
  }
  EXPECT_EQ(DeliveryPolicy::judge(fail(ErrorCode::BadRequest, "unsupported URL scheme")).verdict,
            Verdict::Failed);
}

TEST(DeliveryPolicy, JitterSpreadsTheDelayOverItsSecondHalf) {
  DeliveryPolicy policy;
  EXPECT_EQ(policy.jitteredRetryDelay(3, 0.0), seconds(2));
  EXPECT_EQ(policy.jitteredRetryDelay(3, 0.5), seconds(3));
  EXPECT_EQ(policy.jitteredRetryDelay(3, 1.0), seconds(4));
  EXPECT_EQ(policy.jitteredRetryDelay(11, 0.25), milliseconds(375'000));  // of the 10 min cap
}

}  // namespace
}  // namespace parley::channels
