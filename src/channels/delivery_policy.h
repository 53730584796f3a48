#pragma once
// When the outbox tries again, and what a peer's answer means (C9). Pure functions: the outbox
// applies them, tests pin them down.

#include <chrono>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "core/http_client.h"

namespace parley::channels {

enum class Verdict {
  Delivered,  // 2xx
  Retry,      // worth another attempt: no answer, 408, 429, 5xx, anything unexpected
  Failed,     // the peer refused for good (other 4xx), or the request cannot be made
};

struct DeliveryOutcome {
  Verdict verdict = Verdict::Retry;
  // Why, for Retry and Failed, with no personal data: "webhook answered 503", "connection refused".
  // A Failed reason is what the agent sees on the message.
  std::string reason;
  // Retry: the peer asked to wait at least this long (Telegram's 429 retry_after).
  std::optional<std::chrono::milliseconds> retry_after;
  // Failed: the contact cannot be reached on this channel (Telegram: they blocked the bot) until
  // they write again; replies until then fail at once, with `reason`, without calling the provider.
  bool unreachable = false;
};

struct DeliveryPolicy {
  std::chrono::milliseconds first_delay{1000};
  std::chrono::milliseconds max_delay{std::chrono::minutes(10)};
  std::chrono::milliseconds give_up_after{std::chrono::hours(24)};

  // The wait after `failed_attempts` (≥ 1) failed attempts: first_delay, doubling each time, capped
  // at max_delay.
  std::chrono::milliseconds retryDelay(int failed_attempts) const;
  // retryDelay() spread over [delay/2, delay] by `unit` in [0, 1), so that messages that failed
  // together (a peer's outage) do not all come back at the same instant.
  std::chrono::milliseconds jitteredRetryDelay(int failed_attempts, double unit) const;
  // True once a message recorded at `recorded_at` has been tried long enough: no more attempts.
  bool givesUp(TimePoint recorded_at, TimePoint now) const;

  static DeliveryOutcome judge(const Result<HttpResponse>& response);
};

}  // namespace parley::channels
