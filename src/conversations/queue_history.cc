#include "conversations/queue_history.h"

#include <algorithm>

namespace parley::conversations {
namespace {

constexpr int64_t kMinuteMs = 60'000;

int64_t minuteOf(TimePoint at) {
  const int64_t ms = toUnixMillis(at);
  return ms >= 0 ? ms / kMinuteMs : (ms - kMinuteMs + 1) / kMinuteMs;
}

TimePoint startOf(int64_t minute) { return fromUnixMillis(minute * kMinuteMs); }

int64_t secondsBetween(TimePoint from, TimePoint until) {
  return std::max<int64_t>(0, (toUnixMillis(until) - toUnixMillis(from)) / 1000);
}

}  // namespace

void QueueHistory::record(TimePoint now, size_t length, std::optional<TimePoint> oldest) {
  const int64_t minute = minuteOf(now);
  if (minutes_.empty() || minutes_.back().minute < minute) {
    Minute next{.minute = minute};
    if (!minutes_.empty()) {  // what waited when the last minute ended still waited at this start
      next.most_waiting = minutes_.back().waiting_at_end;
      next.oldest_seen = minutes_.back().oldest;
    }
    minutes_.push_back(next);
    while (minutes_.front().minute <= minute - static_cast<int64_t>(kMinutes)) {
      minutes_.pop_front();
    }
  } else if (minutes_.back().minute > minute) {
    return;  // the clock went back: keep what is known
  }
  Minute& current = minutes_.back();
  current.most_waiting = std::max(current.most_waiting, length);
  current.waiting_at_end = length;
  current.oldest = length > 0 ? oldest : std::nullopt;
  if (current.oldest && (!current.oldest_seen || *current.oldest < *current.oldest_seen)) {
    current.oldest_seen = current.oldest;
  }
}

std::vector<QueuePoint> QueueHistory::since(TimePoint from, TimePoint now) const {
  std::vector<QueuePoint> points;
  if (minutes_.empty()) {
    return points;
  }
  const int64_t last = minuteOf(now);
  int64_t minute = std::max(minuteOf(from), minutes_.front().minute);
  auto known = minutes_.begin();
  const Minute* before = nullptr;  // the latest recorded minute up to `minute`
  for (; minute <= last; ++minute) {
    while (known != minutes_.end() && known->minute <= minute) {
      before = &*known;
      ++known;
    }
    if (!before) {
      continue;
    }
    const TimePoint end = std::min(now, startOf(minute + 1));
    QueuePoint point{.at = startOf(minute)};
    if (before->minute == minute) {  // recorded in this very minute
      point.queue_length = before->most_waiting;
      if (before->oldest_seen) {
        point.longest_wait_seconds = secondsBetween(*before->oldest_seen, end);
      }
    } else {  // nothing changed since: what waited then waits still
      point.queue_length = before->waiting_at_end;
      if (before->oldest) {
        point.longest_wait_seconds = secondsBetween(*before->oldest, end);
      }
    }
    points.push_back(point);
  }
  return points;
}

}  // namespace parley::conversations
