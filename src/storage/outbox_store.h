#pragma once
// The outbox's storage (C9): one row per outbound message waiting to be sent, holding ids and
// retry state only; whatever the request carries (content, the contact's identity) is read when it
// is sent. Same contract as stores.h: every call names its tenant; reads are synchronous; writes
// call `done` exactly once on a storage thread after the commit.

#include <optional>
#include <string>
#include <vector>

#include "core/conversation.h"
#include "storage/stores.h"

namespace parley::storage {

struct EventTag {
  static constexpr const char* kPrefix = "evt_";
};
// Names one delivery of one message to its peer; the same across retries, so the peer can drop
// repeats.
using EventId = Id<EventTag>;

struct OutboxEntry {
  TenantId tenant_id;
  MessageId message_id;
  ConversationId conversation_id;
  std::string channel;
  // Made by enqueue():
  EventId event_id;
  int64_t message_seq = 0;  // the message's place in its conversation: the sending order
  TimePoint created_at;
  // Retry state: attempts failed so far, and when to try next.
  int attempts = 0;
  TimePoint next_attempt_at;
};

// What one attempt sends, read when it is made.
struct OutboundMessage {
  Conversation conversation;
  Message message;  // content empty when the contact was erased
  // The contact's identity on the conversation's channel; nullopt when the contact was erased or
  // has none there.
  std::optional<std::string> identity;
};

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;
  // Records a stored message for sending; fills in the event id, the message's sequence and the
  // times. NotFound for an unknown message; Conflict when it is in the outbox already.
  virtual void enqueue(OutboxEntry entry, Done<OutboxEntry> done) = 0;
  // The tenant's entries, in the order they were recorded.
  [[nodiscard]] virtual Result<std::vector<OutboxEntry>> listPending(const TenantId& tenant) = 0;
  // Outbound messages still `queued` that have no entry: stored, then the process died before
  // their entry was (the reply was never answered). Oldest first, as entries to enqueue().
  [[nodiscard]] virtual Result<std::vector<OutboxEntry>> listUnrecorded(const TenantId& tenant) = 0;
  // After a failed attempt. `error` says why for operators; it holds no personal data.
  virtual void recordAttempt(TenantId tenant, MessageId message, int attempts,
                             TimePoint next_attempt_at, std::string error, Done<void> done) = 0;
  // Done with the message (sent, or failed for good): in one transaction its entry goes and its
  // status is set. Not an error when the entry is gone already. `provider_message_ids` are the
  // provider's ids of the sent message, one per SMS part (empty when none): the message's
  // provider_message_id becomes the first, and each names the message on the conversation's
  // channel for findByProviderId() from then on, taking the id over from any message it named
  // before (SMS centers reuse ids eventually).
  virtual void finish(TenantId tenant, MessageId message, DeliveryStatus status,
                      std::optional<std::string> reason,
                      std::vector<std::string> provider_message_ids, Done<void> done) = 0;
  // The message an SMS center's id names on that channel (delivery receipts name it); NotFound
  // when unknown.
  [[nodiscard]] virtual Result<MessageId> findByProviderId(const TenantId& tenant,
                                                           const std::string& channel,
                                                           const std::string& provider_id) = 0;
  // NotFound for an unknown message.
  [[nodiscard]] virtual Result<OutboundMessage> findOutbound(const TenantId& tenant,
                                                             const MessageId& message) = 0;
};

}  // namespace parley::storage
