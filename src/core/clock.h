#pragma once
// Time is injected so tests can move it; nothing else in the domain reads the system clock.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parley {

using TimePoint = std::chrono::system_clock::time_point;
using Millis = std::chrono::milliseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
};

// A clock tests move by hand. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start = TimePoint{std::chrono::hours(24 * 365 * 56)})
      : now_ms_(toMillis(start)) {}
  TimePoint now() const override { return TimePoint{Millis(now_ms_.load())}; }
  void advance(Millis by) { now_ms_ += by.count(); }

 private:
  static int64_t toMillis(TimePoint t) {
    return std::chrono::duration_cast<Millis>(t.time_since_epoch()).count();
  }
  std::atomic<int64_t> now_ms_;
};

// Milliseconds since the Unix epoch: how times are stored.
inline int64_t toUnixMillis(TimePoint t) {
  return std::chrono::duration_cast<Millis>(t.time_since_epoch()).count();
}
inline TimePoint fromUnixMillis(int64_t ms) { return TimePoint{Millis(ms)}; }

// "2026-11-23T13:21:00.000Z": how times are shown.
std::string formatRfc3339(TimePoint t);
// What formatRfc3339 writes, with or without milliseconds, or a UTC date ("2026-11-23": its
// midnight). Years 1970–2200 (a TimePoint ends in 2262); nullopt for anything else.
std::optional<TimePoint> parseRfc3339(std::string_view text);

}  // namespace parley
