#pragma once
// Records reads of personal data (P9) without a write per read: reads gather in memory and go to
// the audit chain in one write a second, or at once when `batch` are waiting. A crash loses at most
// the last second's reads; a shutdown writes them before storage closes.
//
// Threads: record() from any thread; writes are started on the scheduler's thread.

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include "core/clock.h"
#include "core/scheduler.h"
#include "storage/stores.h"

namespace parley::api {

struct ReadAuditOptions {
  size_t batch = 256;
  std::chrono::milliseconds every{1000};
};

class ReadAudit {
 public:
  ReadAudit(storage::AuditStore& store, std::unique_ptr<Scheduler> scheduler, const Clock& clock,
            ReadAuditOptions options = {});
  // Writes what is waiting.
  ~ReadAudit();

  void record(storage::AuditRead read);
  // Hands what is waiting to storage now.
  void flush();

  uint64_t recorded() const { return recorded_.load(); }

 private:
  storage::AuditStore& store_;
  const Clock& clock_;
  ReadAuditOptions options_;
  std::mutex mutex_;
  std::vector<storage::AuditRead> pending_;
  std::atomic<uint64_t> recorded_{0};
  std::unique_ptr<Scheduler> scheduler_;  // last: its thread stops first
};

}  // namespace parley::api
