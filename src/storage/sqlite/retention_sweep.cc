// Retention (P3): what every tenant's schedule says must go, done a small batch at a time.
//
// Conversations are measured from their close: once closed longer than the tenant's
// anonymise_after_days, their messages and notes are sealed again as "Anonymised by retention" and
// their files removed, keeping what statistics need (counts, times, channel, category, agent,
// statuses); once closed longer than delete_after_days they go with everything in them. Audit
// entries older than audit_keep_days are pruned from the front of the chain, after their links
// were checked, and a MAC'd checkpoint of the last pruned link lets the kept chain still verify.
#include <spdlog/spdlog.h>

#include <map>

#include "privacy/audit_chain.h"
#include "storage/sqlite/contact_store.h"
#include "storage/sqlite/conversation_rows.h"
#include "storage/sqlite/fields.h"
#include "storage/sqlite/privacy_store.h"
#include "storage/sqlite/tenant_destruction.h"

namespace parley::storage::sqlite {
namespace {

constexpr std::string_view kRetainedText = "Anonymised by retention";
constexpr std::string_view kRetainedContent = R"({"text":"Anonymised by retention"})";
constexpr int64_t kDayMs = 24 * 60 * 60 * 1000;

const Actor& retentionActor() {
  static const Actor actor = Actor::system("retention");
  return actor;
}

// What a batch still may write, and what it did.
struct Budget {
  size_t left;
  RetentionWork work;
  std::vector<std::pair<TenantId, std::string>> media;  // files to remove once committed
  std::vector<TenantId> destroyed;                      // tenants whose key was destroyed
  std::vector<TenantId> purged;                         // tenants whose files can all go

  bool spent() const { return left == 0; }
  void spend(size_t rows) {
    left -= std::min(left, rows);
    work.rows += rows;
  }
};

struct DueConversation {
  std::string id;
  std::string contact_id;
  int64_t closed_at = 0;
};

// Providers retry a webhook for days (Meta for up to a week): provider ids of conversations closed
// more recently than this are kept, keyed, so a late retry is still a duplicate.
constexpr int64_t kLateRetryMs = 7 * kDayMs;

Result<std::vector<DueConversation>> dueConversations(Connection& db, const char* sql,
                                                      const TenantId& tenant, int64_t closed_before,
                                                      size_t limit) {
  auto query = db.statement(sql);
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant.value).bind(2, closed_before).bind(3, static_cast<int64_t>(limit));
  std::vector<DueConversation> due;
  while (scope->step()) {
    due.push_back({scope->text(0), scope->text(1), scope->integer(2)});
  }
  if (scope->error()) {
    return std::unexpected(*scope->error());
  }
  return due;
}

// Runs `sql` bound to (tenant, conversation); the number of rows it changed.
Result<size_t> forConversation(Connection& db, const char* sql, const TenantId& tenant,
                               std::string_view conversation) {
  auto statement = db.statement(sql);
  if (!statement) {
    return std::unexpected(statement.error());
  }
  StatementScope scope(**statement);
  scope->bind(1, tenant.value).bind(2, conversation);
  if (auto ran = scope->run(); !ran) {
    return std::unexpected(ran.error());
  }
  return static_cast<size_t>(db.changes());
}

// The conversation's files: their rows go now, their files once the write committed.
Result<size_t> dropMedia(Connection& db, const TenantId& tenant, const DueConversation& due,
                         Budget& budget) {
  auto files = db.statement(
      "SELECT id FROM media WHERE tenant_id = ? AND contact_id = ? AND conversation_id = ?");
  auto remove = db.statement(
      "DELETE FROM media WHERE tenant_id = ? AND contact_id = ? AND conversation_id = ?");
  if (!files || !remove) {
    return fail(ErrorCode::Internal, "bad SQL: " + db.lastError());
  }
  for (Statement* statement : {*files, *remove}) {
    StatementScope scope(*statement);
    scope->bind(1, tenant.value).bind(2, due.contact_id).bind(3, due.id);
    if (statement == *files) {
      while (scope->step()) {
        budget.media.emplace_back(tenant, scope->text(0));
      }
      if (scope->error()) {
        return std::unexpected(*scope->error());
      }
    } else if (auto ran = scope->run(); !ran) {
      return std::unexpected(ran.error());
    }
  }
  return static_cast<size_t>(db.changes());
}

class RetentionBatch {
 public:
  RetentionBatch(Database& database, Connection& db, TimePoint now, Budget& budget)
      : database_(database), db_(db), now_(now), budget_(budget) {}

  Result<void> anonymise(const TenantId& tenant, int64_t closed_before) {
    return forEachDue(
        "SELECT id, contact_id, closed_at FROM conversations "
        "INDEXED BY conversations_to_anonymise "
        "WHERE tenant_id = ? AND closed_at IS NOT NULL "
        "AND anonymised_at IS NULL AND closed_at < ? AND state = 'closed' "
        "ORDER BY closed_at LIMIT ?",
        tenant, closed_before, &RetentionBatch::anonymiseConversation, budget_.work.anonymised);
  }

  Result<void> remove(const TenantId& tenant, int64_t closed_before) {
    return forEachDue(
        "SELECT id, contact_id, closed_at FROM conversations "
        "INDEXED BY conversations_closed "
        "WHERE tenant_id = ? AND closed_at IS NOT NULL AND closed_at < ? "
        "AND state = 'closed' ORDER BY closed_at LIMIT ?",
        tenant, closed_before, &RetentionBatch::deleteConversation, budget_.work.deleted);
  }

  // Prunes the front of the tenant's chain older than `before`, after checking its links.
  Result<void> prune(const TenantId& tenant, int64_t before) {
    auto genesis = readAuditCheckpoint(db_, tenant.value);
    if (!genesis) {
      return std::unexpected(genesis.error());
    }
    const int64_t after = *genesis ? (*genesis)->seq : 0;
    auto oldest = db_.statement(
        "SELECT tenant_id, seq, entity, entity_id, attribute, actor_kind, actor_id, at, "
        "value_enc, prev_hash, hash FROM audit_log WHERE tenant_id = ? AND seq > ? "
        "ORDER BY seq LIMIT ?");
    if (!oldest) {
      return std::unexpected(oldest.error());
    }
    std::vector<privacy::AuditLink> links;
    {
      StatementScope scope(**oldest);
      scope->bind(1, tenant.value).bind(2, after).bind(3, static_cast<int64_t>(budget_.left));
      while (scope->step() && scope->integer(7) < before) {
        links.push_back({scope->text(0), scope->integer(1), scope->text(2), scope->text(3),
                         scope->text(4), scope->text(5), scope->text(6), scope->integer(7),
                         scope->blob(8), scope->blob(9), scope->blob(10)});
      }
      if (scope->error()) {
        return std::unexpected(*scope->error());
      }
    }
    if (links.empty()) {
      return {};
    }
    const privacy::SecretKey& chain_key = database_.keyring().auditChainKey();
    if (auto broken = privacy::findChainBreak(chain_key, links,
                                              genesis->has_value() ? &**genesis : nullptr)) {
      // What is wrong stays for `parley admin verify-audit` to show; nothing is pruned over it.
      spdlog::error("retention: tenant {}'s audit chain is broken at entry {} ({}): not pruned",
                    tenant.value, broken->seq, broken->reason);
      return {};
    }
    privacy::AuditCheckpoint checkpoint{tenant.value, links.back().seq, links.back().hash,
                                        toUnixMillis(now_), ""};
    checkpoint.mac = privacy::checkpointMac(chain_key, checkpoint);
    auto drop = db_.statement("DELETE FROM audit_log WHERE tenant_id = ? AND seq > ? AND seq <= ?");
    auto keep = db_.statement(
        "INSERT OR REPLACE INTO audit_checkpoints (tenant_id, seq, hash, at, mac) "
        "VALUES (?,?,?,?,?)");
    if (!drop || !keep) {
      return fail(ErrorCode::Internal, "bad SQL: " + db_.lastError());
    }
    {
      StatementScope scope(**drop);
      scope->bind(1, tenant.value).bind(2, after).bind(3, checkpoint.seq);
      if (auto ran = scope->run(); !ran) {
        return ran;
      }
    }
    StatementScope scope(**keep);
    scope->bind(1, tenant.value)
        .bind(2, checkpoint.seq)
        .bindBlob(3, checkpoint.hash)
        .bind(4, checkpoint.at_ms)
        .bindBlob(5, checkpoint.mac);
    if (auto ran = scope->run(); !ran) {
      return ran;
    }
    budget_.spend(links.size());
    budget_.work.pruned += links.size();
    return {};
  }

 private:
  // Runs `act` on each conversation `sql` finds due, oldest close first, while the budget lasts.
  Result<void> forEachDue(const char* sql, const TenantId& tenant, int64_t closed_before,
                          Result<size_t> (RetentionBatch::*act)(const TenantId&,
                                                                const DueConversation&),
                          size_t& done) {
    auto due = dueConversations(db_, sql, tenant, closed_before, budget_.left);
    if (!due) {
      return std::unexpected(due.error());
    }
    for (const DueConversation& conversation : *due) {
      if (budget_.spent()) {
        break;
      }
      auto rows = (this->*act)(tenant, conversation);
      if (!rows) {
        return std::unexpected(rows.error());
      }
      budget_.spend(*rows);
      ++done;
    }
    return {};
  }

  // Messages are sealed under the key of the contact they came with (a merged-away one keeps its
  // own), so each is sealed again under that key.
  Result<std::optional<privacy::SecretKey>> keyOf(const TenantId& tenant,
                                                  const std::string& contact) {
    const auto cached = keys_.find(contact);
    if (cached != keys_.end()) {
      return cached->second;
    }
    auto key = contactKey(database_, db_, tenant, ContactId{contact});
    std::optional<privacy::SecretKey> found;
    if (key) {
      found = std::move(*key);
    } else if (key.error().code != ErrorCode::NotFound) {
      return std::unexpected(key.error());
    }
    // No key: the contact was erased, its rows are the erasure sweeper's.
    return keys_.emplace(contact, std::move(found)).first->second;
  }

  // The conversation's provider ids, kept keyed when it closed recently (kLateRetryMs).
  Result<size_t> keepRecentProviderIds(const TenantId& tenant, const DueConversation& due) {
    if (due.closed_at < toUnixMillis(now_) - kLateRetryMs) {
      return size_t{0};
    }
    auto tenant_key = database_.tenantKey(db_, tenant);
    if (!tenant_key) {
      return std::unexpected(tenant_key.error());
    }
    const privacy::SecretKey index_key = privacy::Keyring::tenantIndexKey(*tenant_key);
    auto select = db_.statement(
        "SELECT channel, provider_message_id FROM messages WHERE tenant_id = ? AND "
        "conversation_id = ? AND provider_message_id IS NOT NULL");
    if (!select) {
      return std::unexpected(select.error());
    }
    std::vector<std::pair<std::string, std::string>> ids;
    {
      StatementScope scope(**select);
      scope->bind(1, tenant.value).bind(2, due.id);
      while (scope->step()) {
        ids.emplace_back(scope->text(0), scope->text(1));
      }
      if (scope->error()) {
        return std::unexpected(*scope->error());
      }
    }
    for (const auto& [channel, provider_id] : ids) {
      if (auto kept = keepErasedProviderId(db_, tenant, index_key, channel, provider_id); !kept) {
        return std::unexpected(kept.error());
      }
    }
    return ids.size();
  }

  Result<size_t> anonymiseConversation(const TenantId& tenant, const DueConversation& due) {
    auto messages = db_.statement(
        "SELECT id, contact_id FROM messages WHERE tenant_id = ? AND conversation_id = ?");
    auto notes = db_.statement("SELECT id FROM notes WHERE tenant_id = ? AND conversation_id = ?");
    // A provider's failure reason may quote the customer: it goes with the content.
    auto message_update = db_.statement(
        "UPDATE messages SET content_enc = ?, provider_message_id = NULL, status_reason = NULL "
        "WHERE tenant_id = ? AND id = ?");
    auto note_update =
        db_.statement("UPDATE notes SET text_enc = ? WHERE tenant_id = ? AND id = ?");
    if (!messages || !notes || !message_update || !note_update) {
      return fail(ErrorCode::Internal, "bad SQL: " + db_.lastError());
    }
    std::vector<std::pair<std::string, std::string>> message_rows;
    std::vector<std::string> note_ids;
    {
      StatementScope scope(**messages);
      scope->bind(1, tenant.value).bind(2, due.id);
      while (scope->step()) {
        message_rows.emplace_back(scope->text(0), scope->text(1));
      }
      if (scope->error()) {
        return std::unexpected(*scope->error());
      }
    }
    {
      StatementScope scope(**notes);
      scope->bind(1, tenant.value).bind(2, due.id);
      while (scope->step()) {
        note_ids.push_back(scope->text(0));
      }
      if (scope->error()) {
        return std::unexpected(*scope->error());
      }
    }
    auto kept = keepRecentProviderIds(tenant, due);
    if (!kept) {
      return std::unexpected(kept.error());
    }
    size_t rows = *kept;
    // Delivery receipts are no longer matched to these messages: their provider ids are the
    // customer's (a chat id, a phone number).
    auto receipts = forConversation(db_,
                                    "DELETE FROM provider_message_ids WHERE tenant_id = ?1 AND "
                                    "message_id IN (SELECT id FROM messages WHERE tenant_id = ?1 "
                                    "AND conversation_id = ?2)",
                                    tenant, due.id);
    if (!receipts) {
      return std::unexpected(receipts.error());
    }
    rows += *receipts;
    for (const auto& [id, contact] : message_rows) {
      auto key = keyOf(tenant, contact);
      if (!key) {
        return std::unexpected(key.error());
      }
      if (!*key) {
        continue;
      }
      StatementScope scope(**message_update);
      scope->bindBlob(1, sealField(**key, tenant, kMessageEntity, id, "content", kRetainedContent))
          .bind(2, tenant.value)
          .bind(3, id);
      if (auto updated = scope->run(); !updated) {
        return std::unexpected(updated.error());
      }
      ++rows;
    }
    // Notes are sealed under the conversation's contact's key.
    auto note_key = keyOf(tenant, due.contact_id);
    if (!note_key) {
      return std::unexpected(note_key.error());
    }
    for (const std::string& id : note_ids) {
      if (!*note_key) {
        break;
      }
      StatementScope scope(**note_update);
      scope->bindBlob(1, sealField(**note_key, tenant, kNoteEntity, id, "text", kRetainedText))
          .bind(2, tenant.value)
          .bind(3, id);
      if (auto updated = scope->run(); !updated) {
        return std::unexpected(updated.error());
      }
      ++rows;
    }
    auto media = dropMedia(db_, tenant, due, budget_);
    if (!media) {
      return std::unexpected(media.error());
    }
    rows += *media;
    auto marked =
        db_.statement("UPDATE conversations SET anonymised_at = ? WHERE tenant_id = ? AND id = ?");
    if (!marked) {
      return std::unexpected(marked.error());
    }
    StatementScope scope(**marked);
    scope->bind(1, toUnixMillis(now_)).bind(2, tenant.value).bind(3, due.id);
    if (auto ran = scope->run(); !ran) {
      return std::unexpected(ran.error());
    }
    return rows + 1;
  }

  Result<size_t> deleteConversation(const TenantId& tenant, const DueConversation& due) {
    auto media = dropMedia(db_, tenant, due, budget_);
    if (!media) {
      return std::unexpected(media.error());
    }
    auto kept = keepRecentProviderIds(tenant, due);
    if (!kept) {
      return std::unexpected(kept.error());
    }
    size_t rows = *media + *kept;
    // Children first: messages and notes name their conversation; the outbox goes with its
    // messages (ON DELETE CASCADE).
    for (const char* sql :
         {"DELETE FROM provider_message_ids WHERE tenant_id = ?1 AND message_id IN "
          "(SELECT id FROM messages WHERE tenant_id = ?1 AND conversation_id = ?2)",
          "DELETE FROM messages WHERE tenant_id = ? AND conversation_id = ?",
          "DELETE FROM notes WHERE tenant_id = ? AND conversation_id = ?",
          "DELETE FROM routing_decisions WHERE tenant_id = ? AND conversation_id = ?",
          "DELETE FROM conversations WHERE tenant_id = ? AND id = ?"}) {
      auto removed = forConversation(db_, sql, tenant, due.id);
      if (!removed) {
        return std::unexpected(removed.error());
      }
      rows += *removed;
    }
    return rows;
  }

  Database& database_;
  Connection& db_;
  TimePoint now_;
  Budget& budget_;
  std::map<std::string, std::optional<privacy::SecretKey>> keys_;
};

struct TenantToSweep {
  TenantId id;
  bool deleted = false;  // only its audit chain is pruned: the rest is destroyed in time
};

Result<std::vector<TenantToSweep>> allTenants(Connection& db) {
  auto query = db.statement("SELECT id, deleted_at IS NOT NULL FROM tenants ORDER BY id");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  std::vector<TenantToSweep> tenants;
  while (scope->step()) {
    tenants.push_back({TenantId{scope->text(0)}, scope->integer(1) != 0});
  }
  if (scope->error()) {
    return std::unexpected(*scope->error());
  }
  return tenants;
}

// What retention did to one tenant in this batch, audited once for the batch: which action, how
// many, measured from when (no personal data, sealed under the tenant key as tenant-wide values).
Result<void> auditRetention(Database& database, WriteContext& context, const TenantId& tenant,
                            bool deleted, TimePoint now, const RetentionWork& before,
                            const RetentionWork& after, const PrivacySettings& settings) {
  struct Counted {
    size_t RetentionWork::*count;
    std::string_view attribute;
    int days;
  };
  for (const Counted& counted :
       {Counted{&RetentionWork::anonymised, "retention.anonymised", settings.anonymise_after_days},
        Counted{&RetentionWork::deleted, "retention.deleted", settings.delete_after_days},
        Counted{&RetentionWork::pruned, "retention.auditPruned", settings.audit_keep_days}}) {
    const size_t count = after.*counted.count - before.*counted.count;
    if (count == 0) {
      continue;
    }
    AuditChange change{.entity = "tenant",
                       .entity_id = tenant.value,
                       .attribute = std::string(counted.attribute),
                       .value_sealed = {}};
    if (!deleted) {  // a deleted tenant's key no longer opens: no value then
      auto tenant_key = database.tenantKey(context.db, tenant);
      if (!tenant_key) {
        return std::unexpected(tenant_key.error());
      }
      const std::string value =
          std::to_string(count) + " older than " + std::to_string(counted.days) + " days";
      change = auditChange(*tenant_key, tenant, "tenant", tenant.value, counted.attribute, value);
    }
    auto audited = context.audit.append(context.db, tenant, retentionActor(), now, change);
    if (!audited) {
      return audited;
    }
  }
  return {};
}

}  // namespace

void SqlitePrivacyStore::applyRetention(TimePoint now, size_t batch, Done<RetentionWork> done) {
  auto budget = std::make_shared<Budget>(Budget{.left = std::max<size_t>(batch, 1)});
  database_.write<RetentionWork>(
      [this, now, budget](WriteContext& context) -> Result<RetentionWork> {
        Connection& db = context.db;
        auto tenants = allTenants(db);
        if (!tenants) {
          return std::unexpected(tenants.error());
        }
        auto destruction = destroyDeletedTenants(context, now, budget->left);
        if (!destruction) {
          // Logged, not fatal: every other tenant's retention goes on.
          spdlog::error("retention: destroying deleted tenants: {}", destruction.error().message);
          destruction = TenantDestruction{};
        }
        budget->spend(destruction->rows);
        budget->work.tenants_destroyed = destruction->destroyed.size();
        budget->destroyed = destruction->destroyed;
        budget->purged = destruction->purged;
        RetentionBatch work(database_, db, now, *budget);
        const int64_t now_ms = toUnixMillis(now);
        for (const auto& [tenant, deleted] : *tenants) {
          if (budget->spent()) {
            break;
          }
          auto settings = readPrivacySettings(db, tenant);
          if (!settings) {
            return std::unexpected(settings.error());
          }
          const RetentionWork before = budget->work;
          // A deleted tenant's conversations go with it (tenant_destruction.h); only its audit
          // chain keeps its schedule. Deleting first: what is due for both is not anonymised just
          // before it goes.
          if (!deleted) {
            if (auto removed = work.remove(tenant, now_ms - settings->delete_after_days * kDayMs);
                !removed) {
              return std::unexpected(removed.error());
            }
          }
          if (!budget->spent() && !deleted) {
            if (auto anonymised =
                    work.anonymise(tenant, now_ms - settings->anonymise_after_days * kDayMs);
                !anonymised) {
              return std::unexpected(anonymised.error());
            }
          }
          if (!budget->spent()) {
            if (auto pruned = work.prune(tenant, now_ms - settings->audit_keep_days * kDayMs);
                !pruned) {
              return std::unexpected(pruned.error());
            }
          }
          if (auto audited = auditRetention(database_, context, tenant, deleted, now, before,
                                            budget->work, *settings);
              !audited) {
            return std::unexpected(audited.error());
          }
        }
        return budget->work;
      },
      [this, budget, done = std::move(done)](Result<RetentionWork> result) mutable {
        if (result) {
          const auto destroyContactKeys = [this](const TenantId& tenant) {
            if (auto destroyed = database_.contactKeys().destroyTenant(tenant); !destroyed) {
              spdlog::error("destroying the contact keys of tenant {}: {}", tenant.value,
                            destroyed.error().message);
            }
          };
          for (const auto& [tenant, id] : budget->media) {
            media_files_.remove(tenant, MediaId{id});
          }
          for (const TenantId& tenant : budget->destroyed) {
            // Deleted by an operator's command, the key may still be cached in this process.
            database_.keyring().forgetTenantKey(tenant);
            destroyContactKeys(tenant);
          }
          for (const TenantId& tenant : budget->purged) {
            media_files_.removeTenant(tenant);
            destroyContactKeys(tenant);  // again: a crash may have come between
          }
          if ((result->deleted > 0 || result->anonymised > 0 || !budget->destroyed.empty()) &&
              !budget->spent()) {
            // Caught up: the replaced pages of what retention removed leave the log too.
            database_.requestWalTruncation();
          }
        }
        done(std::move(result));
      });
}

}  // namespace parley::storage::sqlite
