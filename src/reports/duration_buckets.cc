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

namespace {

void putVarint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

bool getVarint(std::string_view& in, uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    const auto byte = static_cast<uint8_t>(in.front());
    in.remove_prefix(1);
    value |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string encodeBuckets(const std::vector<BucketCount>& buckets) {
  std::string out;
  for (const BucketCount& counted : buckets) {
    putVarint(out, static_cast<uint64_t>(counted.bucket));
    putVarint(out, static_cast<uint64_t>(counted.count));
    putVarint(out, static_cast<uint64_t>(counted.sum_millis));
  }
  return out;
}

std::vector<BucketCount> decodeBuckets(std::string_view bytes) {
  std::vector<BucketCount> buckets;
  uint64_t bucket = 0, count = 0, sum = 0;
  while (getVarint(bytes, bucket) && getVarint(bytes, count) && getVarint(bytes, sum) &&
         bucket <= kMaxBucket) {
    buckets.push_back({.bucket = static_cast<int>(bucket),
                       .count = static_cast<int64_t>(count),
                       .sum_millis = static_cast<int64_t>(sum)});
  }
  return buckets;
}

std::string withDuration(std::string_view bytes, int64_t millis) {
  millis = std::max<int64_t>(0, millis);
  std::vector<BucketCount> buckets = decodeBuckets(bytes);
  const int bucket = bucketOf(millis);
  auto at = std::lower_bound(buckets.begin(), buckets.end(), bucket,
                             [](const BucketCount& counted, int b) { return counted.bucket < b; });
  if (at == buckets.end() || at->bucket != bucket) {
    at = buckets.insert(at, BucketCount{.bucket = bucket});
  }
  ++at->count;
  at->sum_millis += millis;
  return encodeBuckets(buckets);
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
