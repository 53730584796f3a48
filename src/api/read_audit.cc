#include "api/read_audit.h"

#include <spdlog/spdlog.h>

namespace parley::api {

ReadAudit::ReadAudit(storage::AuditStore& store, std::unique_ptr<Scheduler> scheduler,
                     const Clock& clock, ReadAuditOptions options)
    : store_(store), clock_(clock), options_(options), scheduler_(std::move(scheduler)) {}

ReadAudit::~ReadAudit() { flush(); }

void ReadAudit::record(storage::AuditRead read) {
  size_t waiting = 0;
  {
    std::lock_guard lock(mutex_);
    pending_.push_back(std::move(read));
    waiting = pending_.size();
  }
  ++recorded_;
  if (waiting == 1) {
    // The first of a batch: it goes within `every` whatever follows.
    scheduler_->postAt(clock_.now() + options_.every, [this] { flush(); });
  } else if (waiting == options_.batch) {
    scheduler_->post([this] { flush(); });
  }
}

void ReadAudit::flush() {
  std::vector<storage::AuditRead> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(pending_);
  }
  if (batch.empty()) {
    return;
  }
  const size_t count = batch.size();
  store_.appendReads(std::move(batch), [count](Result<void> written) {
    if (!written) {
      spdlog::error("read audit: {} reads not recorded: {}", count, written.error().message);
    }
  });
}

}  // namespace parley::api
