#include "channels/webhook_signature.h"

#include <gtest/gtest.h>

namespace parley::channels {
namespace {

using std::chrono::seconds;

constexpr std::string_view kSecret = "whsec_parley_test";
constexpr std::string_view kBody = R"({"type":"message.outbound","eventId":"evt_1"})";
// Computed independently:
//   printf '%s' '1700000000.{"type":"message.outbound","eventId":"evt_1"}' |
//     openssl dgst -sha256 -hmac 'whsec_parley_test'
constexpr std::string_view kKnownSignature =
    "v1=cecd46b01c2dbfb3696ab5efe8c4b25ec951942b89a32186aa08b84d621cb923";

TimePoint at(int64_t unix_seconds) { return TimePoint{seconds(unix_seconds)}; }

TEST(WebhookSignature, MatchesAKnownVector) {
  EXPECT_EQ(WebhookSignature::compute(kSecret, "1700000000", kBody), kKnownSignature);
}

TEST(WebhookSignature, SignsAnEmptyBody) {
  // printf '%s' '1700000000.' | openssl dgst -sha256 -hmac 'whsec_parley_test'
  EXPECT_EQ(WebhookSignature::compute(kSecret, "1700000000", ""),
            "v1=dee2fc6ebbaa0c36751cec61ffea439b919d5635fae610bfb3120efa8711f935");
}

TEST(WebhookSignature, HashesASecretLongerThanTheBlock) {
  // printf '%s' '1.x' | openssl dgst -sha256 -hmac '<the 78-byte key below>'
  EXPECT_EQ(WebhookSignature::compute(
                "a-key-longer-than-the-sixty-four-byte-block-of-sha256-so-it-is-hashed-first!!",
                "1", "x"),
            "v1=9fb70c611d891506d13469a63b2e1d6e0c86ea30b33394ff0510e1deefbb9057");
}

TEST(WebhookSignature, HeadersCarryTheEventTheTimestampAndTheSignature) {
  const HttpHeaders headers = WebhookSignature::headers(kSecret, "evt_1", at(1700000000), kBody);
  ASSERT_EQ(headers.size(), 3u);
  EXPECT_EQ(headers[0], (std::pair<std::string, std::string>("X-Parley-Event-Id", "evt_1")));
  EXPECT_EQ(headers[1], (std::pair<std::string, std::string>("X-Parley-Timestamp", "1700000000")));
  EXPECT_EQ(headers[2], (std::pair<std::string, std::string>("X-Parley-Signature",
                                                             std::string(kKnownSignature))));
}

TEST(WebhookSignature, WithoutASecretNothingIsSigned) {
  const HttpHeaders headers = WebhookSignature::headers("", "evt_1", at(1700000000), kBody);
  ASSERT_EQ(headers.size(), 2u);
  EXPECT_EQ(headers[0].first, "X-Parley-Event-Id");
  EXPECT_EQ(headers[1].first, "X-Parley-Timestamp");
}

TEST(WebhookSignature, VerifyAcceptsAGoodSignatureWithinTheWindow) {
  for (int64_t now : {1700000000, 1700000300, 1699999700}) {
    EXPECT_TRUE(WebhookSignature::verify(kSecret, "1700000000", kKnownSignature, kBody, at(now))
                    .has_value())
        << now;
  }
}

TEST(WebhookSignature, VerifyRefusesTimestampsOutsideTheWindow) {
  for (int64_t now : {1700000301, 1699999699}) {
    auto verified =
        WebhookSignature::verify(kSecret, "1700000000", kKnownSignature, kBody, at(now));
    ASSERT_FALSE(verified.has_value()) << now;
    EXPECT_EQ(verified.error().code, ErrorCode::Unauthenticated);
    EXPECT_NE(verified.error().message.find("replay window"), std::string::npos);
  }
  EXPECT_TRUE(WebhookSignature::verify(kSecret, "1700000000", kKnownSignature, kBody,
                                       at(1700000600), seconds(600))
                  .has_value());
}

TEST(WebhookSignature, VerifyRefusesAnAlteredBodyTimestampOrSecret) {
  const TimePoint now = at(1700000000);
  EXPECT_FALSE(WebhookSignature::verify(kSecret, "1700000000", kKnownSignature,
                                        std::string(kBody) + " ", now)
                   .has_value());
  EXPECT_FALSE(
      WebhookSignature::verify(kSecret, "1700000001", kKnownSignature, kBody, now).has_value());
  EXPECT_FALSE(WebhookSignature::verify("another secret", "1700000000", kKnownSignature, kBody, now)
                   .has_value());
}

TEST(WebhookSignature, VerifyRefusesMalformedTimestampsAndSignatures) {
  const TimePoint now = at(1700000000);
  for (std::string_view timestamp :
       {"", "-1", "17e8", " 1700000000", "1700000000.0", "99999999999999999999999"}) {
    auto verified = WebhookSignature::verify(kSecret, timestamp, kKnownSignature, kBody, now);
    ASSERT_FALSE(verified.has_value()) << timestamp;
    EXPECT_EQ(verified.error().code, ErrorCode::Unauthenticated);
  }
  const std::string hex(kKnownSignature.substr(3));
  for (const std::string& signature :
       {std::string(), hex, "v0=" + hex, "v1=" + hex.substr(1), "V1=" + hex}) {
    EXPECT_FALSE(WebhookSignature::verify(kSecret, "1700000000", signature, kBody, now).has_value())
        << signature;
  }
}

TEST(WebhookSignature, VerifyAcceptsOneMatchAmongSeveral) {
  const std::string rotated = "v1=" + std::string(64, '0') + ", " + std::string(kKnownSignature);
  EXPECT_TRUE(
      WebhookSignature::verify(kSecret, "1700000000", rotated, kBody, at(1700000000)).has_value());
}

}  // namespace
}  // namespace parley::channels
