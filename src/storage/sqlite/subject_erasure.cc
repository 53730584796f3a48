// The privacy console's irreversible actions (P2, P10): anonymising and erasing one customer, and
// sweeping away the rows an erasure left unreadable.
//
// Both actions reach the contact and every contact merged with it, either way: a merged-away
// contact keeps its own key and its own audit trail, so leaving it would leave the customer's old
// values readable. Anonymising re-keys the kept contact: its messages and notes are sealed again,
// as "Anonymised by DPO", under a new key, and the old key goes, so the audit trail's copies of the
// old values no longer open either. Erasing destroys every key of the chain at once (one row per
// contact, whatever the number of messages); the rows it leaves unreadable are removed afterwards,
// in small batches, by sweepErased.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <deque>
#include <set>

#include "privacy/blind_index.h"
#include "storage/sqlite/contact_store.h"
#include "storage/sqlite/conversation_rows.h"
#include "storage/sqlite/fields.h"
#include "storage/sqlite/privacy_store.h"
#include "storage/sqlite/sealed_contact.h"

namespace parley::storage::sqlite {
namespace {

constexpr std::string_view kAnonymisedText = "Anonymised by DPO";
constexpr std::string_view kAnonymisedContent = R"({"text":"Anonymised by DPO"})";
constexpr std::string_view kCancelledReason = "cancelled: the customer's data was erased";

struct ChainContact {
  ContactId id;
  bool kept = false;  // the one the others were merged into (merged_into is NULL)
  // Erased. (A merged-away contact of an anonymised chain has no key either, but is not erased:
  // the chain can be anonymised again, or erased.)
  bool erased = false;
  std::optional<ContactKeyId> key;  // none once erased (or merged away in an anonymised chain)
};

// The contact and every contact merged with it, either way. NotFound for an unknown contact.
Result<std::vector<ChainContact>> mergeChain(Connection& db, const TenantId& tenant,
                                             const ContactId& start) {
  auto row = db.statement(
      "SELECT merged_into, erased_at IS NOT NULL, key_id FROM contacts "
      "WHERE tenant_id = ? AND id = ?");
  auto merged = db.statement("SELECT id FROM contacts WHERE tenant_id = ? AND merged_into = ?");
  if (!row || !merged) {
    return fail(ErrorCode::Internal, "bad SQL: " + db.lastError());
  }
  std::vector<ChainContact> chain;
  std::set<std::string> seen{start.value};
  std::deque<std::string> next{start.value};
  while (!next.empty()) {
    const std::string id = std::move(next.front());
    next.pop_front();
    ChainContact contact{.id = ContactId{id}};
    {
      StatementScope scope(**row);
      scope->bind(1, tenant.value).bind(2, id);
      if (!scope->step()) {
        if (scope->error()) {
          return std::unexpected(*scope->error());
        }
        return fail(ErrorCode::NotFound, "no such contact");
      }
      contact.kept = scope->isNull(0);
      contact.erased = scope->integer(1) != 0;
      if (auto key = scope->optionalText(2)) {
        contact.key = ContactKeyId{std::move(*key)};
      }
      if (!contact.kept && seen.insert(scope->text(0)).second) {
        next.push_back(scope->text(0));
      }
    }
    {
      StatementScope scope(**merged);
      scope->bind(1, tenant.value).bind(2, id);
      while (scope->step()) {
        if (seen.insert(scope->text(0)).second) {
          next.push_back(scope->text(0));
        }
      }
      if (scope->error()) {
        return std::unexpected(*scope->error());
      }
    }
    chain.push_back(std::move(contact));
  }
  return chain;
}

// Runs one statement bound to (tenant, id).
Result<void> runFor(Connection& db, const char* sql, const TenantId& tenant, std::string_view id) {
  auto statement = db.statement(sql);
  if (!statement) {
    return std::unexpected(statement.error());
  }
  StatementScope scope(**statement);
  scope->bind(1, tenant.value).bind(2, id);
  return scope->run();
}

Result<std::vector<std::string>> idsFor(Connection& db, const char* sql, const TenantId& tenant,
                                        std::string_view id) {
  auto statement = db.statement(sql);
  if (!statement) {
    return std::unexpected(statement.error());
  }
  StatementScope scope(**statement);
  scope->bind(1, tenant.value).bind(2, id);
  std::vector<std::string> ids;
  while (scope->step()) {
    ids.push_back(scope->text(0));
  }
  if (scope->error()) {
    return std::unexpected(*scope->error());
  }
  return ids;
}

// The contact's identities (channel, address), opened while its key exists, so that channels drop
// what they hold in memory from those addresses. None once its key is gone.
Result<void> collectIdentities(Database& database, Connection& db, const TenantId& tenant,
                               const ContactId& contact, SubjectActionResult& result) {
  auto key = contactKey(database, db, tenant, contact);
  if (!key) {
    return key.error().code == ErrorCode::NotFound ? Result<void>{} : std::unexpected(key.error());
  }
  auto query = db.statement(
      "SELECT channel, identity_enc FROM contact_identities "
      "INDEXED BY contact_identities_by_contact WHERE tenant_id = ? AND contact_id = ?");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant.value).bind(2, contact.value);
  while (scope->step()) {
    std::string channel = scope->text(0);
    auto address = openField(*key, tenant, kContactEntity, contact.value, "identity." + channel,
                             scope->blob(1));
    if (!address) {
      return std::unexpected(address.error());
    }
    result.identities.emplace_back(std::move(channel), std::move(*address));
  }
  if (scope->error()) {
    return std::unexpected(*scope->error());
  }
  return {};
}

// What both actions do to each contact of the chain: its open conversations closed (and marked
// anonymised), its messages' delivery failure reasons cleared, its queued outbound messages
// cancelled, its identities, look-ups and consents gone.
Result<void> detach(Connection& db, const TenantId& tenant, const ContactId& contact, TimePoint now,
                    SubjectActionResult& result) {
  auto conversations =
      idsFor(db, "SELECT id FROM conversations WHERE tenant_id = ? AND contact_id = ?", tenant,
             contact.value);
  if (!conversations) {
    return std::unexpected(conversations.error());
  }
  for (const std::string& id : *conversations) {
    result.conversations.push_back(ConversationId{id});
    auto conversation = loadConversation(db, tenant, ConversationId{id});
    if (!conversation) {
      return std::unexpected(conversation.error());
    }
    if (conversation->state != ConversationState::Closed) {
      const Conversation before = *conversation;
      conversation->state = ConversationState::Closed;
      conversation->closed_at = now;
      conversation->offer_deadline.reset();
      if (auto updated = updateConversation(db, before, *conversation); !updated) {
        return updated;
      }
      result.closed.push_back(std::move(*conversation));
    }
    // A provider's reason for a failed delivery may quote the customer's number or words.
    if (auto cleared = runFor(db,
                              "UPDATE messages SET status_reason = NULL WHERE tenant_id = ? AND "
                              "conversation_id = ? AND status_reason IS NOT NULL",
                              tenant, id);
        !cleared) {
      return cleared;
    }
    auto queued =
        idsFor(db, "SELECT message_id FROM outbox WHERE tenant_id = ? AND conversation_id = ?",
               tenant, id);
    if (!queued) {
      return std::unexpected(queued.error());
    }
    for (const std::string& message : *queued) {
      if (auto failed = setMessageStatus(db, tenant, MessageId{message}, DeliveryStatus::Failed,
                                         std::string(kCancelledReason));
          !failed) {
        return failed;
      }
      if (auto removed = runFor(db, "DELETE FROM outbox WHERE tenant_id = ? AND message_id = ?",
                                tenant, message);
          !removed) {
        return removed;
      }
      result.cancelled.push_back(MessageId{message});
    }
  }
  // Retention has nothing left to anonymise in them.
  auto anonymised = db.statement(
      "UPDATE conversations SET anonymised_at = ? WHERE tenant_id = ? AND contact_id = ?");
  if (!anonymised) {
    return std::unexpected(anonymised.error());
  }
  StatementScope scope(**anonymised);
  scope->bind(1, toUnixMillis(now)).bind(2, tenant.value).bind(3, contact.value);
  if (auto marked = scope->run(); !marked) {
    return marked;
  }
  for (const char* sql : {"DELETE FROM contact_lookup WHERE tenant_id = ? AND contact_id = ?",
                          "DELETE FROM contact_identities WHERE tenant_id = ? AND contact_id = ?",
                          "DELETE FROM contact_consents WHERE tenant_id = ? AND contact_id = ?"}) {
    if (auto removed = runFor(db, sql, tenant, contact.value); !removed) {
      return removed;
    }
  }
  result.contacts.push_back(contact);
  return {};
}

// Stored idempotent answers may hold the customer's data (a reply's text), sealed under the tenant
// key; which customer each is about is not known, so all of the tenant's go.
Result<void> forgetIdempotentAnswers(Connection& db, const TenantId& tenant) {
  // A request still running (status 0) keeps its key: its retry must wait, not run again.
  auto forget = db.statement("DELETE FROM idempotency_keys WHERE tenant_id = ? AND status <> 0");
  if (!forget) {
    return std::unexpected(forget.error());
  }
  StatementScope scope(**forget);
  scope->bind(1, tenant.value);
  return scope->run();
}

// Who did what, when: never a value.
Result<void> auditAction(WriteContext& context, const TenantId& tenant, const ContactId& contact,
                         const Actor& actor, TimePoint now, std::string_view action) {
  return context.audit.append(context.db, tenant, actor, now,
                              AuditChange{.entity = std::string(kContactEntity),
                                          .entity_id = contact.value,
                                          .attribute = std::string(action),
                                          .value_sealed = {}});
}

// Channels build provider ids from the customer's own id (Telegram's "<chat>:<message>", a
// Messenger sender's): an anonymised customer's go, kept only keyed so that a late retry is still
// known as a duplicate. Delivery receipts for those messages are no longer matched.
Result<void> keepProviderIdsKeyed(Connection& db, const TenantId& tenant, const ContactId& contact,
                                  const privacy::SecretKey& index_key) {
  auto select = db.statement(
      "SELECT m.id, m.channel, m.provider_message_id FROM conversations c JOIN messages m "
      "ON m.tenant_id = c.tenant_id AND m.conversation_id = c.id "
      "WHERE c.tenant_id = ? AND c.contact_id = ? AND m.provider_message_id IS NOT NULL");
  auto clear =
      db.statement("UPDATE messages SET provider_message_id = NULL WHERE tenant_id = ? AND id = ?");
  auto receipts =
      db.statement("DELETE FROM provider_message_ids WHERE tenant_id = ? AND message_id = ?");
  if (!select || !clear || !receipts) {
    return fail(ErrorCode::Internal, "bad SQL: " + db.lastError());
  }
  std::vector<std::tuple<std::string, std::string, std::string>> rows;
  {
    StatementScope scope(**select);
    scope->bind(1, tenant.value).bind(2, contact.value);
    while (scope->step()) {
      rows.emplace_back(scope->text(0), scope->text(1), scope->text(2));
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
  }
  for (const auto& [id, channel, provider_id] : rows) {
    if (auto kept = keepErasedProviderId(db, tenant, index_key, channel, provider_id); !kept) {
      return kept;
    }
    for (Statement* statement : {*clear, *receipts}) {
      StatementScope scope(*statement);
      scope->bind(1, tenant.value).bind(2, id);
      if (auto ran = scope->run(); !ran) {
        return ran;
      }
    }
  }
  return {};
}

// Seals every message and note of the contact's conversations again, as the anonymised text, under
// `key`; returns the ids of the contact's media, whose rows it deletes (the caller removes the
// files once committed).
Result<std::vector<std::string>> rewriteAnonymised(Connection& db, const TenantId& tenant,
                                                   const ContactId& contact,
                                                   const privacy::SecretKey& key) {
  auto messages = idsFor(db,
                         "SELECT m.id FROM conversations c JOIN messages m "
                         "ON m.tenant_id = c.tenant_id AND m.conversation_id = c.id "
                         "WHERE c.tenant_id = ? AND c.contact_id = ?",
                         tenant, contact.value);
  auto notes = idsFor(db,
                      "SELECT n.id FROM conversations c JOIN notes n "
                      "ON n.tenant_id = c.tenant_id AND n.conversation_id = c.id "
                      "WHERE c.tenant_id = ? AND c.contact_id = ?",
                      tenant, contact.value);
  auto media = idsFor(db, "SELECT id FROM media WHERE tenant_id = ? AND contact_id = ?", tenant,
                      contact.value);
  auto message_update =
      db.statement("UPDATE messages SET content_enc = ? WHERE tenant_id = ? AND id = ?");
  auto note_update = db.statement("UPDATE notes SET text_enc = ? WHERE tenant_id = ? AND id = ?");
  if (!messages || !notes || !media || !message_update || !note_update) {
    return fail(ErrorCode::Internal, "bad SQL: " + db.lastError());
  }
  for (const std::string& id : *messages) {
    StatementScope scope(**message_update);
    scope->bindBlob(1, sealField(key, tenant, kMessageEntity, id, "content", kAnonymisedContent))
        .bind(2, tenant.value)
        .bind(3, id);
    if (auto updated = scope->run(); !updated) {
      return std::unexpected(updated.error());
    }
  }
  for (const std::string& id : *notes) {
    StatementScope scope(**note_update);
    scope->bindBlob(1, sealField(key, tenant, kNoteEntity, id, "text", kAnonymisedText))
        .bind(2, tenant.value)
        .bind(3, id);
    if (auto updated = scope->run(); !updated) {
      return std::unexpected(updated.error());
    }
  }
  if (auto removed = runFor(db, "DELETE FROM media WHERE tenant_id = ? AND contact_id = ?", tenant,
                            contact.value);
      !removed) {
    return std::unexpected(removed.error());
  }
  return std::move(*media);
}

}  // namespace

namespace {

// The keys the chain's contacts had before an anonymisation or erase replaced or removed them.
std::vector<ContactKeyId> keysOf(const std::vector<ChainContact>& chain) {
  std::vector<ContactKeyId> keys;
  for (const ChainContact& member : chain) {
    if (member.key) {
      keys.push_back(*member.key);
    }
  }
  return keys;
}

// After the commit: a crash before this leaves keys no contact names, which the next start
// destroys (contact_key_store.h). A failure here is retried by the key store in the background.
void destroyKeys(Database& database, const TenantId& tenant,
                 const std::vector<ContactKeyId>& keys) {
  if (auto destroyed = database.contactKeys().destroy(tenant, keys); !destroyed) {
    spdlog::error("destroying {} contact keys of tenant {}: {} (retried in the background)",
                  keys.size(), tenant.value, destroyed.error().message);
  }
}

}  // namespace

void SqlitePrivacyStore::anonymiseSubject(TenantId tenant, ContactId contact, Actor actor,
                                          Done<SubjectActionResult> done) {
  auto tenant_key = database_.tenantKey(tenant);
  if (!tenant_key) {
    done(std::unexpected(tenant_key.error()));
    return;
  }
  // The kept contact gets a new key, on disk before the write that uses it.
  auto planned_chain =
      database_.read([&](Connection& db) { return mergeChain(db, tenant, contact); });
  if (!planned_chain) {
    done(std::unexpected(planned_chain.error()));
    return;
  }
  const auto kept = std::ranges::find_if(*planned_chain, &ChainContact::kept);
  if (kept == planned_chain->end()) {
    done(fail(ErrorCode::Internal, "a merge chain without its kept contact"));
    return;
  }
  auto new_key = database_.contactKeys().newKeyFor(tenant, *tenant_key, kept->id);
  if (!new_key) {
    done(std::unexpected(new_key.error()));
    return;
  }
  const TimePoint now = database_.clock().now();
  auto old_keys = std::make_shared<std::vector<ContactKeyId>>();
  auto media = std::make_shared<std::vector<std::string>>();
  database_.write<SubjectActionResult>(
      [this, tenant, contact, actor = std::move(actor), now, tenant_key = *tenant_key,
       new_key = *new_key, old_keys, media](WriteContext& context) -> Result<SubjectActionResult> {
        Connection& db = context.db;
        auto chain = mergeChain(db, tenant, contact);
        if (!chain) {
          return std::unexpected(chain.error());
        }
        if (std::ranges::any_of(*chain, &ChainContact::erased)) {
          return fail(ErrorCode::Conflict, "that contact was erased already");
        }
        const auto kept_now = std::ranges::find_if(*chain, &ChainContact::kept);
        if (kept_now == chain->end() || kept_now->id != new_key.contact) {
          return fail(ErrorCode::Conflict, "that contact was merged meanwhile: try again");
        }
        SubjectActionResult result;
        if (auto forgot = forgetIdempotentAnswers(db, tenant); !forgot) {
          return std::unexpected(forgot.error());
        }
        auto clear = db.statement(
            "UPDATE contacts SET key_id = ?, name_enc = NULL, email_enc = NULL, "
            "phone_enc = NULL, attributes_enc = NULL, anonymised_at = ?, updated_at = ?2 "
            "WHERE tenant_id = ? AND id = ?");
        if (!clear) {
          return std::unexpected(clear.error());
        }
        for (const ChainContact& member : *chain) {
          if (auto collected = collectIdentities(database_, db, tenant, member.id, result);
              !collected) {
            return std::unexpected(collected.error());
          }
          if (auto detached = detach(db, tenant, member.id, now, result); !detached) {
            return std::unexpected(detached.error());
          }
          std::optional<std::string> key_id;  // merged-away contacts hold nothing: no key
          if (member.kept) {
            auto forgotten = keepProviderIdsKeyed(db, tenant, member.id,
                                                  privacy::Keyring::tenantIndexKey(tenant_key));
            if (!forgotten) {
              return std::unexpected(forgotten.error());
            }
            auto rewritten = rewriteAnonymised(db, tenant, member.id, new_key.key);
            if (!rewritten) {
              return std::unexpected(rewritten.error());
            }
            media->insert(media->end(), rewritten->begin(), rewritten->end());
            key_id = new_key.id.value;
          }
          StatementScope scope(**clear);
          scope->bindOptionalText(1, key_id)
              .bind(2, toUnixMillis(now))
              .bind(3, tenant.value)
              .bind(4, member.id.value);
          if (auto cleared = scope->run(); !cleared) {
            return std::unexpected(cleared.error());
          }
          if (auto audited = auditAction(context, tenant, member.id, actor, now, "anonymised");
              !audited) {
            return std::unexpected(audited.error());
          }
        }
        *old_keys = keysOf(*chain);
        return result;
      },
      [this, tenant, media, old_keys, new_key_id = new_key->id,
       done = std::move(done)](Result<SubjectActionResult> result) mutable {
        if (result) {
          destroyKeys(database_, tenant, *old_keys);
          for (const std::string& id : *media) {
            media_files_.remove(tenant, MediaId{id});
          }
          database_.requestWalTruncation();
        } else {
          destroyKeys(database_, tenant, {new_key_id});  // unused: the write failed
        }
        done(std::move(result));
      });
}

void SqlitePrivacyStore::eraseSubject(TenantId tenant, ContactId contact, Actor actor,
                                      Done<SubjectActionResult> done) {
  const TimePoint now = database_.clock().now();
  auto keys = std::make_shared<std::vector<ContactKeyId>>();
  database_.write<SubjectActionResult>(
      [this, tenant, contact, actor = std::move(actor), now,
       keys](WriteContext& context) -> Result<SubjectActionResult> {
        Connection& db = context.db;
        auto chain = mergeChain(db, tenant, contact);
        if (!chain) {
          return std::unexpected(chain.error());
        }
        if (std::ranges::all_of(*chain, &ChainContact::erased)) {
          return fail(ErrorCode::Conflict, "that contact was erased already");
        }
        SubjectActionResult result;
        if (auto forgot = forgetIdempotentAnswers(db, tenant); !forgot) {
          return std::unexpected(forgot.error());
        }
        for (const ChainContact& member : *chain) {
          if (auto collected = collectIdentities(database_, db, tenant, member.id, result);
              !collected) {
            return std::unexpected(collected.error());
          }
          if (auto detached = detach(db, tenant, member.id, now, result); !detached) {
            return std::unexpected(detached.error());
          }
          auto destroy = db.statement(
              "UPDATE contacts SET key_id = NULL, name_enc = NULL, email_enc = NULL, "
              "phone_enc = NULL, attributes_enc = NULL, erased_at = ?, updated_at = ?1 "
              "WHERE tenant_id = ? AND id = ?");
          if (!destroy) {
            return std::unexpected(destroy.error());
          }
          StatementScope scope(**destroy);
          scope->bind(1, toUnixMillis(now)).bind(2, tenant.value).bind(3, member.id.value);
          if (auto destroyed = scope->run(); !destroyed) {
            return std::unexpected(destroyed.error());
          }
          if (auto audited = auditAction(context, tenant, member.id, actor, now, "erased");
              !audited) {
            return std::unexpected(audited.error());
          }
        }
        *keys = keysOf(*chain);
        return result;
      },
      [this, tenant, keys, done = std::move(done)](Result<SubjectActionResult> result) mutable {
        if (result) {
          // Before the answer: once the DPO reads "erased", the keys are gone from the disk.
          destroyKeys(database_, tenant, *keys);
          database_.requestWalTruncation();
        }
        done(std::move(result));
      });
}

void SqlitePrivacyStore::sweepErased(size_t batch, Done<size_t> done) {
  auto media = std::make_shared<std::vector<std::pair<TenantId, std::string>>>();
  auto finished = std::make_shared<bool>(false);  // a contact's sweep ended in this write
  database_.write<size_t>(
      [this, batch, media, finished](WriteContext& context) -> Result<size_t> {
        Connection& db = context.db;
        auto next = db.statement(
            "SELECT tenant_id, id FROM contacts WHERE erased_at IS NOT NULL AND swept_at IS NULL "
            "ORDER BY erased_at LIMIT 1");
        if (!next) {
          return std::unexpected(next.error());
        }
        TenantId tenant;
        std::string contact;
        {
          StatementScope scope(**next);
          if (!scope->step()) {
            if (scope->error()) {
              return std::unexpected(*scope->error());
            }
            return size_t{0};
          }
          tenant = TenantId{scope->text(0)};
          contact = scope->text(1);
        }
        auto tenant_key = database_.tenantKey(db, tenant);
        if (!tenant_key) {
          return std::unexpected(tenant_key.error());
        }
        const privacy::SecretKey index_key = privacy::Keyring::tenantIndexKey(*tenant_key);
        size_t removed = 0;

        // Messages: their provider ids are kept, keyed, so that a provider's late retry of one is
        // still recognised as seen (and cannot bring the contact back).
        auto messages = db.statement(
            "SELECT m.rowid, m.channel, m.provider_message_id FROM conversations c "
            "JOIN messages m ON m.tenant_id = c.tenant_id AND m.conversation_id = c.id "
            "WHERE c.tenant_id = ? AND c.contact_id = ? LIMIT ?");
        auto remove = db.statement("DELETE FROM messages WHERE rowid = ?");
        if (!messages || !remove) {
          return fail(ErrorCode::Internal, "bad SQL: " + db.lastError());
        }
        std::vector<std::tuple<int64_t, std::string, std::optional<std::string>>> rows;
        {
          StatementScope scope(**messages);
          scope->bind(1, tenant.value).bind(2, contact).bind(3, static_cast<int64_t>(batch));
          while (scope->step()) {
            rows.emplace_back(scope->integer(0), scope->text(1), scope->optionalText(2));
          }
          if (scope->error()) {
            return std::unexpected(*scope->error());
          }
        }
        for (const auto& [rowid, channel, provider_id] : rows) {
          if (provider_id) {
            if (auto kept = keepErasedProviderId(db, tenant, index_key, channel, *provider_id);
                !kept) {
              return std::unexpected(kept.error());
            }
          }
          StatementScope scope(**remove);
          scope->bind(1, rowid);
          if (auto deleted = scope->run(); !deleted) {
            return std::unexpected(deleted.error());
          }
        }
        removed += rows.size();
        if (removed < batch) {
          auto files = idsFor(db, "SELECT id FROM media WHERE tenant_id = ? AND contact_id = ?",
                              tenant, contact);
          if (!files) {
            return std::unexpected(files.error());
          }
          for (std::string& id : *files) {
            media->emplace_back(tenant, std::move(id));
          }
          for (const char* sql :
               {"DELETE FROM notes WHERE tenant_id = ?1 AND conversation_id IN "
                "(SELECT id FROM conversations WHERE tenant_id = ?1 AND contact_id = ?2)",
                "DELETE FROM media WHERE tenant_id = ? AND contact_id = ?"}) {
            if (auto deleted = runFor(db, sql, tenant, contact); !deleted) {
              return std::unexpected(deleted.error());
            }
            removed += static_cast<size_t>(db.changes());
          }
          if (auto swept = runFor(db,
                                  "UPDATE contacts SET swept_at = updated_at "
                                  "WHERE tenant_id = ? AND id = ?",
                                  tenant, contact);
              !swept) {
            return std::unexpected(swept.error());
          }
          ++removed;  // the contact itself is done: the caller comes back for the next one
          *finished = true;
        }
        return removed;
      },
      [this, media, finished, done = std::move(done)](Result<size_t> removed) mutable {
        if (removed) {
          for (const auto& [tenant, id] : *media) {
            media_files_.remove(tenant, MediaId{id});
          }
          if (*finished) {
            // A contact's last rows went: the old pages holding them leave the log too.
            database_.requestWalTruncation();
          }
        }
        done(std::move(removed));
      });
}

std::string erasedProviderIndex(const privacy::SecretKey& index_key, std::string_view channel,
                                std::string_view provider_id) {
  return privacy::blindIndex(index_key, "erased-message:" + std::string(channel), provider_id);
}

Result<void> keepErasedProviderId(Connection& db, const TenantId& tenant,
                                  const privacy::SecretKey& index_key, std::string_view channel,
                                  std::string_view provider_id) {
  auto keep = db.statement(
      "INSERT OR IGNORE INTO erased_provider_ids (tenant_id, channel, provider_index) "
      "VALUES (?,?,?)");
  if (!keep) {
    return std::unexpected(keep.error());
  }
  StatementScope scope(**keep);
  scope->bind(1, tenant.value)
      .bind(2, channel)
      .bindBlob(3, erasedProviderIndex(index_key, channel, provider_id));
  return scope->run();
}

}  // namespace parley::storage::sqlite
