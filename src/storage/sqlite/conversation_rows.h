#pragma once
// Rows of conversations, messages and notes, and the SQL that reads and writes them, shared by the
// conversation store's writes (conversation_store.cc, conversation_receive.cc) and its reads
// (conversation_reads.cc).

#include <optional>
#include <string>
#include <string_view>

#include "core/conversation.h"
#include "privacy/crypto.h"
#include "storage/sqlite/connection.h"

namespace parley::storage::sqlite {

inline constexpr std::string_view kMessageEntity = "message";
inline constexpr std::string_view kNoteEntity = "note";

// Each query is one string literal, so that the statement cache (keyed by its address) finds it.
#define PARLEY_SELECT_CONVERSATION                                                      \
  "SELECT tenant_id, id, contact_id, channel, category_id, state, agent_id, manual, "   \
  "enqueued_at, assigned_at, offer_deadline, missed_by, first_response_at, closed_at, " \
  "created_at, last_message_at, customer_last_at, reply_window_closes_at FROM conversations "
#define PARLEY_SELECT_MESSAGE                                                           \
  "SELECT tenant_id, id, conversation_id, contact_id, direction, content_enc, status, " \
  "status_reason, provider_message_id, author_id, created_at FROM messages "

std::optional<int64_t> optionalMillis(const std::optional<TimePoint>& at);
std::optional<TimePoint> optionalTime(std::optional<int64_t> millis);

// Internal when a stored value is not one of ours.
[[nodiscard]] Result<Conversation> conversationFromRow(const Statement& row);
// The content is opened with `contact_key`; it stays empty when the contact was erased (no key).
[[nodiscard]] Result<Message> messageFromRow(const Statement& row,
                                             const std::optional<privacy::SecretKey>& contact_key);

// NotFound when the tenant has no such conversation.
[[nodiscard]] Result<Conversation> loadConversation(Connection& db, const TenantId& tenant,
                                                    const ConversationId& id);
// Both count the change for reports (report_counts.h): a conversation stored is one that arrived.
[[nodiscard]] Result<void> insertConversation(Connection& db, const Conversation& conversation);
// Writes every column that can change after creation; `before` is the row as it was loaded.
[[nodiscard]] Result<void> updateConversation(Connection& db, const Conversation& before,
                                              const Conversation& conversation);

std::string sealMessageContent(const privacy::SecretKey& contact_key, const Message& message);

// Sets a message's delivery status (and reason). NotFound for an unknown message.
// REQUIRES: inside a write.
[[nodiscard]] Result<void> setMessageStatus(Connection& db, const TenantId& tenant,
                                            const MessageId& message, DeliveryStatus status,
                                            const std::optional<std::string>& reason);
// `channel` is the conversation's: provider message ids are unique per tenant and channel.
[[nodiscard]] Result<void> insertMessage(Connection& db, const Message& message,
                                         std::string_view channel, std::string_view content_sealed);

}  // namespace parley::storage::sqlite
