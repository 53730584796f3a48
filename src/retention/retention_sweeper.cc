#include "retention/retention_sweeper.h"

namespace parley::retention {

RetentionSweeper::RetentionSweeper(storage::PrivacyStore& store,
                                   std::unique_ptr<Scheduler> scheduler, const Clock& clock,
                                   RetentionSweeperOptions options)
    : sweeper_(
          "retention sweeper",
          [this, &store, &clock, batch = options.batch](auto done) {
            store.applyRetention(
                clock.now(), batch,
                [this, done = std::move(done)](Result<storage::RetentionWork> work) {
                  if (!work) {
                    done(std::unexpected(work.error()));
                    return;
                  }
                  anonymised_ += work->anonymised;
                  deleted_ += work->deleted;
                  pruned_ += work->pruned;
                  done(work->rows);
                });
          },
          std::move(scheduler), clock, options.pacing) {}

RetentionCounts RetentionSweeper::counts() const {
  return {anonymised_.load(), deleted_.load(), pruned_.load()};
}

}  // namespace parley::retention
