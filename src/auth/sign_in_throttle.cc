#include "auth/sign_in_throttle.h"

#include <algorithm>

namespace parley::auth {

SignInThrottle::SignInThrottle(const Clock& clock, ThrottleLimits limits)
    : clock_(clock), limits_(limits) {}

void SignInThrottle::prune(Failures& failures, TimePoint now) const {
  while (!failures.empty() && now - failures.front() >= limits_.window) {
    failures.pop_front();
  }
}

std::optional<std::chrono::seconds> SignInThrottle::blockedFor(Failures& failures, int limit,
                                                               TimePoint now) {
  prune(failures, now);
  if (static_cast<int>(failures.size()) < limit) {
    return std::nullopt;
  }
  // Blocked until the oldest failure that still counts leaves the window.
  const auto until = failures[failures.size() - static_cast<size_t>(limit)] + limits_.window;
  return std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(until - now));
}

std::optional<std::chrono::seconds> SignInThrottle::retryAfter(const std::string& account,
                                                               const std::string& address) {
  std::lock_guard lock(mutex_);
  return retryAfterLocked(account, address);
}

std::optional<std::chrono::seconds> SignInThrottle::beginAttempt(const std::string& account,
                                                                 const std::string& address) {
  std::lock_guard lock(mutex_);
  if (auto wait = retryAfterLocked(account, address)) {
    return wait;
  }
  recordFailureLocked(account, address);
  return std::nullopt;
}

std::optional<std::chrono::seconds> SignInThrottle::retryAfterLocked(const std::string& account,
                                                                     const std::string& address) {
  const TimePoint now = clock_.now();
  std::optional<std::chrono::seconds> wait;
  if (auto found = by_account_.find(account); found != by_account_.end()) {
    wait = blockedFor(found->second, limits_.failures_per_account, now);
  }
  if (auto found = by_address_.find(address); found != by_address_.end()) {
    if (auto by_address = blockedFor(found->second, limits_.failures_per_address, now)) {
      wait = std::max(wait.value_or(std::chrono::seconds(0)), *by_address);
    }
  }
  return wait;
}

void SignInThrottle::evictIfFull(std::unordered_map<std::string, Failures>& map,
                                 const std::string& incoming) {
  if (map.size() < limits_.max_tracked_keys || map.contains(incoming)) {
    return;
  }
  const TimePoint now = clock_.now();
  for (auto entry = map.begin(); entry != map.end();) {
    prune(entry->second, now);
    entry = entry->second.empty() ? map.erase(entry) : std::next(entry);
  }
  if (map.size() < limits_.max_tracked_keys) {
    return;
  }
  // Still full of live entries: forget the one whose last failure is oldest.
  auto stalest = std::min_element(map.begin(), map.end(), [](const auto& a, const auto& b) {
    return a.second.back() < b.second.back();
  });
  map.erase(stalest);
}

void SignInThrottle::recordFailure(const std::string& account, const std::string& address) {
  std::lock_guard lock(mutex_);
  recordFailureLocked(account, address);
}

void SignInThrottle::recordFailureLocked(const std::string& account, const std::string& address) {
  const TimePoint now = clock_.now();
  evictIfFull(by_account_, account);
  evictIfFull(by_address_, address);
  by_account_[account].push_back(now);
  by_address_[address].push_back(now);
}

void SignInThrottle::recordSuccess(const std::string& account, const std::string& address) {
  std::lock_guard lock(mutex_);
  by_account_.erase(account);
  if (auto found = by_address_.find(address);
      found != by_address_.end() && !found->second.empty()) {
    found->second.pop_back();
  }
}

}  // namespace parley::auth
