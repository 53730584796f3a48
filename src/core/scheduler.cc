#include "core/scheduler.h"

#include <algorithm>

namespace parley {
namespace {

// Timed waits are re-checked at least this often, so a wall clock set forward is noticed.
constexpr auto kLongestWait = std::chrono::seconds(1);

}  // namespace

ThreadScheduler::ThreadScheduler(const Clock& clock) : clock_(clock), thread_([this] { run(); }) {}

ThreadScheduler::~ThreadScheduler() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

// Notified under the lock: once the job can run, its poster touches the scheduler no more (the job
// may be what lets the scheduler's owner destroy it).
void ThreadScheduler::post(Job job) {
  std::lock_guard lock(mutex_);
  jobs_.push_back(std::move(job));
  wake_.notify_one();
}

void ThreadScheduler::postAt(TimePoint at, Job job) {
  std::lock_guard lock(mutex_);
  timers_.emplace(at, std::move(job));
  wake_.notify_one();
}

void ThreadScheduler::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    const TimePoint now = clock_.now();
    while (!timers_.empty() && timers_.begin()->first <= now) {
      jobs_.push_back(std::move(timers_.begin()->second));
      timers_.erase(timers_.begin());
    }
    if (!jobs_.empty()) {
      Job job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      lock.lock();
      continue;
    }
    if (stopping_) {
      return;
    }
    if (timers_.empty()) {
      wake_.wait(lock);
    } else {
      const auto until_due =
          std::chrono::ceil<std::chrono::milliseconds>(timers_.begin()->first - now);
      wake_.wait_for(lock, std::min<std::chrono::milliseconds>(until_due, kLongestWait));
    }
  }
}

}  // namespace parley
