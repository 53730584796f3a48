#include "storage/sqlite/session_store.h"

#include "storage/sqlite/fields.h"

namespace parley::storage::sqlite {
namespace {

constexpr std::string_view kEntity = "session";
#define PARLEY_SELECT_SESSION                                                             \
  "SELECT id, tenant_id, user_id, csrf_token, user_agent_enc, created_at, last_seen_at, " \
  "expires_at FROM sessions "

}  // namespace

Result<Session> SqliteSessionStore::sessionFromRow(Connection& db, const Statement& row) {
  Session session{SessionId{row.text(0)},
                  TenantId{row.text(1)},
                  UserId{row.text(2)},
                  row.text(3),
                  "",
                  fromUnixMillis(row.integer(5)),
                  fromUnixMillis(row.integer(6)),
                  fromUnixMillis(row.integer(7))};
  if (auto sealed = row.optionalBlob(4)) {
    auto key = database_.tenantKey(db, session.tenant_id);
    if (!key) {
      return std::unexpected(key.error());
    }
    auto agent =
        openField(*key, session.tenant_id, kEntity, session.id.value, "userAgent", *sealed);
    session.user_agent = agent.value_or("");
  }
  return session;
}

void SqliteSessionStore::createSession(Session session, std::string secret_hash,
                                       Done<Session> done) {
  auto key = database_.tenantKey(session.tenant_id);
  if (!key) {
    done(std::unexpected(key.error()));
    return;
  }
  std::string agent_sealed = sealField(*key, session.tenant_id, kEntity, session.id.value,
                                       "userAgent", session.user_agent);
  database_.write<Session>(
      [session, secret_hash = std::move(secret_hash),
       agent_sealed = std::move(agent_sealed)](WriteContext& context) -> Result<Session> {
        auto insert = context.db.statement(
            "INSERT INTO sessions (secret_hash, id, tenant_id, user_id, csrf_token, "
            "user_agent_enc, "
            "created_at, last_seen_at, expires_at) VALUES (?,?,?,?,?,?,?,?,?)");
        if (!insert) {
          return std::unexpected(insert.error());
        }
        StatementScope scope(**insert);
        scope->bindBlob(1, secret_hash)
            .bind(2, session.id.value)
            .bind(3, session.tenant_id.value)
            .bind(4, session.user_id.value)
            .bind(5, session.csrf_token)
            .bindBlob(6, agent_sealed)
            .bind(7, toUnixMillis(session.created_at))
            .bind(8, toUnixMillis(session.last_seen_at))
            .bind(9, toUnixMillis(session.expires_at));
        if (auto inserted = scope->run(); !inserted) {
          return std::unexpected(inserted.error());
        }
        return session;
      },
      std::move(done));
}

Result<Session> SqliteSessionStore::findSessionBySecretHash(std::string_view secret_hash) {
  return database_.read([&](Connection& db) -> Result<Session> {
    auto query =
        db.statement(PARLEY_SELECT_SESSION
                     "WHERE secret_hash = ? AND revoked_at IS NULL"
                     " AND tenant_id IN (SELECT id FROM tenants WHERE deleted_at IS NULL)");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bindBlob(1, secret_hash);
    if (!scope->step()) {
      if (scope->error()) {
        return std::unexpected(*scope->error());
      }
      return fail(ErrorCode::NotFound, "no such session");
    }
    return sessionFromRow(db, *scope);
  });
}

Result<std::vector<Session>> SqliteSessionStore::listSessions(const TenantId& tenant,
                                                              const UserId& user) {
  const int64_t now = toUnixMillis(database_.clock().now());
  return database_.read([&](Connection& db) -> Result<std::vector<Session>> {
    auto query = db.statement(PARLEY_SELECT_SESSION
                              "WHERE tenant_id = ? AND user_id = ? AND revoked_at IS NULL "
                              "AND expires_at > ? ORDER BY created_at DESC");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, user.value).bind(3, now);
    std::vector<Session> sessions;
    while (scope->step()) {
      auto session = sessionFromRow(db, *scope);
      if (!session) {
        return std::unexpected(session.error());
      }
      sessions.push_back(std::move(*session));
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return sessions;
  });
}

void SqliteSessionStore::touchSession(const TenantId& tenant, const SessionId& session,
                                      TimePoint at) {
  database_.write<void>(
      [tenant, session, at](WriteContext& context) -> Result<void> {
        auto update = context.db.statement(
            "UPDATE sessions SET last_seen_at = max(last_seen_at, ?) WHERE tenant_id = ? AND id = "
            "?");
        if (!update) {
          return std::unexpected(update.error());
        }
        StatementScope scope(**update);
        scope->bind(1, toUnixMillis(at)).bind(2, tenant.value).bind(3, session.value);
        return scope->run();
      },
      [](Result<void>) {});
}

void SqliteSessionStore::revokeSession(const TenantId& tenant, const UserId& user,
                                       const SessionId& session, Done<void> done) {
  const int64_t now = toUnixMillis(database_.clock().now());
  database_.write<void>(
      [tenant, user, session, now](WriteContext& context) -> Result<void> {
        auto update = context.db.statement(
            "UPDATE sessions SET revoked_at = ? WHERE tenant_id = ? AND user_id = ? AND id = ? "
            "AND revoked_at IS NULL");
        if (!update) {
          return std::unexpected(update.error());
        }
        StatementScope scope(**update);
        scope->bind(1, now).bind(2, tenant.value).bind(3, user.value).bind(4, session.value);
        if (auto updated = scope->run(); !updated) {
          return updated;
        }
        if (context.db.changes() == 0) {
          return fail(ErrorCode::NotFound, "no such session");
        }
        return {};
      },
      std::move(done));
}

}  // namespace parley::storage::sqlite
