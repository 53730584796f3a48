#include "storage/sqlite/outbox_store.h"

#include <initializer_list>
#include <string_view>

#include "storage/sqlite/contact_store.h"
#include "storage/sqlite/conversation_rows.h"
#include "storage/sqlite/fields.h"
#include "storage/sqlite/sealed_contact.h"

namespace parley::storage::sqlite {
namespace {

constexpr const char* kSelectEntry =
    "SELECT tenant_id, message_id, conversation_id, channel, event_id, message_seq, created_at, "
    "attempts, next_attempt_at FROM outbox WHERE tenant_id = ? ORDER BY seq";

OutboxEntry entryFromRow(const Statement& row) {
  return OutboxEntry{.tenant_id = TenantId{row.text(0)},
                     .message_id = MessageId{row.text(1)},
                     .conversation_id = ConversationId{row.text(2)},
                     .channel = row.text(3),
                     .event_id = EventId{row.text(4)},
                     .message_seq = row.integer(5),
                     .created_at = fromUnixMillis(row.integer(6)),
                     .attempts = static_cast<int>(row.integer(7)),
                     .next_attempt_at = fromUnixMillis(row.integer(8))};
}

// The message's conversation and sequence. NotFound for an unknown message.
Result<std::pair<ConversationId, int64_t>> placeOf(Connection& db, const TenantId& tenant,
                                                   const MessageId& message) {
  auto query =
      db.statement("SELECT conversation_id, seq FROM messages WHERE tenant_id = ? AND id = ?");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant.value).bind(2, message.value);
  if (!scope->step()) {
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return fail(ErrorCode::NotFound, "no such message");
  }
  return std::pair(ConversationId{scope->text(0)}, scope->integer(1));
}

Result<void> insertEntry(Connection& db, const OutboxEntry& entry) {
  auto insert = db.statement(
      "INSERT INTO outbox (tenant_id, message_id, conversation_id, channel, event_id, message_seq, "
      "seq, attempts, next_attempt_at, created_at) SELECT ?1, ?2, ?3, ?4, ?5, ?6, "
      "coalesce(max(seq), 0) + 1, ?7, ?8, ?9 FROM outbox WHERE tenant_id = ?1");
  if (!insert) {
    return std::unexpected(insert.error());
  }
  StatementScope scope(**insert);
  scope->bind(1, entry.tenant_id.value)
      .bind(2, entry.message_id.value)
      .bind(3, entry.conversation_id.value)
      .bind(4, entry.channel)
      .bind(5, entry.event_id.value)
      .bind(6, entry.message_seq)
      .bind(7, int64_t{entry.attempts})
      .bind(8, toUnixMillis(entry.next_attempt_at))
      .bind(9, toUnixMillis(entry.created_at));
  if (auto inserted = scope->run(); !inserted) {
    if (inserted.error().message.find("UNIQUE") != std::string::npos) {
      return fail(ErrorCode::Conflict, "the message is in the outbox already");
    }
    return inserted;
  }
  return {};
}

Result<void> runWith(Connection& db, const char* sql,
                     std::initializer_list<std::string_view> values) {
  auto statement = db.statement(sql);
  if (!statement) {
    return std::unexpected(statement.error());
  }
  StatementScope scope(**statement);
  int index = 0;
  for (std::string_view value : values) {
    scope->bind(++index, value);
  }
  return scope->run();
}

// The provider's ids of a sent message: the first goes on the message, each into the look-up of
// its channel. An id that named an earlier message names this one from now on, also on the
// messages (their provider ids are unique per channel). Empty ids are no ids.
Result<void> recordProviderIds(Connection& db, const TenantId& tenant, const MessageId& message,
                               const std::vector<std::string>& provider_ids) {
  std::vector<std::string_view> ids;
  for (const std::string& id : provider_ids) {
    if (!id.empty()) {
      ids.push_back(id);
    }
  }
  if (ids.empty()) {
    return {};
  }
  auto query = db.statement("SELECT channel FROM messages WHERE tenant_id = ? AND id = ?");
  if (!query) {
    return std::unexpected(query.error());
  }
  std::string channel;
  {
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, message.value);
    if (!scope->step()) {
      return fail(ErrorCode::Internal,
                  scope->error() ? scope->error()->message : "the message vanished in a write");
    }
    channel = scope->text(0);
  }
  const std::string_view first = ids.front();
  auto released = runWith(db,
                          "UPDATE messages SET provider_message_id = NULL WHERE tenant_id = ? "
                          "AND channel = ? AND provider_message_id = ? AND id <> ?",
                          {tenant.value, channel, first, message.value});
  if (!released) {
    return released;
  }
  auto named =
      runWith(db, "UPDATE messages SET provider_message_id = ? WHERE tenant_id = ? AND id = ?",
              {first, tenant.value, message.value});
  if (!named) {
    return named;
  }
  for (std::string_view id : ids) {
    auto stored = runWith(db,
                          "INSERT OR REPLACE INTO provider_message_ids "
                          "(tenant_id, channel, provider_id, message_id) VALUES (?,?,?,?)",
                          {tenant.value, channel, id, message.value});
    if (!stored) {
      return stored;
    }
  }
  return {};
}

}  // namespace

void SqliteOutboxStore::enqueue(OutboxEntry entry, Done<OutboxEntry> done) {
  entry.event_id = privacy::newId<EventTag>();
  entry.created_at = database_.clock().now();
  entry.next_attempt_at = entry.created_at;
  entry.attempts = 0;
  database_.write<OutboxEntry>(
      [entry = std::move(entry)](WriteContext& context) mutable -> Result<OutboxEntry> {
        auto place = placeOf(context.db, entry.tenant_id, entry.message_id);
        if (!place) {
          return std::unexpected(place.error());
        }
        if (place->first != entry.conversation_id) {
          return fail(ErrorCode::ValidationFailed, "the message is not in that conversation");
        }
        entry.message_seq = place->second;
        if (auto inserted = insertEntry(context.db, entry); !inserted) {
          return std::unexpected(inserted.error());
        }
        return std::move(entry);
      },
      std::move(done));
}

Result<std::vector<OutboxEntry>> SqliteOutboxStore::listPending(const TenantId& tenant) {
  return database_.read([&](Connection& db) -> Result<std::vector<OutboxEntry>> {
    auto query = db.statement(kSelectEntry);
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value);
    std::vector<OutboxEntry> entries;
    while (scope->step()) {
      entries.push_back(entryFromRow(*scope));
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return entries;
  });
}

Result<std::vector<OutboxEntry>> SqliteOutboxStore::listUnrecorded(const TenantId& tenant) {
  return database_.read([&](Connection& db) -> Result<std::vector<OutboxEntry>> {
    auto query = db.statement(
        "SELECT m.id, m.conversation_id, m.channel FROM messages m INDEXED BY messages_unsent "
        "WHERE m.tenant_id = ? AND m.direction = 'outbound' AND m.status = 'queued' "
        "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.tenant_id = m.tenant_id "
        "AND o.message_id = m.id) ORDER BY m.created_at, m.seq");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value);
    std::vector<OutboxEntry> entries;
    while (scope->step()) {
      entries.push_back(OutboxEntry{.tenant_id = tenant,
                                    .message_id = MessageId{scope->text(0)},
                                    .conversation_id = ConversationId{scope->text(1)},
                                    .channel = scope->text(2)});
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return entries;
  });
}

void SqliteOutboxStore::recordAttempt(TenantId tenant, MessageId message, int attempts,
                                      TimePoint next_attempt_at, std::string error,
                                      Done<void> done) {
  database_.write<void>(
      [tenant = std::move(tenant), message = std::move(message), attempts, next_attempt_at,
       error = std::move(error)](WriteContext& context) -> Result<void> {
        auto update = context.db.statement(
            "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? "
            "WHERE tenant_id = ? AND message_id = ?");
        if (!update) {
          return std::unexpected(update.error());
        }
        StatementScope scope(**update);
        scope->bind(1, int64_t{attempts})
            .bind(2, toUnixMillis(next_attempt_at))
            .bind(3, error)
            .bind(4, tenant.value)
            .bind(5, message.value);
        if (auto updated = scope->run(); !updated) {
          return updated;
        }
        if (context.db.changes() == 0) {
          return fail(ErrorCode::NotFound, "the message is not in the outbox");
        }
        return {};
      },
      std::move(done));
}

void SqliteOutboxStore::finish(TenantId tenant, MessageId message, DeliveryStatus status,
                               std::optional<std::string> reason,
                               std::vector<std::string> provider_message_ids, Done<void> done) {
  database_.write<void>(
      [tenant = std::move(tenant), message = std::move(message), status, reason = std::move(reason),
       provider_message_ids =
           std::move(provider_message_ids)](WriteContext& context) -> Result<void> {
        auto remove =
            context.db.statement("DELETE FROM outbox WHERE tenant_id = ? AND message_id = ?");
        if (!remove) {
          return std::unexpected(remove.error());
        }
        {
          StatementScope scope(**remove);
          scope->bind(1, tenant.value).bind(2, message.value);
          if (auto removed = scope->run(); !removed) {
            return removed;
          }
        }
        if (auto set = setMessageStatus(context.db, tenant, message, status, reason); !set) {
          return set;
        }
        return recordProviderIds(context.db, tenant, message, provider_message_ids);
      },
      std::move(done));
}

Result<MessageId> SqliteOutboxStore::findByProviderId(const TenantId& tenant,
                                                      const std::string& channel,
                                                      const std::string& provider_id) {
  return database_.read([&](Connection& db) -> Result<MessageId> {
    auto query = db.statement(
        "SELECT message_id FROM provider_message_ids "
        "WHERE tenant_id = ? AND channel = ? AND provider_id = ?");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, channel).bind(3, provider_id);
    if (!scope->step()) {
      if (scope->error()) {
        return std::unexpected(*scope->error());
      }
      return fail(ErrorCode::NotFound, "no message has that provider id");
    }
    return MessageId{scope->text(0)};
  });
}

Result<std::optional<std::string>> SqliteOutboxStore::identityOf(
    Connection& db, const Conversation& conversation, const privacy::SecretKey& contact_key) {
  auto query = db.statement(
      "SELECT identity_enc FROM contact_identities WHERE tenant_id = ? AND contact_id = ? "
      "AND channel = ? ORDER BY created_at LIMIT 1");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, conversation.tenant_id.value)
      .bind(2, conversation.contact_id.value)
      .bind(3, conversation.channel);
  if (!scope->step()) {
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return std::optional<std::string>();
  }
  // Sealed as ConversationStore::receive seals a new contact's identity.
  auto identity =
      openField(contact_key, conversation.tenant_id, kContactEntity, conversation.contact_id.value,
                "identity." + conversation.channel, scope->blob(0));
  if (!identity) {
    return fail(ErrorCode::Internal, "channel identity does not decrypt");
  }
  return std::optional(std::move(*identity));
}

Result<OutboundMessage> SqliteOutboxStore::findOutbound(const TenantId& tenant,
                                                        const MessageId& message) {
  return database_.read([&](Connection& db) -> Result<OutboundMessage> {
    auto place = placeOf(db, tenant, message);
    if (!place) {
      return std::unexpected(place.error());
    }
    auto conversation = loadConversation(db, tenant, place->first);
    if (!conversation) {
      return std::unexpected(conversation.error());
    }
    std::optional<privacy::SecretKey> key;
    if (auto found = contactKey(database_, db, tenant, conversation->contact_id); found) {
      key = std::move(*found);
    } else if (found.error().code != ErrorCode::NotFound) {
      return std::unexpected(found.error());
    }
    auto query = db.statement(PARLEY_SELECT_MESSAGE "WHERE tenant_id = ? AND id = ?");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, message.value);
    if (!scope->step()) {
      return fail(ErrorCode::Internal,
                  scope->error() ? scope->error()->message : "the message vanished during a read");
    }
    auto found = messageFromRow(*scope, key);
    if (!found) {
      return std::unexpected(found.error());
    }
    OutboundMessage outbound{.conversation = std::move(*conversation),
                             .message = std::move(*found)};
    if (key) {
      auto identity = identityOf(db, outbound.conversation, *key);
      if (!identity) {
        return std::unexpected(identity.error());
      }
      outbound.identity = std::move(*identity);
    }
    return outbound;
  });
}

}  // namespace parley::storage::sqlite
