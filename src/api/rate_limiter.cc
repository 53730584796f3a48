#include "api/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "api/http_types.h"

namespace parley::api {

RateLimiter::RateLimiter(const Clock& clock, Rate rate, size_t max_keys)
    : clock_(clock), rate_(rate), max_keys_per_shard_(std::max<size_t>(1, max_keys / kShards)) {}

void RateLimiter::refill(Bucket& bucket, TimePoint now) const {
  const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  if (elapsed > 0) {
    bucket.tokens = std::min(rate_.burst, bucket.tokens + elapsed * rate_.per_second);
    bucket.updated = now;
  }
}

void RateLimiter::makeRoom(Shard& shard, TimePoint now) {
  // Full buckets first: forgetting them changes nothing.
  for (auto entry = shard.buckets.begin(); entry != shard.buckets.end();) {
    refill(entry->second, now);
    entry = entry->second.tokens >= rate_.burst ? shard.buckets.erase(entry) : std::next(entry);
  }
  if (shard.buckets.size() >= max_keys_per_shard_) {
    // Still full of busy keys (a flood of distinct addresses): forget one, which then starts
    // with a full bucket. Bounded memory matters more than that one key's precision.
    shard.buckets.erase(shard.buckets.begin());
  }
}

RateDecision RateLimiter::take(std::string_view key) {
  RateDecision decision{.limit = static_cast<int64_t>(rate_.burst)};
  if (!limits()) {
    return decision;
  }
  const TimePoint now = clock_.now();
  Shard& shard = shards_[std::hash<std::string_view>{}(key) % kShards];
  std::lock_guard lock(shard.mutex);
  auto found = shard.buckets.find(std::string(key));
  if (found == shard.buckets.end()) {
    if (shard.buckets.size() >= max_keys_per_shard_) {
      makeRoom(shard, now);
    }
    found = shard.buckets.emplace(std::string(key), Bucket{rate_.burst, now}).first;
  }
  Bucket& bucket = found->second;
  refill(bucket, now);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
  } else {
    decision.allowed = false;
    decision.retry_after = std::chrono::seconds(
        static_cast<int64_t>(std::ceil((1 - bucket.tokens) / rate_.per_second)));
  }
  decision.remaining = static_cast<int64_t>(std::floor(bucket.tokens));
  decision.reset = std::chrono::seconds(
      static_cast<int64_t>(std::ceil((rate_.burst - bucket.tokens) / rate_.per_second)));
  return decision;
}

void addRateLimitHeaders(Response& response, const RateDecision& decision) {
  response.headers.emplace_back("RateLimit-Limit", std::to_string(decision.limit));
  response.headers.emplace_back("RateLimit-Remaining", std::to_string(decision.remaining));
  response.headers.emplace_back("RateLimit-Reset", std::to_string(decision.reset.count()));
}

Response rateLimited(const RateDecision& decision, std::string_view what) {
  Response response = Response::error(
      {ErrorCode::RateLimited, "too many requests from this " + std::string(what) +
                                   "; slow down and retry after the time in Retry-After"});
  response.headers.emplace_back("Retry-After",
                                std::to_string(std::max<int64_t>(1, decision.retry_after.count())));
  addRateLimitHeaders(response, decision);
  return response;
}

size_t RateLimiter::size() {
  size_t total = 0;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.buckets.size();
  }
  return total;
}

}  // namespace parley::api
