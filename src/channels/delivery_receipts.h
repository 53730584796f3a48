#pragma once
// What a provider says later about a message Parley sent (a Viber "delivered" or "seen", an SMS
// receipt): found by the provider's message id on the channel, stored, and announced to agents
// (C9). Statuses only move forward: sent → delivered → read; failed is final; a "delivered" that
// arrives after "seen" (providers send them out of order) changes nothing.

#include <functional>
#include <optional>
#include <string>

#include "channels/outbound_sink.h"
#include "storage/stores.h"

namespace parley::channels {

// Whether `next` may replace `current` (the rule above).
bool movesForward(DeliveryStatus current, DeliveryStatus next);

class DeliveryReceipts {
 public:
  // Uses stores.outbox and stores.conversations. Everything passed must outlive this.
  DeliveryReceipts(storage::Stores stores, DeliveryObserver& observer)
      : stores_(std::move(stores)), observer_(observer) {}

  // `done` once stored (ok also when it changed nothing); NotFound for a provider id no message of
  // the channel has (yet: the outbox may not have recorded it), storage errors as they come. Any
  // thread; `done` on a storage thread or inside this call.
  void record(const TenantId& tenant, const std::string& channel, const std::string& provider_id,
              DeliveryStatus status, std::optional<std::string> reason,
              std::move_only_function<void(Result<void>)> done);

 private:
  storage::Stores stores_;
  DeliveryObserver& observer_;
};

}  // namespace parley::channels
