#include "storage/sqlite/audit_store.h"

#include <algorithm>
#include <array>
#include <climits>
#include <map>
#include <tuple>

#include "privacy/audit_chain.h"
#include "storage/sqlite/contact_store.h"
#include "storage/sqlite/fields.h"
#include "storage/sqlite/personal_keys.h"

namespace parley::storage::sqlite {
namespace {

Actor::Kind parseActorKind(std::string_view kind) {
  if (kind == "user") return Actor::Kind::User;
  if (kind == "token") return Actor::Kind::Token;
  return Actor::Kind::System;
}

// Values are sealed under the key of the data they describe: a contact's own key, a user's or an
// invite's personal key for their email and name (personal_keys.h), else the tenant key. nullopt
// once that key is destroyed.
Result<std::optional<privacy::SecretKey>> valueKey(Database& database, Connection& db,
                                                   const TenantId& tenant, std::string_view entity,
                                                   std::string_view entity_id, bool personal) {
  if (entity == "contact") {
    auto key = contactKey(database, db, tenant, ContactId{std::string(entity_id)});
    if (!key) {
      if (key.error().code == ErrorCode::NotFound) {
        return std::optional<privacy::SecretKey>();  // erased: values are unreadable by design
      }
      return std::unexpected(key.error());
    }
    return std::optional(*key);
  }
  auto key = database.tenantKey(db, tenant);
  if (!key) {
    return std::unexpected(key.error());
  }
  if (personal) {
    return personalKey(db, *key, tenant, entity, entity_id);
  }
  return std::optional(*key);
}

// Every anchored entry of the tenant must be in its chain, with the hash the journal saw, unless it
// was pruned (before the checkpoint, which then must match where they meet).
std::optional<privacy::ChainBreak> anchorBreak(const std::string& tenant,
                                               const std::vector<privacy::AuditLink>& chain,
                                               const privacy::AuditCheckpoint* genesis,
                                               const AnchoredHeads& anchors) {
  const auto anchored = anchors.find(tenant);
  if (anchored == anchors.end()) {
    return std::nullopt;
  }
  const int64_t first = genesis ? genesis->seq + 1 : 1;
  for (const auto& [seq, hash] : anchored->second) {
    if (seq < first - 1 || (genesis && seq == genesis->seq && hash == genesis->hash)) {
      continue;  // pruned
    }
    if (genesis && seq == genesis->seq) {
      return privacy::ChainBreak{seq, "the pruned chain's checkpoint differs from its anchor"};
    }
    const auto index = static_cast<size_t>(seq - first);
    if (seq < first || index >= chain.size()) {
      return privacy::ChainBreak{
          seq,
          "anchored outside the database but missing: the chain was truncated or an older "
          "copy of the database was put back"};
    }
    if (chain[index].hash != hash) {
      return privacy::ChainBreak{
          seq,
          "differs from its anchor: an older copy of the database was put back and written "
          "to again"};
    }
  }
  return std::nullopt;
}

}  // namespace

Result<std::vector<AuditEntry>> SqliteAuditStore::listAudit(const TenantId& tenant,
                                                            std::string_view entity,
                                                            std::string_view entity_id) {
  return database_.read([&](Connection& db) -> Result<std::vector<AuditEntry>> {
    // The entity's key, and its personal key if it has personal attributes.
    std::array<std::optional<std::optional<privacy::SecretKey>>, 2> keys;
    auto query = db.statement(
        "SELECT seq, attribute, actor_kind, actor_id, at, value_enc FROM audit_log "
        "WHERE tenant_id = ? AND entity = ? AND entity_id = ? ORDER BY seq LIMIT 1000");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, entity).bind(3, entity_id);
    std::vector<AuditEntry> entries;
    while (scope->step()) {
      AuditEntry entry{scope->integer(0),
                       std::string(entity),
                       std::string(entity_id),
                       scope->text(1),
                       Actor{parseActorKind(scope->text(2)), scope->text(3)},
                       fromUnixMillis(scope->integer(4)),
                       std::nullopt};
      const std::string sealed = scope->blob(5);
      const bool personal = isPersonalAuditAttribute(entity, entry.attribute);
      std::optional<std::optional<privacy::SecretKey>>& key = keys[personal ? 1 : 0];
      if (!key) {
        auto found = valueKey(database_, db, tenant, entity, entity_id, personal);
        if (!found) {
          return std::unexpected(found.error());
        }
        key = std::move(*found);
      }
      if (*key && !sealed.empty()) {
        auto value = privacy::unseal(**key, sealed,
                                     auditContext(tenant, entity, entity_id, entry.attribute));
        if (value) {
          entry.value = std::move(*value);
        }
      }
      entries.push_back(std::move(entry));
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return entries;
  });
}

Result<std::vector<AuditEntry>> SqliteAuditStore::searchAudit(const TenantId& tenant,
                                                              const AuditFilter& filter) {
  constexpr size_t kMaxLimit = 1000;
  return database_.read([&](Connection& db) -> Result<std::vector<AuditEntry>> {
    // One entity's entries walk its index; the rest walk the tenant's chain back from the cursor.
    auto query = db.statement(
        filter.entity_id.empty()
            ? "SELECT entity, entity_id, seq, attribute, actor_kind, actor_id, at, value_enc "
              "FROM audit_log WHERE tenant_id = ?1 AND seq < ?2 AND (?3 = '' OR entity = ?3) "
              "AND (?5 = '' OR attribute = ?5 OR attribute LIKE ?5 || '.%') "
              "AND (?6 = '' OR actor_kind = ?6) AND (?7 = '' OR actor_id = ?7) "
              "AND at >= ?8 AND at < ?9 ORDER BY seq DESC LIMIT ?10"
            : "SELECT entity, entity_id, seq, attribute, actor_kind, actor_id, at, value_enc "
              "FROM audit_log INDEXED BY audit_by_entity WHERE tenant_id = ?1 AND entity = ?3 "
              "AND entity_id = ?4 AND seq < ?2 "
              "AND (?5 = '' OR attribute = ?5 OR attribute LIKE ?5 || '.%') "
              "AND (?6 = '' OR actor_kind = ?6) AND (?7 = '' OR actor_id = ?7) "
              "AND at >= ?8 AND at < ?9 ORDER BY seq DESC LIMIT ?10");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value)
        .bind(2, filter.before_seq > 0 ? filter.before_seq : INT64_MAX)
        .bind(3, filter.entity)
        .bind(4, filter.entity_id)
        .bind(5, filter.attribute)
        .bind(6, filter.actor_kind ? actorKindName(*filter.actor_kind) : std::string_view(""))
        .bind(7, filter.actor_id)
        .bind(8, filter.from ? toUnixMillis(*filter.from) : INT64_MIN)
        .bind(9, filter.until ? toUnixMillis(*filter.until) : INT64_MAX)
        .bind(10, static_cast<int64_t>(std::clamp<size_t>(filter.limit, 1, kMaxLimit)));
    // Each entity's key (and personal key) is looked up once per page.
    std::map<std::tuple<std::string, std::string, bool>, std::optional<privacy::SecretKey>> keys;
    std::vector<AuditEntry> entries;
    while (scope->step()) {
      AuditEntry entry{scope->integer(2),
                       scope->text(0),
                       scope->text(1),
                       scope->text(3),
                       Actor{parseActorKind(scope->text(4)), scope->text(5)},
                       fromUnixMillis(scope->integer(6)),
                       std::nullopt};
      const bool personal = isPersonalAuditAttribute(entry.entity, entry.attribute);
      auto known = keys.find({entry.entity, entry.entity_id, personal});
      if (known == keys.end()) {
        auto key = valueKey(database_, db, tenant, entry.entity, entry.entity_id, personal);
        if (!key) {
          return std::unexpected(key.error());
        }
        known = keys.emplace(std::tuple(entry.entity, entry.entity_id, personal), std::move(*key))
                    .first;
      }
      const std::string sealed = scope->blob(7);
      if (known->second && !sealed.empty()) {
        auto value =
            privacy::unseal(*known->second, sealed,
                            auditContext(tenant, entry.entity, entry.entity_id, entry.attribute));
        if (value) {
          entry.value = std::move(*value);
        }
      }
      entries.push_back(std::move(entry));
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return entries;
  });
}

void SqliteAuditStore::appendReads(std::vector<AuditRead> reads, Done<void> done) {
  database_.write<void>(
      [reads = std::move(reads)](WriteContext& context) -> Result<void> {
        auto live =
            context.db.statement("SELECT 1 FROM tenants WHERE id = ? AND deleted_at IS NULL");
        if (!live) {
          return std::unexpected(live.error());
        }
        std::map<std::string, bool> in_use;
        for (const AuditRead& read : reads) {
          auto known = in_use.find(read.tenant.value);
          if (known == in_use.end()) {
            StatementScope scope(**live);
            scope->bind(1, read.tenant.value);
            known = in_use.emplace(read.tenant.value, scope->step()).first;
          }
          if (!known->second) {
            continue;
          }
          auto appended = context.audit.append(context.db, read.tenant, read.actor, read.at,
                                               AuditChange{.entity = read.entity,
                                                           .entity_id = read.entity_id,
                                                           .attribute = read.attribute,
                                                           .value_sealed = {}});
          if (!appended) {
            return appended;
          }
        }
        return {};
      },
      std::move(done));
}

Result<AuditVerification> SqliteAuditStore::verifyAudit() {
  return database_.read([&](Connection& db) -> Result<AuditVerification> {
    // One snapshot: a prune committing between the checkpoints and the links would pair an old
    // checkpoint with a chain that now starts later.
    // What this process noted goes to the journal first, then the journal is read back.
    database_.anchors().flush();
    auto anchors =
        readAuditAnchors(database_.auditAnchorsPath(), database_.keyring().auditChainKey());
    if (!anchors) {
      return AuditVerification{.broken = anchors.error().message};
    }
    if (auto began = db.run("BEGIN"); !began) {
      return std::unexpected(began.error());
    }
    auto verified = verifyChains(db, *anchors);
    (void)db.run("COMMIT");
    return verified;
  });
}

Result<AuditVerification> SqliteAuditStore::verifyChains(Connection& db, AnchoredHeads& anchors) {
  auto checkpoints = readAuditCheckpoints(db);
  if (!checkpoints) {
    return std::unexpected(checkpoints.error());
  }
  auto query = db.statement(
      "SELECT tenant_id, seq, entity, entity_id, attribute, actor_kind, actor_id, at, value_enc, "
      "prev_hash, hash FROM audit_log ORDER BY tenant_id, seq");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  AuditVerification verification;
  std::vector<privacy::AuditLink> chain;
  // One tenant's chain, from its checkpoint when a prefix was pruned.
  const auto check = [&](const std::string tenant) -> bool {  // a copy: `chain` is cleared
    const auto genesis = checkpoints->find(tenant);
    auto broken =
        privacy::findChainBreak(database_.keyring().auditChainKey(), chain,
                                genesis == checkpoints->end() ? nullptr : &genesis->second);
    if (!broken) {
      broken = anchorBreak(tenant, chain,
                           genesis == checkpoints->end() ? nullptr : &genesis->second, anchors);
    }
    if (broken) {
      verification.broken =
          "tenant " + tenant + ", entry " + std::to_string(broken->seq) + ": " + broken->reason;
    }
    chain.clear();
    checkpoints->erase(tenant);
    anchors.erase(tenant);
    return !broken;
  };
  while (scope->step()) {
    privacy::AuditLink link{scope->text(0), scope->integer(1), scope->text(2), scope->text(3),
                            scope->text(4), scope->text(5),    scope->text(6), scope->integer(7),
                            scope->blob(8), scope->blob(9),    scope->blob(10)};
    if (!chain.empty() && chain.front().tenant_id != link.tenant_id &&
        !check(chain.front().tenant_id)) {
      return verification;
    }
    chain.push_back(std::move(link));
    ++verification.entries;
  }
  if (scope->error()) {
    return std::unexpected(*scope->error());
  }
  if (!chain.empty() && !check(chain.front().tenant_id)) {
    return verification;
  }
  // Tenants whose whole chain was pruned: their checkpoint alone; then tenants the journal
  // anchored whose chain is gone altogether.
  while (!checkpoints->empty()) {
    if (!check(checkpoints->begin()->first)) {
      return verification;
    }
  }
  while (!anchors.empty()) {
    if (!check(anchors.begin()->first)) {
      return verification;
    }
  }
  return verification;
}

}  // namespace parley::storage::sqlite
