#include "reports/duration_buckets.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace parley::reports {
namespace {

TEST(DurationBucketsTest, BucketsTileTheLineWithoutGapsAndAreAtMostTenPercentWide) {
  EXPECT_EQ(bucketOf(-5), 0);
  EXPECT_EQ(bucketOf(999), 0);
  EXPECT_EQ(bucketOf(1000), 1);
  for (int bucket = 1; bucket < kMaxBucket; ++bucket) {
    ASSERT_EQ(bucketUpperMillis(bucket), bucketLowerMillis(bucket + 1));
    ASSERT_LT(bucketLowerMillis(bucket), bucketUpperMillis(bucket)) << bucket;
    ASSERT_EQ(bucketOf(bucketLowerMillis(bucket)), bucket);
    ASSERT_EQ(bucketOf(bucketUpperMillis(bucket) - 1), bucket);
    if (bucketLowerMillis(bucket) >= 20'000) {  // below, whole milliseconds round the ratio
      ASSERT_LE(static_cast<double>(bucketUpperMillis(bucket)) / bucketLowerMillis(bucket), 1.1001);
    }
  }
  EXPECT_EQ(bucketOf(int64_t{1} << 60), kMaxBucket);
}

TEST(DurationBucketsTest, QuantilesFallInTheBucketOfTheExactNearestRankValue) {
  std::mt19937_64 random(7);
  for (int round = 0; round < 200; ++round) {
    std::vector<int64_t> values(1 + random() % 300);
    std::lognormal_distribution<double> spread(10.0, 2.0);  // ~20 s, from ms to days
    for (int64_t& value : values) {
      value = static_cast<int64_t>(spread(random));
    }
    std::vector<BucketCount> buckets;
    for (int64_t value : values) {  // one row per value: the builder adds rows up
      buckets.push_back({.bucket = bucketOf(value), .count = 1, .sum_millis = value});
    }
    std::sort(values.begin(), values.end());
    for (double q : {0.5, 0.9, 1.0}) {
      const auto rank = static_cast<size_t>(std::ceil(q * values.size()));
      const int64_t exact = values[rank - 1];
      auto estimate = quantileMillis(buckets, q);
      ASSERT_TRUE(estimate.has_value());
      EXPECT_EQ(bucketOf(*estimate), bucketOf(exact)) << "q " << q << " exact " << exact;
      if (exact >= 20'000) {
        EXPECT_LE(std::abs(*estimate - exact), exact / 10 + 1);
      }
    }
  }
}

TEST(DurationBucketsTest, OneValueInABucketIsReportedExactly) {
  EXPECT_EQ(quantileMillis({{.bucket = bucketOf(61'234), .count = 1, .sum_millis = 61'234}}, 0.5),
            61'234);
  EXPECT_EQ(quantileMillis({}, 0.5), std::nullopt);
}

TEST(DurationBucketsTest, StoredBucketsKeepTheirCountsAndSumsInOrder) {
  std::string stored;
  for (int64_t millis :
       std::vector<int64_t>{61'234, 500, 61'000, 3'600'000, -4, int64_t{1} << 40}) {
    stored = withDuration(stored, millis);
  }
  const std::vector<BucketCount> buckets = decodeBuckets(stored);
  ASSERT_EQ(buckets.size(), 4u);
  EXPECT_EQ(buckets[0].bucket, 0);
  EXPECT_EQ(buckets[0].count, 2);
  EXPECT_EQ(buckets[0].sum_millis, 500);
  EXPECT_EQ(buckets[1].bucket, bucketOf(61'000));
  EXPECT_EQ(buckets[1].count, 2);
  EXPECT_EQ(buckets[1].sum_millis, 122'234);
  EXPECT_EQ(buckets[3].sum_millis, int64_t{1} << 40);
  EXPECT_EQ(encodeBuckets(buckets), stored);
  // Damaged bytes lose what follows the damage, never more, and never crash.
  EXPECT_EQ(decodeBuckets(stored.substr(0, stored.size() - 1)).size(), 3u);
  EXPECT_TRUE(decodeBuckets("\xff\xff\xff").empty());
}

}  // namespace
}  // namespace parley::reports
