#include "channels/delivery_policy.h"

#include <algorithm>

namespace parley::channels {

std::chrono::milliseconds DeliveryPolicy::retryDelay(int failed_attempts) const {
  std::chrono::milliseconds delay = first_delay;
  for (int attempt = 1; attempt < failed_attempts && delay < max_delay; ++attempt) {
    delay *= 2;
  }
  return std::min(delay, max_delay);
}

std::chrono::milliseconds DeliveryPolicy::jitteredRetryDelay(int failed_attempts,
                                                             double unit) const {
  const auto delay = retryDelay(failed_attempts);
  const double spread = std::clamp(unit, 0.0, 1.0) * static_cast<double>(delay.count()) / 2;
  return delay / 2 + std::chrono::milliseconds(static_cast<int64_t>(spread));
}

bool DeliveryPolicy::givesUp(TimePoint recorded_at, TimePoint now) const {
  return now - recorded_at >= give_up_after;
}

DeliveryOutcome DeliveryPolicy::judge(const Result<HttpResponse>& response) {
  if (!response) {
    // A URL the client cannot use will not get better by waiting.
    return DeliveryOutcome{
        response.error().code == ErrorCode::BadRequest ? Verdict::Failed : Verdict::Retry,
        response.error().message};
  }
  const int status = response->status;
  std::string reason = "webhook answered " + std::to_string(status);
  if (status >= 200 && status < 300) {
    return DeliveryOutcome{Verdict::Delivered, {}};
  }
  if (status >= 400 && status < 500 && status != 408 && status != 429) {
    return DeliveryOutcome{Verdict::Failed, std::move(reason)};
  }
  return DeliveryOutcome{Verdict::Retry, std::move(reason)};
}

}  // namespace parley::channels
