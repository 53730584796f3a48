#include "retention/erasure_sweeper.h"

namespace parley::retention {

ErasureSweeper::ErasureSweeper(storage::PrivacyStore& store, std::unique_ptr<Scheduler> scheduler,
                               const Clock& clock, ErasureSweeperOptions options)
    : sweeper_(
          "erasure sweeper",
          [this, &store, batch = options.batch](auto done) {
            store.sweepErased(batch, [this, done = std::move(done)](Result<size_t> removed) {
              if (removed) {
                removed_ += *removed;
              }
              done(std::move(removed));
            });
          },
          std::move(scheduler), clock, options.pacing) {}

}  // namespace parley::retention
