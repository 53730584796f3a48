#pragma once
// Token buckets per key (S7): an API token, a client address. Each key holds up to `burst`
// requests and regains `per_second` of them every second; a request finding its bucket empty is
// refused with the wait until one is back. In memory, per node; thread-safe; the number of keys
// kept is bounded (full buckets are forgotten first: a key that has been quiet costs nothing).

#include <array>
#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api/http_types.h"
#include "core/clock.h"

namespace parley::api {

struct Rate {
  double per_second = 0;  // 0: unlimited
  double burst = 0;
};

struct RateDecision {
  bool allowed = true;
  int64_t limit = 0;                    // the burst: RateLimit-Limit
  int64_t remaining = 0;                // whole requests left now: RateLimit-Remaining
  std::chrono::seconds reset{0};        // until the bucket is full again: RateLimit-Reset
  std::chrono::seconds retry_after{0};  // refused: until one request is back (Retry-After)
};

class RateLimiter {
 public:
  RateLimiter(const Clock& clock, Rate rate, size_t max_keys = 100'000);

  bool limits() const { return rate_.per_second > 0; }
  // Takes one request from `key`'s bucket, or refuses.
  RateDecision take(std::string_view key);
  // Keys kept now (for tests).
  size_t size();

 private:
  struct Bucket {
    double tokens;
    TimePoint updated;
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Bucket> buckets;
  };
  static constexpr size_t kShards = 16;

  void refill(Bucket& bucket, TimePoint now) const;
  void makeRoom(Shard& shard, TimePoint now);

  const Clock& clock_;
  Rate rate_;
  size_t max_keys_per_shard_;
  std::array<Shard, kShards> shards_;
};

// The limits a node applies (S7): per API token, per client address (every API request, before
// anything else), and a tighter one per address for what anyone on the web may call: starting a
// web chat session and opening its socket.
struct RateLimits {
  RateLimits(const Clock& clock, Rate token, Rate address, Rate widget)
      : per_token(clock, token), per_address(clock, address), widget_per_address(clock, widget) {}
  RateLimiter per_token;
  RateLimiter per_address;
  RateLimiter widget_per_address;
};

// 429 rate_limited with Retry-After and the RateLimit-* headers.
void addRateLimitHeaders(Response& response, const RateDecision& decision);
Response rateLimited(const RateDecision& decision, std::string_view what);

}  // namespace parley::api
