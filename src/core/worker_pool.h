#pragma once
// A fixed set of threads for work that must not run on a network thread (password hashing). Jobs
// run in the order posted; the destructor finishes every queued job.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace parley {

class Executor {
 public:
  virtual ~Executor() = default;
  // A job runs exactly once: `job(true)` on a worker, or `job(false)` at once on the caller's
  // thread when the queue is full (answer "busy").
  using Job = std::move_only_function<void(bool admitted)>;
  virtual void post(Job job) = 0;
};

class WorkerPool final : public Executor {
 public:
  WorkerPool(size_t threads, size_t max_queued);
  ~WorkerPool() override;

  void post(Job job) override;

 private:
  void run();
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  size_t max_queued_;
  std::vector<std::thread> threads_;
};

}  // namespace parley
