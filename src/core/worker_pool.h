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
  virtual void post(std::move_only_function<void()> job) = 0;
};

class WorkerPool final : public Executor {
 public:
  explicit WorkerPool(size_t threads);
  ~WorkerPool() override;

  void post(std::move_only_function<void()> job) override;

 private:
  void run();
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::move_only_function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace parley
