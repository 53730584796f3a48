#include "retention/batch_sweeper.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>
#include <utility>

namespace parley::retention {

BatchSweeper::BatchSweeper(std::string name, Batch batch, std::unique_ptr<Scheduler> scheduler,
                           const Clock& clock, BatchSweeperOptions options)
    : name_(std::move(name)),
      batch_(std::move(batch)),
      clock_(clock),
      options_(options),
      scheduler_(std::move(scheduler)) {}

BatchSweeper::~BatchSweeper() {
  stopping_ = true;
  while (in_flight_.load() > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  scheduler_.reset();
}

void BatchSweeper::wake() {
  scheduler_->post([this] {
    if (sweeping_) {
      woken_ = true;
      return;
    }
    sweeping_ = true;
    ++generation_;
    sweep();
  });
}

void BatchSweeper::sweep() {
  // Counted before the check: the destructor sets stopping_ before it reads the count.
  ++in_flight_;
  if (stopping_) {
    --in_flight_;
    return;
  }
  const auto started = std::chrono::steady_clock::now();
  batch_([this, started](Result<size_t> done) {
    const auto took = std::chrono::steady_clock::now() - started;
    // Counted until the posted job has run: the destructor must not drop the scheduler under it.
    scheduler_->post([this, done = std::move(done), took]() mutable {
      swept(std::move(done), took);
      --in_flight_;
    });
  });
}

void BatchSweeper::swept(Result<size_t> done, std::chrono::steady_clock::duration took) {
  if (stopping_) {
    return;
  }
  if (!done) {
    spdlog::error("{}: {}", name_, done.error().message);
  }
  if ((done && *done > 0) || std::exchange(woken_, false)) {
    const auto yield = std::chrono::duration_cast<std::chrono::milliseconds>(
        took * (1 / std::clamp(options_.share, 0.01, 1.0) - 1));
    scheduler_->postAt(clock_.now() + std::max(options_.pause, yield), [this] { sweep(); });
    return;
  }
  // Nothing left (or storage failing): look again later, unless woken first.
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
