#pragma once
// Removes what erasures left unreadable (P10): after a contact's key is destroyed, its messages,
// notes and media still take space. The sweeper deletes them in small batches, one write each with
// a pause between, so that ingest's writes keep going in between; it sleeps when nothing is left
// and is woken by the next erasure.
//
// Threads: its state lives on its scheduler; wake() may be called from any thread.

#include <atomic>
#include <chrono>
#include <memory>

#include "core/clock.h"
#include "core/scheduler.h"
#include "storage/privacy_store.h"

namespace parley::retention {

struct ErasureSweeperOptions {
  size_t batch = 500;                         // rows per write
  std::chrono::milliseconds pause{20};        // between two batches
  std::chrono::milliseconds idle{60 * 1000};  // between two looks when nothing was left
};

class ErasureSweeper {
 public:
  ErasureSweeper(storage::PrivacyStore& store, std::unique_ptr<Scheduler> scheduler,
                 const Clock& clock, ErasureSweeperOptions options = {});
  // Waits for the write in flight; sweeps nothing more.
  ~ErasureSweeper();

  // Sweeps now, then on its own.
  void start();
  // Something was erased: sweep now rather than at the next idle look.
  void wake();

  // Rows removed since start, for /metrics.
  uint64_t removed() const { return removed_.load(); }

 private:
  void sweep();
  void swept(Result<size_t> removed);

  storage::PrivacyStore& store_;
  const Clock& clock_;
  ErasureSweeperOptions options_;
  bool sweeping_ = false;    // a batch is in flight or due (scheduler thread only)
  uint64_t generation_ = 0;  // idle looks of an older generation do nothing
  std::atomic<bool> stopping_{false};
  std::atomic<int> in_flight_{0};
  std::atomic<uint64_t> removed_{0};
  std::unique_ptr<Scheduler> scheduler_;  // last: its thread stops first
};

}  // namespace parley::retention
