#pragma once

#include "storage/outbox_store.h"
#include "storage/sqlite/database.h"

namespace parley::storage::sqlite {

// Rows hold ids and retry state only; findOutbound() opens the message and the contact's channel
// identity under the contact's key (P10), so an erased contact's messages go out with neither.
//
// Beyond the interface's contract:
// - enqueue() takes the message's sequence from its row; the entry's conversation must be the
//   message's (ValidationFailed otherwise).
// - finish() is NotFound when the message itself is gone; empty provider ids are ignored.
// - findOutbound() takes the identity the contact has had longest on the conversation's channel.
class SqliteOutboxStore final : public OutboxStore {
 public:
  explicit SqliteOutboxStore(Database& database) : database_(database) {}

  // OutboxStore
  void enqueue(OutboxEntry entry, Done<OutboxEntry> done) override;
  Result<std::vector<OutboxEntry>> listPending(const TenantId& tenant) override;
  Result<std::vector<OutboxEntry>> listUnrecorded(const TenantId& tenant) override;
  void recordAttempt(TenantId tenant, MessageId message, int attempts, TimePoint next_attempt_at,
                     std::string error, Done<void> done) override;
  void finish(TenantId tenant, MessageId message, DeliveryStatus status,
              std::optional<std::string> reason, std::vector<std::string> provider_message_ids,
              Done<void> done) override;
  Result<MessageId> findByProviderId(const TenantId& tenant, const std::string& channel,
                                     const std::string& provider_id) override;
  Result<OutboundMessage> findOutbound(const TenantId& tenant, const MessageId& message) override;

 private:
  Result<std::optional<std::string>> identityOf(Connection& db, const Conversation& conversation,
                                                const privacy::SecretKey& contact_key);
  Database& database_;
};

}  // namespace parley::storage::sqlite
