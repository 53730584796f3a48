#pragma once
// Background work done in small batches, so that ingest's writes keep going in between: one batch
// (one write), a pause, the next, until a batch finds nothing to do; then it sleeps until woken or
// until `idle` has passed. The erasure and retention sweepers are made of it.
//
// Threads: its state lives on its scheduler; wake() may be called from any thread.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "core/scheduler.h"

namespace parley::retention {

struct BatchSweeperOptions {
  std::chrono::milliseconds pause{20};        // at least, between two batches
  std::chrono::milliseconds idle{60 * 1000};  // between two looks when nothing was left
  // At most this share of the time goes to batches: after a batch that took t (waiting for the
  // writer included, so a busy writer slows the sweep down), the next waits t × (1/share − 1).
  double share = 0.25;
};

class BatchSweeper {
 public:
  // Does one batch and says how much it did (0: nothing was left). Called on the scheduler's
  // thread; `done` may be called on any thread.
  using Batch = std::function<void(std::function<void(Result<size_t>)> done)>;

  BatchSweeper(std::string name, Batch batch, std::unique_ptr<Scheduler> scheduler,
               const Clock& clock, BatchSweeperOptions options = {});
  // Waits for the batch in flight; runs no more.
  ~BatchSweeper();

  // Starts no more batches, without waiting: call it before storage stops, so that storage can
  // finish the batch in flight, then destroy the sweeper.
  void stop() { stopping_ = true; }

  // Sweeps now, then on its own.
  void start() { wake(); }
  // There is work: sweep now rather than at the next idle look.
  void wake();

 private:
  void sweep();
  void swept(Result<size_t> done, std::chrono::steady_clock::duration took);

  std::string name_;
  Batch batch_;
  const Clock& clock_;
  BatchSweeperOptions options_;
  bool sweeping_ = false;    // a batch is in flight or due (scheduler thread only)
  bool woken_ = false;       // woken while sweeping: the batch in flight may have missed why
  uint64_t generation_ = 0;  // idle looks of an older generation do nothing
  std::atomic<bool> stopping_{false};
  std::atomic<int> in_flight_{0};
  std::unique_ptr<Scheduler> scheduler_;  // last: its thread stops first
};

}  // namespace parley::retention
