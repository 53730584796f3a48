#include "storage/sqlite/audit_appender.h"

#include "storage/sqlite/connection.h"

namespace parley::storage::sqlite {

Result<AuditAppender::Head*> AuditAppender::head(Connection& db, const std::string& tenant) {
  if (auto found = heads_.find(tenant); found != heads_.end()) {
    return &found->second;
  }
  auto query =
      db.statement("SELECT seq, hash FROM audit_log WHERE tenant_id = ? ORDER BY seq DESC LIMIT 1");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant);
  Head head;
  if (scope->step()) {
    head = Head{scope->integer(0), scope->blob(1)};
  } else if (scope->error()) {
    return std::unexpected(*scope->error());
  } else {
    // Every entry was pruned: the chain goes on from its checkpoint.
    auto checkpoint = readAuditCheckpoint(db, tenant);
    if (!checkpoint) {
      return std::unexpected(checkpoint.error());
    }
    if (*checkpoint) {
      head = Head{(*checkpoint)->seq, (*checkpoint)->hash};
    }
  }
  return &heads_.insert_or_assign(tenant, std::move(head)).first->second;
}

Result<void> AuditAppender::append(Connection& db, const TenantId& tenant, const Actor& actor,
                                   TimePoint at, const AuditChange& change) {
  auto current = head(db, tenant.value);
  if (!current) {
    return std::unexpected(current.error());
  }
  touched_.insert(tenant.value);
  in_transaction_.insert(tenant.value);
  privacy::AuditLink link{tenant.value,
                          (*current)->seq + 1,
                          change.entity,
                          change.entity_id,
                          change.attribute,
                          std::string(actorKindName(actor.kind)),
                          actor.id,
                          toUnixMillis(at),
                          change.value_sealed,
                          (*current)->hash,
                          ""};
  link.hash = privacy::linkHash(chain_key_, link);
  auto insert = db.statement(
      "INSERT INTO audit_log (tenant_id, seq, entity, entity_id, attribute, actor_kind, actor_id, "
      "at, value_enc, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  if (!insert) {
    return std::unexpected(insert.error());
  }
  StatementScope scope(**insert);
  scope->bind(1, link.tenant_id)
      .bind(2, link.seq)
      .bind(3, link.entity)
      .bind(4, link.entity_id)
      .bind(5, link.attribute)
      .bind(6, link.actor_kind)
      .bind(7, link.actor_id)
      .bind(8, link.at_ms)
      .bindBlob(9, link.value_sealed)
      .bindBlob(10, link.prev_hash)
      .bindBlob(11, link.hash);
  if (auto done = scope->run(); !done) {
    return done;
  }
  **current = Head{link.seq, link.hash};
  return {};
}

void AuditAppender::forgetTouched() {
  for (const std::string& tenant : touched_) {
    heads_.erase(tenant);
  }
  touched_.clear();
}

std::vector<std::tuple<std::string, int64_t, std::string>> AuditAppender::takeCommitted() {
  std::vector<std::tuple<std::string, int64_t, std::string>> committed;
  for (const std::string& tenant : in_transaction_) {
    // A head a rolled-back savepoint made unknown is re-read, and anchored, next time.
    if (auto head = heads_.find(tenant); head != heads_.end()) {
      committed.emplace_back(tenant, head->second.seq, head->second.hash);
    }
  }
  in_transaction_.clear();
  return committed;
}

void AuditAppender::forgetAll() {
  heads_.clear();
  touched_.clear();
  in_transaction_.clear();
}

Result<std::map<std::string, privacy::AuditCheckpoint>> readAuditCheckpoints(Connection& db) {
  auto query = db.statement("SELECT tenant_id, seq, hash, at, mac FROM audit_checkpoints");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  std::map<std::string, privacy::AuditCheckpoint> checkpoints;
  while (scope->step()) {
    privacy::AuditCheckpoint checkpoint{scope->text(0), scope->integer(1), scope->blob(2),
                                        scope->integer(3), scope->blob(4)};
    checkpoints.emplace(checkpoint.tenant_id, std::move(checkpoint));
  }
  if (scope->error()) {
    return std::unexpected(*scope->error());
  }
  return checkpoints;
}

Result<std::optional<privacy::AuditCheckpoint>> readAuditCheckpoint(Connection& db,
                                                                    std::string_view tenant) {
  auto query = db.statement(
      "SELECT tenant_id, seq, hash, at, mac FROM audit_checkpoints WHERE tenant_id = ?");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant);
  if (!scope->step()) {
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return std::nullopt;
  }
  return privacy::AuditCheckpoint{scope->text(0), scope->integer(1), scope->blob(2),
                                  scope->integer(3), scope->blob(4)};
}

}  // namespace parley::storage::sqlite
