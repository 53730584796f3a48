#pragma once
// Applies every tenant's retention schedule (P3) on its own: a look every minute, small batches
// while anything is due (batch_sweeper.h), and a look at once when a tenant changes its settings,
// so that a change takes effect immediately. Time comes from the injected clock.

#include <atomic>
#include <memory>

#include "retention/batch_sweeper.h"
#include "storage/privacy_store.h"

namespace parley::retention {

struct RetentionSweeperOptions {
  size_t batch = 100;  // rows per write: a batch holds the writer, ingest waits behind it
  BatchSweeperOptions pacing;
};

// What retention did since start, for /metrics.
struct RetentionCounts {
  uint64_t anonymised = 0;  // conversations
  uint64_t deleted = 0;     // conversations
  uint64_t pruned = 0;      // audit entries
};

class RetentionSweeper {
 public:
  RetentionSweeper(storage::PrivacyStore& store, std::unique_ptr<Scheduler> scheduler,
                   const Clock& clock, RetentionSweeperOptions options = {});

  void start() { sweeper_.start(); }
  // A tenant's retention settings changed.
  void wake() { sweeper_.wake(); }
  // Starts no more batches (BatchSweeper::stop).
  void stop() { sweeper_.stop(); }

  RetentionCounts counts() const;

 private:
  std::atomic<uint64_t> anonymised_{0};
  std::atomic<uint64_t> deleted_{0};
  std::atomic<uint64_t> pruned_{0};
  BatchSweeper sweeper_;  // last: stops before the counters go
};

}  // namespace parley::retention
