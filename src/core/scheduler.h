#pragma once
// Where background work runs (the outbox, sweepers): jobs one at a time in the order posted (a
// strand without Asio), and timed jobs by the injected Clock, so tests can run them by hand.

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "core/clock.h"

namespace parley {

class Scheduler {
 public:
  using Job = std::move_only_function<void()>;

  virtual ~Scheduler() = default;
  // Runs `job` after every job posted before it; never two jobs at a time. Any thread may call.
  virtual void post(Job job) = 0;
  // Runs `job` like post() once the clock reads `at` or later.
  virtual void postAt(TimePoint at, Job job) = 0;
};

// One thread. The destructor runs every job posted already (and those they post), drops the timed
// ones that are not due, then joins.
class ThreadScheduler final : public Scheduler {
 public:
  explicit ThreadScheduler(const Clock& clock);
  ~ThreadScheduler() override;

  // Scheduler
  void post(Job job) override;
  void postAt(TimePoint at, Job job) override;

 private:
  void run();
  const Clock& clock_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  std::multimap<TimePoint, Job> timers_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the rest exists
};

}  // namespace parley
