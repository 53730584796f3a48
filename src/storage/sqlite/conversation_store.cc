#include "storage/sqlite/conversation_store.h"

#include "storage/sqlite/contact_store.h"
#include "storage/sqlite/conversation_rows.h"
#include "storage/sqlite/fields.h"

namespace parley::storage::sqlite {
namespace {

// Decisions are numbered per conversation, in the order they were committed.
Result<void> appendDecision(Connection& db, const TenantId& tenant, const ConversationId& id,
                            const RoutingDecision& decision) {
  auto insert = db.statement(
      "INSERT INTO routing_decisions (tenant_id, conversation_id, seq, at, cause, agent_id, "
      "explanation_json) SELECT ?1, ?2, coalesce(max(seq), 0) + 1, ?3, ?4, ?5, ?6 "
      "FROM routing_decisions WHERE tenant_id = ?1 AND conversation_id = ?2");
  if (!insert) {
    return std::unexpected(insert.error());
  }
  StatementScope scope(**insert);
  scope->bind(1, tenant.value)
      .bind(2, id.value)
      .bind(3, toUnixMillis(decision.at))
      .bind(4, decision.cause)
      .bindOptionalText(5,
                        decision.agent_id ? std::optional(decision.agent_id->value) : std::nullopt)
      .bind(6, decision.explanation_json);
  return scope->run();
}

Result<void> applyUpdate(Connection& db, const TenantId& tenant, const RoutingUpdate& update) {
  auto conversation = loadConversation(db, tenant, update.conversation_id);
  if (!conversation) {
    return std::unexpected(conversation.error());
  }
  if (conversation->state == ConversationState::Closed) {
    return {};  // closed while routing decided: the decision no longer applies
  }
  const Conversation before = *conversation;
  conversation->state = update.state;
  conversation->agent_id = update.agent_id;
  conversation->manual = update.manual;
  conversation->assigned_at = update.assigned_at;
  conversation->offer_deadline = update.offer_deadline;
  conversation->missed_by = update.missed_by;
  if (update.category_id) {
    conversation->category_id = update.category_id;
  }
  if (auto updated = updateConversation(db, before, *conversation); !updated) {
    return updated;
  }
  if (update.decision) {
    return appendDecision(db, tenant, update.conversation_id, *update.decision);
  }
  return {};
}

}  // namespace

Result<std::optional<privacy::SecretKey>> SqliteConversationStore::keyOfContact(
    Connection& db, const TenantId& tenant, const ContactId& contact) {
  auto key = contactKey(database_, db, tenant, contact);
  if (!key) {
    if (key.error().code == ErrorCode::NotFound) {
      return std::optional<privacy::SecretKey>();  // erased
    }
    return std::unexpected(key.error());
  }
  return std::optional(std::move(*key));
}

Result<SqliteConversationStore::Sealing> SqliteConversationStore::sealingOf(
    Connection& db, const TenantId& tenant, const ConversationId& id) {
  auto conversation = loadConversation(db, tenant, id);
  if (!conversation) {
    return std::unexpected(conversation.error());
  }
  auto key = keyOfContact(db, tenant, conversation->contact_id);
  if (!key) {
    return std::unexpected(key.error());
  }
  return Sealing{std::move(*conversation), std::move(*key)};
}

void SqliteConversationStore::addMessage(Message message, Done<Message> done) {
  auto sealing = database_.read(
      [&](Connection& db) { return sealingOf(db, message.tenant_id, message.conversation_id); });
  if (!sealing) {
    done(std::unexpected(sealing.error()));
    return;
  }
  if (sealing->conversation.state == ConversationState::Closed) {
    done(fail(ErrorCode::Conflict, "the conversation is closed"));
    return;
  }
  if (!sealing->key) {
    done(fail(ErrorCode::Conflict, "the contact was erased"));
    return;
  }
  if (message.id.empty()) {
    message.id = privacy::newId<MessageTag>();
  }
  message.contact_id = sealing->conversation.contact_id;
  message.created_at = database_.clock().now();
  std::string sealed = sealMessageContent(*sealing->key, message);
  database_.write<Message>(
      [message = std::move(message),
       sealed = std::move(sealed)](WriteContext& context) mutable -> Result<Message> {
        auto conversation =
            loadConversation(context.db, message.tenant_id, message.conversation_id);
        if (!conversation) {
          return std::unexpected(conversation.error());
        }
        if (conversation->state == ConversationState::Closed) {
          return fail(ErrorCode::Conflict, "the conversation is closed");
        }
        auto inserted = insertMessage(context.db, message, conversation->channel, sealed);
        if (!inserted) {
          return std::unexpected(inserted.error());
        }
        const Conversation before = *conversation;
        conversation->last_message_at = message.created_at;
        if (message.direction == Direction::Outbound && !conversation->first_response_at) {
          conversation->first_response_at = message.created_at;
        }
        if (auto updated = updateConversation(context.db, before, *conversation); !updated) {
          return std::unexpected(updated.error());
        }
        return std::move(message);
      },
      std::move(done));
}

void SqliteConversationStore::updateMessageStatus(TenantId tenant, MessageId message,
                                                  DeliveryStatus status,
                                                  std::optional<std::string> reason,
                                                  Done<void> done) {
  database_.write<void>(
      [tenant = std::move(tenant), message = std::move(message), status,
       reason = std::move(reason)](WriteContext& context) -> Result<void> {
        return setMessageStatus(context.db, tenant, message, status, reason);
      },
      std::move(done));
}

void SqliteConversationStore::applyRouting(TenantId tenant, std::vector<RoutingUpdate> updates,
                                           Done<void> done) {
  for (const RoutingUpdate& update : updates) {
    if (update.state == ConversationState::Closed) {
      done(fail(ErrorCode::ValidationFailed, "routing does not close conversations"));
      return;
    }
  }
  database_.write<void>(
      [tenant = std::move(tenant),
       updates = std::move(updates)](WriteContext& context) -> Result<void> {
        for (const RoutingUpdate& update : updates) {
          if (auto applied = applyUpdate(context.db, tenant, update); !applied) {
            return applied;  // the whole write rolls back
          }
        }
        return {};
      },
      std::move(done));
}

// Who closed it is the caller's to announce; the conversation keeps its agent for statistics.
void SqliteConversationStore::closeConversation(TenantId tenant, ConversationId conversation,
                                                Actor /*actor*/, Done<Conversation> done) {
  const TimePoint now = database_.clock().now();
  database_.write<Conversation>(
      [tenant = std::move(tenant), conversation = std::move(conversation),
       now](WriteContext& context) -> Result<Conversation> {
        auto found = loadConversation(context.db, tenant, conversation);
        if (!found) {
          return std::unexpected(found.error());
        }
        if (found->state == ConversationState::Closed) {
          return fail(ErrorCode::Conflict, "the conversation is closed already");
        }
        const Conversation before = *found;
        found->state = ConversationState::Closed;
        found->closed_at = now;
        found->offer_deadline.reset();
        if (auto updated = updateConversation(context.db, before, *found); !updated) {
          return std::unexpected(updated.error());
        }
        return std::move(*found);
      },
      std::move(done));
}

void SqliteConversationStore::addNote(Note note, Done<Note> done) {
  auto sealing = database_.read(
      [&](Connection& db) { return sealingOf(db, note.tenant_id, note.conversation_id); });
  if (!sealing) {
    done(std::unexpected(sealing.error()));
    return;
  }
  if (!sealing->key) {
    done(fail(ErrorCode::Conflict, "the contact was erased"));
    return;
  }
  if (note.id.empty()) {
    note.id = privacy::newId<NoteTag>();
  }
  note.created_at = database_.clock().now();
  std::string sealed =
      sealField(*sealing->key, note.tenant_id, kNoteEntity, note.id.value, "text", note.text);
  database_.write<Note>(
      [note = std::move(note),
       sealed = std::move(sealed)](WriteContext& context) mutable -> Result<Note> {
        // Not on a conversation whose data was anonymised (retention would not come back to
        // it), nor on one deleted since the caller looked.
        auto insert = context.db.statement(
            "INSERT INTO notes (tenant_id, id, conversation_id, author_id, text_enc, created_at) "
            "SELECT ?,?,?,?,?,? WHERE EXISTS (SELECT 1 FROM conversations WHERE tenant_id = ?1 "
            "AND id = ?3 AND anonymised_at IS NULL)");
        if (!insert) {
          return std::unexpected(insert.error());
        }
        StatementScope scope(**insert);
        scope->bind(1, note.tenant_id.value)
            .bind(2, note.id.value)
            .bind(3, note.conversation_id.value)
            .bind(4, note.author_id.value)
            .bindBlob(5, sealed)
            .bind(6, toUnixMillis(note.created_at));
        if (auto inserted = scope->run(); !inserted) {
          return std::unexpected(inserted.error());
        }
        if (context.db.changes() == 0) {
          return fail(ErrorCode::Conflict, "that conversation's data was anonymised or deleted");
        }
        return std::move(note);
      },
      std::move(done));
}

}  // namespace parley::storage::sqlite
