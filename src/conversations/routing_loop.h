#pragma once
// The thread that owns the routing engines: jobs run one at a time, in the order posted, so each
// tenant's engine is only ever touched by one thread (a strand without Asio). Timed wake-ups drive
// the engines' deadlines (offers, relaxation, grace periods). The destructor runs every job
// already posted, then stops.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace parley::conversations {

class RoutingLoop {
 public:
  using Job = std::move_only_function<void()>;
  using Clock = std::chrono::steady_clock;

  RoutingLoop();
  ~RoutingLoop();

  void post(Job job);
  // Runs `job` on the loop at `at` (or soon after).
  void postAt(Clock::time_point at, Job job);
  bool onLoop() const { return std::this_thread::get_id() == thread_.get_id(); }

 private:
  void run();
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  std::multimap<Clock::time_point, Job> timers_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace parley::conversations
