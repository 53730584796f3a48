#include "retention/erasure_sweeper.h"

#include <spdlog/spdlog.h>

#include <thread>

namespace parley::retention {

ErasureSweeper::ErasureSweeper(storage::PrivacyStore& store, std::unique_ptr<Scheduler> scheduler,
                               const Clock& clock, ErasureSweeperOptions options)
    : store_(store), clock_(clock), options_(options), scheduler_(std::move(scheduler)) {}

ErasureSweeper::~ErasureSweeper() {
  stopping_ = true;
  while (in_flight_.load() > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  scheduler_.reset();
}

void ErasureSweeper::start() { wake(); }

void ErasureSweeper::wake() {
  scheduler_->post([this] {
    if (!sweeping_) {
      sweeping_ = true;
      ++generation_;
      sweep();
    }
  });
}

void ErasureSweeper::sweep() {
  // Counted before the check: the destructor sets stopping_ before it reads the count.
  ++in_flight_;
  if (stopping_) {
    --in_flight_;
    return;
  }
  store_.sweepErased(options_.batch, [this](Result<size_t> removed) {
    // Counted until the posted job has run: the destructor must not drop the scheduler under it.
    scheduler_->post([this, removed = std::move(removed)]() mutable {
      swept(std::move(removed));
      --in_flight_;
    });
  });
}

void ErasureSweeper::swept(Result<size_t> removed) {
  if (stopping_) {
    return;
  }
  if (!removed) {
    spdlog::error("erasure sweeper: {}", removed.error().message);
  } else {
    removed_ += *removed;
  }
  if (removed && *removed > 0) {
    scheduler_->postAt(clock_.now() + options_.pause, [this] { sweep(); });
    return;
  }
  // Nothing left (or storage failing): look again later, unless an erasure wakes it first.
  sweeping_ = false;
  const uint64_t generation = generation_;
  scheduler_->postAt(clock_.now() + options_.idle, [this, generation] {
    if (!sweeping_ && generation == generation_) {
      sweeping_ = true;
      ++generation_;
      sweep();
    }
  });
}

}  // namespace parley::retention
