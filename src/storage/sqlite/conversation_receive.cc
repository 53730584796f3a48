// ConversationStore::receive: one inbound message, from channel identity to stored message, in one
// write.

#include <algorithm>

#include "privacy/blind_index.h"
#include "storage/sqlite/conversation_rows.h"
#include "storage/sqlite/conversation_store.h"
#include "storage/sqlite/fields.h"
#include "storage/sqlite/media_store.h"
#include "storage/sqlite/privacy_store.h"
#include "storage/sqlite/sealed_contact.h"

namespace parley::storage::sqlite {
namespace {

// A contact made for an unknown identity, sealed under its own new key.
struct NewContact {
  Contact contact;
  SealedContact sealed;
  std::string identity_sealed;
  AuditChange identity_change;
};

std::string identityAttribute(std::string_view channel) {
  return "identity." + std::string(channel);
}

std::string trimmed(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) {
    return {};
  }
  return std::string(text.substr(first, text.find_last_not_of(kSpace) - first + 1));
}

Result<NewContact> newContact(ContactKeyStore& keys, const privacy::SecretKey& tenant_key,
                              const InboundMessage& message, TimePoint now) {
  auto key = keys.newContactKey(message.tenant_id, tenant_key);
  if (!key) {
    return std::unexpected(key.error());
  }
  Contact contact{.tenant_id = message.tenant_id,
                  .id = key->contact,
                  .name = message.contact_name,
                  .created_at = now};
  SealedContact sealed = sealContact(*key, tenant_key, contact);
  const std::string attribute = identityAttribute(message.channel);
  std::string identity_sealed = sealField(sealed.key, contact.tenant_id, kContactEntity,
                                          contact.id.value, attribute, message.identity);
  AuditChange identity_change = auditChange(sealed.key, contact.tenant_id, kContactEntity,
                                            contact.id.value, attribute, message.identity);
  return NewContact{std::move(contact), std::move(sealed), std::move(identity_sealed),
                    std::move(identity_change)};
}

// The contact wrote on the channel: whatever made them unreachable there is over (on each of their
// identities there, as ChannelStore::setUnreachable marks them all).
Result<void> clearUnreachable(Connection& db, const TenantId& tenant, std::string_view channel,
                              const ContactId& contact) {
  auto update = db.statement(
      "UPDATE contact_identities SET unreachable = NULL, unreachable_at = NULL WHERE tenant_id = ? "
      "AND contact_id = ? AND channel = ? AND unreachable IS NOT NULL");
  if (!update) {
    return std::unexpected(update.error());
  }
  StatementScope scope(**update);
  scope->bind(1, tenant.value).bind(2, contact.value).bind(3, channel);
  return scope->run();
}

Result<std::optional<Conversation>> findOne(Statement& query) {
  StatementScope scope(query);
  if (!scope->step()) {
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return std::optional<Conversation>();
  }
  auto conversation = conversationFromRow(*scope);
  if (!conversation) {
    return std::unexpected(conversation.error());
  }
  return std::optional(std::move(*conversation));
}

// The contact's open conversation on the channel, else the one closed last within the window.
Result<std::optional<Conversation>> findReusable(Connection& db, const TenantId& tenant,
                                                 const ContactId& contact, std::string_view channel,
                                                 TimePoint closed_since) {
  auto open = db.statement(PARLEY_SELECT_CONVERSATION
                           "WHERE tenant_id = ? AND contact_id = ? AND channel = ? "
                           "AND state <> 'closed'");
  // A contact has few conversations; the planner, left alone, would rather scan every
  // conversation of the tenant closed within the window.
  auto closed = db.statement(PARLEY_SELECT_CONVERSATION
                             "INDEXED BY conversations_by_contact "
                             "WHERE tenant_id = ? AND contact_id = ? AND channel = ? "
                             "AND state = 'closed' AND closed_at >= ? AND anonymised_at IS NULL "
                             "ORDER BY closed_at DESC LIMIT 1");
  if (!open || !closed) {
    return fail(ErrorCode::Internal, "bad SQL: " + db.lastError());
  }
  (*open)->bind(1, tenant.value).bind(2, contact.value).bind(3, channel);
  auto found = findOne(**open);
  if (!found || *found) {
    return found;
  }
  (*closed)
      ->bind(1, tenant.value)
      .bind(2, contact.value)
      .bind(3, channel)
      .bind(4, toUnixMillis(closed_since));
  return findOne(**closed);
}

// On a channel with a reply window, the customer's message (re)opens it, counted from when the
// provider says it was sent, as the provider counts. Never later than it arrived (a provider clock
// ahead of Parley's does not lengthen the window) and never earlier than the last one (messages of
// a batch, or retries, may come out of order).
void openReplyWindow(const InboundMessage& in, TimePoint now, Conversation& conversation) {
  if (!in.reply_window) {
    return;
  }
  TimePoint sent = std::min(in.sent_at.value_or(now), now);
  if (conversation.customer_last_at && *conversation.customer_last_at > sent) {
    sent = *conversation.customer_last_at;
  }
  conversation.customer_last_at = sent;
  conversation.reply_window_closes_at = sent + *in.reply_window;
}

// Finds the contact's open conversation on the channel, or reopens the one closed last within the
// window (unless its data was anonymised), or makes a new one; it then holds the message about to
// be stored.
Result<void> placeInConversation(Connection& db, const InboundMessage& in, TimePoint now,
                                 const ConversationId& new_id, ReceivedMessage& received) {
  auto reusable =
      findReusable(db, in.tenant_id, received.contact_id, in.channel, now - in.reopen_window);
  if (!reusable) {
    return std::unexpected(reusable.error());
  }
  if (!*reusable) {
    received.conversation = Conversation{.tenant_id = in.tenant_id,
                                         .id = new_id,
                                         .contact_id = received.contact_id,
                                         .channel = in.channel,
                                         .category_id = in.category_id,
                                         .state = ConversationState::Queued,
                                         .enqueued_at = now,
                                         .created_at = now,
                                         .last_message_at = now};
    openReplyWindow(in, now, received.conversation);
    received.new_conversation = true;
    return insertConversation(db, received.conversation);
  }
  Conversation& conversation = **reusable;
  const Conversation before = conversation;
  if (conversation.state == ConversationState::Closed) {
    conversation.state = ConversationState::Queued;
    conversation.agent_id.reset();
    conversation.manual = false;
    conversation.enqueued_at = now;
    conversation.assigned_at.reset();
    conversation.offer_deadline.reset();
    conversation.missed_by.clear();
    conversation.closed_at.reset();
    if (!conversation.category_id) {
      conversation.category_id = in.category_id;  // a category chosen before (a transfer) stays
    }
    received.reopened = true;
  }
  conversation.last_message_at = now;
  openReplyWindow(in, now, conversation);
  received.conversation = std::move(conversation);
  return updateConversation(db, before, received.conversation);
}

}  // namespace

// What receive() works out on the caller's thread, so that the writer mostly runs SQL.
struct SqliteConversationStore::PreparedInbound {
  InboundMessage message;
  TimePoint now;
  privacy::SecretKey tenant_key;
  std::string identity_index;
  std::string erased_index;  // the provider id as an erased message's would be kept, if it has one
  MessageId message_id = privacy::newId<MessageTag>();
  ConversationId conversation_id = privacy::newId<ConversationTag>();  // if a new one is made
  // The contact the identity belonged to when read (or a new one), and the content sealed under
  // that contact's key.
  ContactId contact_id;
  privacy::SecretKey contact_key;
  std::string content_sealed;
  std::optional<NewContact> new_contact;
  std::vector<std::string> media_keys_sealed;  // each staged file's key, under the contact's key
};

Result<ContactId> SqliteConversationStore::findContactByIdentity(const TenantId& tenant,
                                                                 const std::string& channel,
                                                                 const std::string& identity) {
  auto tenant_key = database_.tenantKey(tenant);
  if (!tenant_key) {
    return std::unexpected(tenant_key.error());
  }
  const std::string index =
      identityIndex(privacy::Keyring::tenantIndexKey(*tenant_key), channel, trimmed(identity));
  return database_.read([&](Connection& db) -> Result<ContactId> {
    auto contact = findIdentity(db, tenant, channel, index);
    if (!contact) {
      return std::unexpected(contact.error());
    }
    if (!*contact) {
      return fail(ErrorCode::NotFound, "no contact with that identity");
    }
    return **contact;
  });
}

Result<void> SqliteConversationStore::prepareInbound(PreparedInbound& prepared) {
  InboundMessage& message = prepared.message;
  message.identity = trimmed(message.identity);
  if (message.channel.empty() || message.identity.empty()) {
    return fail(ErrorCode::ValidationFailed, "an inbound message needs a channel and an identity");
  }
  auto tenant_key = database_.tenantKey(message.tenant_id);
  if (!tenant_key) {
    return std::unexpected(tenant_key.error());
  }
  prepared.tenant_key = *tenant_key;
  prepared.now = database_.clock().now();
  const privacy::SecretKey index_key = privacy::Keyring::tenantIndexKey(*tenant_key);
  prepared.identity_index = identityIndex(index_key, message.channel, message.identity);
  if (message.provider_message_id) {
    prepared.erased_index =
        erasedProviderIndex(index_key, message.channel, *message.provider_message_id);
  }
  using Known = std::optional<std::pair<ContactId, privacy::SecretKey>>;
  auto known = database_.read([&](Connection& db) -> Result<Known> {
    auto contact = findIdentity(db, message.tenant_id, message.channel, prepared.identity_index);
    if (!contact) {
      return std::unexpected(contact.error());
    }
    if (!*contact) {
      return Known();
    }
    auto key = keyOfContact(db, message.tenant_id, **contact);
    if (!key) {
      return std::unexpected(key.error());
    }
    if (!*key) {
      return Known();
    }
    return Known(std::pair(std::move(**contact), std::move(**key)));
  });
  if (!known) {
    return std::unexpected(known.error());
  }
  if (*known) {
    prepared.contact_id = (*known)->first;
    prepared.contact_key = (*known)->second;
  } else {
    auto created = newContact(database_.contactKeys(), prepared.tenant_key, message, prepared.now);
    if (!created) {
      return std::unexpected(created.error());
    }
    prepared.new_contact = std::move(*created);
    prepared.contact_id = prepared.new_contact->contact.id;
    prepared.contact_key = prepared.new_contact->sealed.key;
  }
  prepared.content_sealed =
      sealMessageContent(prepared.contact_key, Message{.tenant_id = message.tenant_id,
                                                       .id = prepared.message_id,
                                                       .content = message.content});
  sealMediaKeys(prepared, prepared.contact_key);
  return {};
}

// The staged files' keys, sealed under the contact's key for their rows.
void SqliteConversationStore::sealMediaKeys(PreparedInbound& prepared,
                                            const privacy::SecretKey& contact_key) {
  prepared.media_keys_sealed.clear();
  for (const StagedMedia& media : prepared.message.media) {
    prepared.media_keys_sealed.push_back(
        sealMediaKey(contact_key, prepared.message.tenant_id, media.id, media.file_key));
  }
}

void SqliteConversationStore::discardMedia(const InboundMessage& message) {
  for (const StagedMedia& media : message.media) {
    media_.remove(message.tenant_id, media.id);
  }
}

static Result<void> insertMediaRows(Connection& db, const InboundMessage& in,
                                    const std::vector<std::string>& keys_sealed,
                                    const ReceivedMessage& received, TimePoint now) {
  for (size_t index = 0; index < in.media.size(); ++index) {
    const StagedMedia& media = in.media[index];
    auto insert = db.statement(
        "INSERT INTO media (tenant_id, id, contact_id, conversation_id, message_id, mime_type, "
        "size, key_enc, name_enc, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)");
    if (!insert) {
      return std::unexpected(insert.error());
    }
    StatementScope scope(**insert);
    scope->bind(1, in.tenant_id.value)
        .bind(2, media.id.value)
        .bind(3, received.contact_id.value)
        .bind(4, received.conversation.id.value)
        .bind(5, received.message.id.value)
        .bind(6, media.mime_type)
        .bind(7, static_cast<int64_t>(media.size))
        .bindBlob(8, keys_sealed[index])
        .bindBlob(9, media.name_sealed)
        .bind(10, toUnixMillis(now));
    if (auto inserted = scope->run(); !inserted) {
      return inserted;
    }
  }
  return {};
}

void SqliteConversationStore::receive(InboundMessage message, Done<ReceivedMessage> done) {
  auto prepared = std::make_unique<PreparedInbound>();
  prepared->message = std::move(message);
  if (auto ready = prepareInbound(*prepared); !ready) {
    discardMedia(prepared->message);
    done(std::unexpected(ready.error()));
    return;
  }
  PreparedInbound& ready = *prepared;
  database_.write<ReceivedMessage>(
      [this, &ready](WriteContext& context) -> Result<ReceivedMessage> {
        return applyInbound(context, ready);
      },
      // Media files nothing names (a repeat, a failed write) go again.
      [this, prepared = std::move(prepared),
       done = std::move(done)](Result<ReceivedMessage> received) mutable {
        if (!received || received->duplicate) {
          discardMedia(prepared->message);
        }
        done(std::move(received));
      });
}

Result<std::optional<ReceivedMessage>> SqliteConversationStore::findDuplicate(
    Connection& db, const InboundMessage& message, std::string_view erased_index) {
  auto query = db.statement(PARLEY_SELECT_MESSAGE
                            "WHERE tenant_id = ? AND channel = ? AND provider_message_id = ?");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, message.tenant_id.value)
      .bind(2, message.channel)
      .bind(3, *message.provider_message_id);
  if (!scope->step()) {
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return erasedDuplicate(db, message, erased_index);
  }
  // Opening the earlier message runs crypto on the writer thread: only for retried webhooks.
  auto sealing = sealingOf(db, message.tenant_id, ConversationId{scope->text(2)});
  if (!sealing) {
    return std::unexpected(sealing.error());
  }
  auto earlier = messageFromRow(*scope, sealing->key);
  if (!earlier) {
    return std::unexpected(earlier.error());
  }
  return std::optional(ReceivedMessage{.contact_id = earlier->contact_id,
                                       .conversation = std::move(sealing->conversation),
                                       .message = std::move(*earlier),
                                       .duplicate = true,
                                       .erased = !sealing->key});
}

// A repeat of a message whose contact was erased and swept: known by its kept provider id only.
Result<std::optional<ReceivedMessage>> SqliteConversationStore::erasedDuplicate(
    Connection& db, const InboundMessage& message, std::string_view erased_index) {
  auto query = db.statement(
      "SELECT 1 FROM erased_provider_ids WHERE tenant_id = ? AND channel = ? "
      "AND provider_index = ?");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, message.tenant_id.value).bind(2, message.channel).bindBlob(3, erased_index);
  if (!scope->step()) {
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return std::optional<ReceivedMessage>();
  }
  return std::optional(ReceivedMessage{.duplicate = true, .erased = true});
}

Result<privacy::SecretKey> SqliteConversationStore::resolveContact(WriteContext& context,
                                                                   PreparedInbound& prepared,
                                                                   ReceivedMessage& received) {
  Connection& db = context.db;
  const InboundMessage& in = prepared.message;
  auto contact = findIdentity(db, in.tenant_id, in.channel, prepared.identity_index);
  if (!contact) {
    return std::unexpected(contact.error());
  }
  if (*contact) {
    received.contact_id = **contact;
    if (auto cleared = clearUnreachable(db, in.tenant_id, in.channel, received.contact_id);
        !cleared) {
      return std::unexpected(cleared.error());
    }
    if (received.contact_id == prepared.contact_id) {
      return prepared.contact_key;
    }
    // Another message created the identity's contact since the read (two first messages at once):
    // its key is opened here, on the writer thread (a rare race).
    auto key = keyOfContact(db, in.tenant_id, received.contact_id);
    if (!key) {
      return std::unexpected(key.error());
    }
    if (!*key) {
      return fail(ErrorCode::Internal, "the identity's contact has no key");
    }
    return **key;
  }
  if (!prepared.new_contact) {
    // The identity's contact was erased since the read: a new contact after all, its crypto run
    // here on the writer thread (a rare race).
    auto created = newContact(database_.contactKeys(), prepared.tenant_key, in, prepared.now);
    if (!created) {
      return std::unexpected(created.error());
    }
    prepared.new_contact = std::move(*created);
  }
  const NewContact& created = *prepared.new_contact;
  const Actor actor = Actor::system("channel:" + in.channel);
  auto inserted = insertContact(context, created.contact, created.sealed, actor);
  if (inserted) {
    inserted = insertContactIdentity(db, in.tenant_id, in.channel, prepared.identity_index,
                                     created.contact.id, created.identity_sealed,
                                     created.contact.created_at);
  }
  if (inserted) {
    inserted = context.audit.append(db, in.tenant_id, actor, prepared.now, created.identity_change);
  }
  if (!inserted) {
    return std::unexpected(inserted.error());
  }
  received.contact_id = created.contact.id;
  received.new_contact = true;
  return created.sealed.key;
}

Result<ReceivedMessage> SqliteConversationStore::applyInbound(WriteContext& context,
                                                              PreparedInbound& prepared) {
  const InboundMessage& in = prepared.message;
  if (in.provider_message_id) {
    auto duplicate = findDuplicate(context.db, in, prepared.erased_index);
    if (!duplicate) {
      return std::unexpected(duplicate.error());
    }
    if (*duplicate) {
      return std::move(**duplicate);
    }
  }
  ReceivedMessage received;
  auto key = resolveContact(context, prepared, received);
  if (!key) {
    return std::unexpected(key.error());
  }
  auto placed =
      placeInConversation(context.db, in, prepared.now, prepared.conversation_id, received);
  if (!placed) {
    return std::unexpected(placed.error());
  }
  received.message = Message{.tenant_id = in.tenant_id,
                             .id = prepared.message_id,
                             .conversation_id = received.conversation.id,
                             .contact_id = received.contact_id,
                             .direction = Direction::Inbound,
                             .content = in.content,
                             .status = DeliveryStatus::Received,
                             .provider_message_id = in.provider_message_id,
                             .created_at = prepared.now};
  if (received.contact_id != prepared.contact_id) {
    prepared.content_sealed = sealMessageContent(*key, received.message);
    sealMediaKeys(prepared, *key);  // sealed for another contact: again, for this one
  }
  auto inserted = insertMessage(context.db, received.message, in.channel, prepared.content_sealed);
  if (inserted) {
    inserted = insertMediaRows(context.db, in, prepared.media_keys_sealed, received, prepared.now);
  }
  if (!inserted) {
    return std::unexpected(inserted.error());
  }
  return received;
}

}  // namespace parley::storage::sqlite
