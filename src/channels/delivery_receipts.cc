#include "channels/delivery_receipts.h"

#include "storage/conversation_stores.h"
#include "storage/outbox_store.h"

namespace parley::channels {
namespace {

int rank(DeliveryStatus status) {
  switch (status) {
    case DeliveryStatus::Received:
    case DeliveryStatus::Queued:
      return 0;
    case DeliveryStatus::Sent:
      return 1;
    case DeliveryStatus::Delivered:
      return 2;
    case DeliveryStatus::Read:
      return 3;
    case DeliveryStatus::Failed:
      return 4;
  }
  return 0;
}

}  // namespace

bool movesForward(DeliveryStatus current, DeliveryStatus next) {
  if (current == DeliveryStatus::Failed) {
    return false;
  }
  return next == DeliveryStatus::Failed || rank(next) > rank(current);
}

void DeliveryReceipts::record(const TenantId& tenant, const std::string& channel,
                              const std::string& provider_id, DeliveryStatus status,
                              std::optional<std::string> reason,
                              std::move_only_function<void(Result<void>)> done) {
  auto message = stores_.outbox->findByProviderId(tenant, channel, provider_id);
  if (!message) {
    done(std::unexpected(message.error()));
    return;
  }
  auto current = stores_.outbox->findOutbound(tenant, *message);
  if (!current) {
    done(std::unexpected(current.error()));
    return;
  }
  if (!movesForward(current->message.status, status)) {
    done({});
    return;
  }
  stores_.conversations->updateMessageStatus(
      tenant, *message, status, std::move(reason),
      [this, tenant, id = *message, done = std::move(done)](Result<void> updated) mutable {
        if (updated) {
          if (auto outbound = stores_.outbox->findOutbound(tenant, id)) {
            observer_.messageStatusChanged(tenant, outbound->conversation, outbound->message);
          }
        }
        done(std::move(updated));
      });
}

}  // namespace parley::channels
