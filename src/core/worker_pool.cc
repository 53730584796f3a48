#include "core/worker_pool.h"

namespace parley {

WorkerPool::WorkerPool(size_t threads, size_t max_queued) : max_queued_(max_queued) {
  for (size_t index = 0; index < threads; ++index) {
    threads_.emplace_back([this] { run(); });
  }
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (std::thread& thread : threads_) {
    thread.join();
  }
}

void WorkerPool::post(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (jobs_.size() < max_queued_) {
      jobs_.push_back(std::move(job));
      ready_.notify_one();
      return;
    }
  }
  job(false);
}

void WorkerPool::run() {
  while (true) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) {
        return;
      }
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job(true);
  }
}

}  // namespace parley
