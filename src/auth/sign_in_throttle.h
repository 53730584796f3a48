#pragma once
// Throttles failed sign-ins per account and per client address (S2) over a sliding window. In
// memory, per node: it slows guessing down; it is not a ledger. Thread-safe; memory is bounded by
// `max_tracked_keys`.

#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.h"

namespace parley::auth {

struct ThrottleLimits {
  int failures_per_account = 5;
  int failures_per_address = 20;
  std::chrono::seconds window{15 * 60};
  size_t max_tracked_keys = 100'000;
};

class SignInThrottle {
 public:
  SignInThrottle(const Clock& clock, ThrottleLimits limits = {});

  // How long the caller must wait before trying again, or nullopt when a try is allowed now.
  std::optional<std::chrono::seconds> retryAfter(const std::string& account,
                                                 const std::string& address);
  // Checks and counts one attempt as a failure in one step, before the (slow) password check, so
  // that a burst of parallel attempts cannot all pass the check first. nullopt: go ahead.
  std::optional<std::chrono::seconds> beginAttempt(const std::string& account,
                                                   const std::string& address);
  void recordFailure(const std::string& account, const std::string& address);
  // The attempt succeeded: the account's failures are cleared, and the address's count forgets it.
  void recordSuccess(const std::string& account, const std::string& address);

 private:
  using Failures = std::deque<TimePoint>;
  std::optional<std::chrono::seconds> blockedFor(Failures& failures, int limit, TimePoint now);
  std::optional<std::chrono::seconds> retryAfterLocked(const std::string& account,
                                                       const std::string& address);
  void recordFailureLocked(const std::string& account, const std::string& address);
  void prune(Failures& failures, TimePoint now) const;
  void evictIfFull(std::unordered_map<std::string, Failures>& map, const std::string& incoming);

  const Clock& clock_;
  ThrottleLimits limits_;
  std::mutex mutex_;
  std::unordered_map<std::string, Failures> by_account_;
  std::unordered_map<std::string, Failures> by_address_;
};

}  // namespace parley::auth
