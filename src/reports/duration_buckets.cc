#include "reports/duration_buckets.h"

#include <algorithm>
#include <cmath>

namespace parley::reports {
namespace {

constexpr double kGrowth = 1.1;

}  // namespace

int64_t bucketLowerMillis(int bucket) {
  if (bucket <= 0) {
    return 0;
  }
  return static_cast<int64_t>(std::ceil(1000.0 * std::pow(kGrowth, bucket - 1)));
}

int64_t bucketUpperMillis(int bucket) { return bucketLowerMillis(bucket + 1); }

int bucketOf(int64_t millis) {
  if (millis < 1000) {
    return 0;
  }
  // The logarithm gives the bucket up to rounding; the bounds (the only definition) settle it.
  int bucket =
      1 + static_cast<int>(std::log(static_cast<double>(millis) / 1000.0) / std::log(kGrowth));
  bucket = std::clamp(bucket, 1, kMaxBucket);
  while (bucket > 1 && millis < bucketLowerMillis(bucket)) {
    --bucket;
  }
  while (bucket < kMaxBucket && millis >= bucketUpperMillis(bucket)) {
    ++bucket;
  }
  return bucket;
}

std::optional<int64_t> quantileMillis(std::vector<BucketCount> buckets, double quantile) {
  std::sort(buckets.begin(), buckets.end(),
            [](const BucketCount& a, const BucketCount& b) { return a.bucket < b.bucket; });
  int64_t total = 0;
  for (const BucketCount& counted : buckets) {
    total += counted.count;
  }
  if (total <= 0) {
    return std::nullopt;
  }
  const auto rank = std::max<int64_t>(
      1, static_cast<int64_t>(std::ceil(quantile * static_cast<double>(total) - 1e-9)));
  int64_t seen = 0;
  for (size_t i = 0; i < buckets.size();) {
    // One bucket may come in several rows (one per hour, channel…): add them up first.
    int64_t count = 0;
    int64_t sum = 0;
    const int bucket = buckets[i].bucket;
    for (; i < buckets.size() && buckets[i].bucket == bucket; ++i) {
      count += buckets[i].count;
      sum += buckets[i].sum_millis;
    }
    seen += count;
    if (seen >= rank && count > 0) {
      return sum / count;
    }
  }
  return std::nullopt;
}

}  // namespace parley::reports
