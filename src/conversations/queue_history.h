#pragma once
// The wallboard's time series (W7, issue 15): a tenant's queue length and longest wait minute by
// minute for the last day, in memory (a restart starts it again). Each minute keeps the most that
// waited in it and the oldest conversation then waiting; a minute nothing changed in is the one
// before carried on, its wait grown by the time since.

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "core/clock.h"

namespace parley::conversations {

struct QueuePoint {
  TimePoint at;  // the minute's start
  size_t queue_length = 0;
  int64_t longest_wait_seconds = 0;  // by the minute's end (or now, for the current minute)
};

class QueueHistory {
 public:
  static constexpr size_t kMinutes = 24 * 60;

  // The queue as it stands at `now`: `length` waiting, the oldest since `oldest`.
  void record(TimePoint now, size_t length, std::optional<TimePoint> oldest);
  // One point per minute from `from` (rounded down) up to `now`'s minute; minutes before anything
  // was recorded are left out.
  std::vector<QueuePoint> since(TimePoint from, TimePoint now) const;

 private:
  struct Minute {
    int64_t minute = 0;  // since the epoch
    size_t most_waiting = 0;
    size_t waiting_at_end = 0;             // what the minutes after it carry on
    std::optional<TimePoint> oldest;       // of those waiting at its end
    std::optional<TimePoint> oldest_seen;  // the oldest waiting at any moment of it
  };
  std::deque<Minute> minutes_;  // the minutes recorded in the last kMinutes, oldest first
};

}  // namespace parley::conversations
