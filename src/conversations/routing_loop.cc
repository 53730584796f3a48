#include "conversations/routing_loop.h"

namespace parley::conversations {

RoutingLoop::RoutingLoop() : thread_([this] { run(); }) {}

RoutingLoop::~RoutingLoop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void RoutingLoop::post(Job job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void RoutingLoop::postAt(Clock::time_point at, Job job) {
  {
    std::lock_guard lock(mutex_);
    timers_.emplace(at, std::move(job));
  }
  wake_.notify_one();
}

void RoutingLoop::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    if (!jobs_.empty()) {
      Job job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      lock.lock();
      continue;
    }
    if (stopping_) {
      return;  // pending timers are dropped: their deadlines are rebuilt from storage on start
    }
    if (!timers_.empty() && timers_.begin()->first <= Clock::now()) {
      jobs_.push_back(std::move(timers_.begin()->second));
      timers_.erase(timers_.begin());
      continue;
    }
    if (timers_.empty()) {
      wake_.wait(lock);
    } else {
      wake_.wait_until(lock, timers_.begin()->first);
    }
  }
}

}  // namespace parley::conversations
