#include "storage/sqlite/migrations.h"

#include <string>

#include "storage/sqlite/connection.h"

namespace parley::storage::sqlite {
namespace {

struct Migration {
  int version;
  const char* sql;
};

// Small rows keyed by text are WITHOUT ROWID (one b-tree instead of a table and its key index);
// rows of a kilobyte or more (contacts, audit_log) are not, because such tables spill large rows to
// overflow pages. Columns ending in _enc hold XChaCha20-Poly1305 ciphertext; _index columns hold
// keyed blind indexes.
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE tenants (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  wrapped_key BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  deleted_at INTEGER
);
CREATE TABLE users (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  email_index BLOB NOT NULL UNIQUE,
  email_enc BLOB NOT NULL,
  display_name_enc BLOB NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;
CREATE TABLE sessions (
  secret_hash BLOB PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  user_id TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  user_agent_enc BLOB,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX sessions_by_user ON sessions (tenant_id, user_id);
CREATE TABLE api_tokens (
  secret_hash BLOB PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX api_tokens_by_tenant ON api_tokens (tenant_id);
CREATE TABLE contacts (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  wrapped_key BLOB,
  name_enc BLOB,
  email_enc BLOB,
  phone_enc BLOB,
  attributes_enc BLOB,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE TABLE contact_lookup (
  tenant_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  blind_index BLOB NOT NULL,
  contact_id TEXT NOT NULL,
  PRIMARY KEY (tenant_id, kind, blind_index, contact_id)
) WITHOUT ROWID;
CREATE TABLE audit_log (
  tenant_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  attribute TEXT NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  value_enc BLOB NOT NULL,
  prev_hash BLOB NOT NULL,
  hash BLOB NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX audit_by_entity ON audit_log (tenant_id, entity, entity_id, seq);
)sql"},
};

Result<int> currentVersion(Connection& connection) {
  auto created = connection.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      "version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL DEFAULT (unixepoch()))");
  if (!created) {
    return std::unexpected(created.error());
  }
  auto query = connection.statement("SELECT coalesce(max(version), 0) FROM schema_migrations");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->step();
  return static_cast<int>(scope->integer(0));
}

}  // namespace

Result<int> migrate(Connection& connection) {
  auto version = currentVersion(connection);
  if (!version) {
    return version;
  }
  for (const Migration& migration : kMigrations) {
    if (migration.version <= *version) {
      continue;
    }
    const std::string script = std::string("BEGIN IMMEDIATE;") + migration.sql +
                               "INSERT INTO schema_migrations (version) VALUES (" +
                               std::to_string(migration.version) + "); COMMIT;";
    if (auto applied = connection.exec(script); !applied) {
      (void)connection.exec("ROLLBACK");
      return fail(ErrorCode::Internal, "migration " + std::to_string(migration.version) +
                                           " failed: " + applied.error().message);
    }
    *version = migration.version;
  }
  return *version;
}

}  // namespace parley::storage::sqlite
