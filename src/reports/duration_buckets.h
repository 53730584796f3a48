#pragma once
// Durations kept as counts per bucket (W6): buckets 10 % wide, so that a report's median and 90th
// percentile come from hourly aggregates within 10 % of the exact value, and no duration (which
// could single a customer out) is kept itself.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::reports {

// Bucket 0 holds durations under one second; bucket i ≥ 1 holds [1 s × 1.1^(i−1), 1 s × 1.1^i).
// Negative durations (clocks stepped back) count as 0.
inline constexpr int kMaxBucket = 200;  // 1.1^200 s is about six years: everything longer goes here
int bucketOf(int64_t millis);
int64_t bucketLowerMillis(int bucket);
int64_t bucketUpperMillis(int bucket);  // exclusive

// One bucket's count and the sum of its durations.
struct BucketCount {
  int bucket = 0;
  int64_t count = 0;
  int64_t sum_millis = 0;
};

// How a store keeps one period's buckets: (bucket, count, sum) as unsigned LEB128 varints, by
// bucket. Decoding stops at the first malformed byte (what came before is kept).
std::string encodeBuckets(const std::vector<BucketCount>& buckets);
std::vector<BucketCount> decodeBuckets(std::string_view bytes);
// `bytes` with one more duration counted.
std::string withDuration(std::string_view bytes, int64_t millis);

// The `quantile` (0 < q ≤ 1, nearest rank) of the durations counted in `buckets` (any order, a
// bucket may repeat): the mean of the bucket that holds that rank, so exact when the bucket holds
// one value, and never outside the bucket of the exact value. None when nothing was counted.
std::optional<int64_t> quantileMillis(std::vector<BucketCount> buckets, double quantile);

}  // namespace parley::reports
