#pragma once
// Removes what erasures left unreadable (P10): after a contact's key is destroyed, its messages,
// notes and media still take space. The sweeper deletes them in small batches (batch_sweeper.h);
// it sleeps when nothing is left and is woken by the next erasure.

#include <atomic>
#include <memory>

#include "retention/batch_sweeper.h"
#include "storage/privacy_store.h"

namespace parley::retention {

struct ErasureSweeperOptions {
  size_t batch = 500;  // rows per write
  BatchSweeperOptions pacing;
};

class ErasureSweeper {
 public:
  ErasureSweeper(storage::PrivacyStore& store, std::unique_ptr<Scheduler> scheduler,
                 const Clock& clock, ErasureSweeperOptions options = {});

  // Sweeps now, then on its own.
  void start() { sweeper_.start(); }
  // Something was erased: sweep now rather than at the next idle look.
  void wake() { sweeper_.wake(); }
  // Starts no more batches (BatchSweeper::stop).
  void stop() { sweeper_.stop(); }

  // Rows removed since start, for /metrics.
  uint64_t removed() const { return removed_.load(); }

 private:
  std::atomic<uint64_t> removed_{0};
  BatchSweeper sweeper_;  // last: stops before the counter goes
};

}  // namespace parley::retention
