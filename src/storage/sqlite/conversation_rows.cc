#include "storage/sqlite/conversation_rows.h"

#include "storage/sqlite/fields.h"
#include "storage/sqlite/json_columns.h"
#include "storage/sqlite/report_counts.h"

namespace parley::storage::sqlite {
namespace {

std::optional<ConversationState> parseState(std::string_view name) {
  for (ConversationState state :
       {ConversationState::Queued, ConversationState::Assigned, ConversationState::Closed}) {
    if (conversationStateName(state) == name) {
      return state;
    }
  }
  return std::nullopt;
}

std::optional<DeliveryStatus> parseStatus(std::string_view name) {
  for (DeliveryStatus status :
       {DeliveryStatus::Received, DeliveryStatus::Queued, DeliveryStatus::Sent,
        DeliveryStatus::Delivered, DeliveryStatus::Read, DeliveryStatus::Failed}) {
    if (deliveryStatusName(status) == name) {
      return status;
    }
  }
  return std::nullopt;
}

std::string_view directionName(Direction direction) {
  return direction == Direction::Inbound ? "inbound" : "outbound";
}

template <class Tag>
std::optional<Id<Tag>> optionalId(std::optional<std::string> value) {
  if (!value) {
    return std::nullopt;
  }
  return Id<Tag>{std::move(*value)};
}

template <class Tag>
std::optional<std::string> idValue(const std::optional<Id<Tag>>& id) {
  if (!id) {
    return std::nullopt;
  }
  return id->value;
}

// The columns an update may change, bound from position `first` on, in updateConversation's order.
void bindMutable(Statement& statement, int first, const Conversation& c) {
  statement.bindOptionalText(first, idValue(c.category_id))
      .bind(first + 1, conversationStateName(c.state))
      .bindOptionalText(first + 2, idValue(c.agent_id))
      .bind(first + 3, int64_t{c.manual})
      .bind(first + 4, toUnixMillis(c.enqueued_at))
      .bindOptionalInteger(first + 5, optionalMillis(c.assigned_at))
      .bindOptionalInteger(first + 6, optionalMillis(c.offer_deadline))
      .bind(first + 7, encodeIds(c.missed_by))
      .bindOptionalInteger(first + 8, optionalMillis(c.first_response_at))
      .bindOptionalInteger(first + 9, optionalMillis(c.closed_at))
      .bind(first + 10, toUnixMillis(c.last_message_at))
      .bindOptionalInteger(first + 11, optionalMillis(c.customer_last_at))
      .bindOptionalInteger(first + 12, optionalMillis(c.reply_window_closes_at));
}

}  // namespace

std::optional<int64_t> optionalMillis(const std::optional<TimePoint>& at) {
  if (!at) {
    return std::nullopt;
  }
  return toUnixMillis(*at);
}

std::optional<TimePoint> optionalTime(std::optional<int64_t> millis) {
  if (!millis) {
    return std::nullopt;
  }
  return fromUnixMillis(*millis);
}

Result<Conversation> conversationFromRow(const Statement& row) {
  auto state = parseState(row.text(5));
  auto missed_by = decodeIds<UserTag>(row.text(11));
  if (!state || !missed_by) {
    return fail(ErrorCode::Internal, "conversation record is corrupt");
  }
  return Conversation{.tenant_id = TenantId{row.text(0)},
                      .id = ConversationId{row.text(1)},
                      .contact_id = ContactId{row.text(2)},
                      .channel = row.text(3),
                      .category_id = optionalId<CategoryTag>(row.optionalText(4)),
                      .state = *state,
                      .agent_id = optionalId<UserTag>(row.optionalText(6)),
                      .manual = row.integer(7) != 0,
                      .enqueued_at = fromUnixMillis(row.integer(8)),
                      .assigned_at = optionalTime(row.optionalInteger(9)),
                      .offer_deadline = optionalTime(row.optionalInteger(10)),
                      .missed_by = std::move(*missed_by),
                      .first_response_at = optionalTime(row.optionalInteger(12)),
                      .closed_at = optionalTime(row.optionalInteger(13)),
                      .created_at = fromUnixMillis(row.integer(14)),
                      .last_message_at = fromUnixMillis(row.integer(15)),
                      .customer_last_at = optionalTime(row.optionalInteger(16)),
                      .reply_window_closes_at = optionalTime(row.optionalInteger(17))};
}

Result<Message> messageFromRow(const Statement& row,
                               const std::optional<privacy::SecretKey>& contact_key) {
  auto status = parseStatus(row.text(6));
  const std::string direction = row.text(4);
  if (!status || (direction != "inbound" && direction != "outbound")) {
    return fail(ErrorCode::Internal, "message record is corrupt");
  }
  Message message{.tenant_id = TenantId{row.text(0)},
                  .id = MessageId{row.text(1)},
                  .conversation_id = ConversationId{row.text(2)},
                  .contact_id = ContactId{row.text(3)},
                  .direction = direction == "inbound" ? Direction::Inbound : Direction::Outbound,
                  .status = *status,
                  .status_reason = row.optionalText(7),
                  .provider_message_id = row.optionalText(8),
                  .author_id = optionalId<UserTag>(row.optionalText(9)),
                  .created_at = fromUnixMillis(row.integer(10))};
  if (contact_key) {
    auto content = openField(*contact_key, message.tenant_id, kMessageEntity, message.id.value,
                             "content", row.blob(5));
    if (!content) {
      return fail(ErrorCode::Internal, "message does not decrypt");
    }
    message.content = std::move(*content);
  }
  return message;
}

Result<Conversation> loadConversation(Connection& db, const TenantId& tenant,
                                      const ConversationId& id) {
  auto query = db.statement(PARLEY_SELECT_CONVERSATION "WHERE tenant_id = ? AND id = ?");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant.value).bind(2, id.value);
  if (!scope->step()) {
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return fail(ErrorCode::NotFound, "no such conversation");
  }
  return conversationFromRow(*scope);
}

Result<void> insertConversation(Connection& db, const Conversation& conversation) {
  auto insert = db.statement(
      "INSERT INTO conversations (category_id, state, agent_id, manual, enqueued_at, assigned_at, "
      "offer_deadline, missed_by, first_response_at, closed_at, last_message_at, customer_last_at, "
      "reply_window_closes_at, tenant_id, id, contact_id, channel, created_at) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!insert) {
    return std::unexpected(insert.error());
  }
  StatementScope scope(**insert);
  bindMutable(*scope, 1, conversation);
  scope->bind(14, conversation.tenant_id.value)
      .bind(15, conversation.id.value)
      .bind(16, conversation.contact_id.value)
      .bind(17, conversation.channel)
      .bind(18, toUnixMillis(conversation.created_at));
  if (auto inserted = scope->run(); !inserted) {
    return inserted;
  }
  return countForReports(db, nullptr, conversation);
}

Result<void> updateConversation(Connection& db, const Conversation& before,
                                const Conversation& conversation) {
  auto update = db.statement(
      "UPDATE conversations SET category_id = ?, state = ?, agent_id = ?, manual = ?, "
      "enqueued_at = ?, assigned_at = ?, offer_deadline = ?, missed_by = ?, "
      "first_response_at = ?, closed_at = ?, last_message_at = ?, customer_last_at = ?, "
      "reply_window_closes_at = ? WHERE tenant_id = ? AND id = ?");
  if (!update) {
    return std::unexpected(update.error());
  }
  StatementScope scope(**update);
  bindMutable(*scope, 1, conversation);
  scope->bind(14, conversation.tenant_id.value).bind(15, conversation.id.value);
  if (auto updated = scope->run(); !updated) {
    return updated;
  }
  if (db.changes() == 0) {
    return fail(ErrorCode::NotFound, "no such conversation");
  }
  return countForReports(db, &before, conversation);
}

std::string sealMessageContent(const privacy::SecretKey& contact_key, const Message& message) {
  return sealField(contact_key, message.tenant_id, kMessageEntity, message.id.value, "content",
                   message.content);
}

Result<void> insertMessage(Connection& db, const Message& message, std::string_view channel,
                           std::string_view content_sealed) {
  auto insert = db.statement(
      "INSERT INTO messages (tenant_id, id, conversation_id, contact_id, channel, direction, "
      "content_enc, status, status_reason, provider_message_id, author_id, created_at, seq) "
      "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, coalesce(max(seq), 0) + 1 "
      "FROM messages WHERE tenant_id = ?1 AND conversation_id = ?3");
  if (!insert) {
    return std::unexpected(insert.error());
  }
  StatementScope scope(**insert);
  scope->bind(1, message.tenant_id.value)
      .bind(2, message.id.value)
      .bind(3, message.conversation_id.value)
      .bind(4, message.contact_id.value)
      .bind(5, channel)
      .bind(6, directionName(message.direction))
      .bindBlob(7, content_sealed)
      .bind(8, deliveryStatusName(message.status))
      .bindOptionalText(9, message.status_reason)
      .bindOptionalText(10, message.provider_message_id)
      .bindOptionalText(11, idValue(message.author_id))
      .bind(12, toUnixMillis(message.created_at));
  return scope->run();
}

Result<void> setMessageStatus(Connection& db, const TenantId& tenant, const MessageId& message,
                              DeliveryStatus status, const std::optional<std::string>& reason) {
  auto update = db.statement(
      "UPDATE messages SET status = ?, status_reason = ? WHERE tenant_id = ? AND id = ?");
  if (!update) {
    return std::unexpected(update.error());
  }
  StatementScope scope(**update);
  scope->bind(1, deliveryStatusName(status))
      .bindOptionalText(2, reason)
      .bind(3, tenant.value)
      .bind(4, message.value);
  if (auto updated = scope->run(); !updated) {
    return updated;
  }
  if (db.changes() == 0) {
    return fail(ErrorCode::NotFound, "no such message");
  }
  return {};
}

}  // namespace parley::storage::sqlite
