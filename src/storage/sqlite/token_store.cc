#include "storage/sqlite/token_store.h"

#include "storage/sqlite/fields.h"

namespace parley::storage::sqlite {
namespace {

#define PARLEY_SELECT_TOKEN                                                          \
  "SELECT tenant_id, id, name, role, created_at, last_used_at, scopes, expires_at, " \
  "created_by FROM api_tokens "

std::vector<std::string> splitScopes(std::string_view text) {
  std::vector<std::string> scopes;
  while (!text.empty()) {
    const size_t space = text.find(' ');
    if (space != 0) {
      scopes.emplace_back(text.substr(0, space));
    }
    text.remove_prefix(space == std::string_view::npos ? text.size() : space + 1);
  }
  return scopes;
}

std::string joinScopes(const std::vector<std::string>& scopes) {
  std::string text;
  for (const std::string& scope : scopes) {
    text += (text.empty() ? "" : " ") + scope;
  }
  return text;
}

ApiToken tokenFromRow(const Statement& row) {
  ApiToken token{TenantId{row.text(0)},
                 ApiTokenId{row.text(1)},
                 row.text(2),
                 parseRole(row.text(3)).value_or(Role::Agent),
                 fromUnixMillis(row.integer(4)),
                 std::nullopt};
  if (!row.isNull(5)) {
    token.last_used_at = fromUnixMillis(row.integer(5));
  }
  token.scopes = splitScopes(row.text(6));
  if (!row.isNull(7)) {
    token.expires_at = fromUnixMillis(row.integer(7));
  }
  if (!row.isNull(8)) {
    token.created_by = UserId{row.text(8)};
  }
  return token;
}

}  // namespace

void SqliteApiTokenStore::createToken(ApiToken token, std::string secret_hash, Actor actor,
                                      Done<ApiToken> done) {
  auto key = database_.tenantKey(token.tenant_id);
  if (!key) {
    done(std::unexpected(key.error()));
    return;
  }
  AuditChange change =
      auditChange(*key, token.tenant_id, "token", token.id.value, "created",
                  std::string(roleName(token.role)) + " " + joinScopes(token.scopes));
  database_.write<ApiToken>(
      [token, secret_hash = std::move(secret_hash), change = std::move(change),
       actor](WriteContext& context) -> Result<ApiToken> {
        // Checked in the write: a token made while its user is being deactivated must not
        // outlive them.
        if (token.created_by) {
          auto active = context.db.statement(
              "SELECT 1 FROM users WHERE tenant_id = ? AND id = ? AND deactivated_at IS NULL "
              "AND deleted_at IS NULL");
          if (!active) {
            return std::unexpected(active.error());
          }
          StatementScope scope(**active);
          scope->bind(1, token.tenant_id.value).bind(2, token.created_by->value);
          if (!scope->step()) {
            if (scope->error()) {
              return std::unexpected(*scope->error());
            }
            return fail(ErrorCode::Conflict, "the user this token would act for is not active");
          }
        }
        auto insert = context.db.statement(
            "INSERT INTO api_tokens (secret_hash, id, tenant_id, name, role, created_at, scopes, "
            "expires_at, created_by) SELECT ?,?,?,?,?,?,?,?,? WHERE EXISTS (SELECT 1 FROM tenants "
            "WHERE id = ?3)");
        if (!insert) {
          return std::unexpected(insert.error());
        }
        StatementScope scope(**insert);
        scope->bindBlob(1, secret_hash)
            .bind(2, token.id.value)
            .bind(3, token.tenant_id.value)
            .bind(4, token.name)
            .bind(5, roleName(token.role))
            .bind(6, toUnixMillis(token.created_at))
            .bind(7, joinScopes(token.scopes));
        if (token.expires_at) {
          scope->bind(8, toUnixMillis(*token.expires_at));
        }
        if (token.created_by) {
          scope->bind(9, token.created_by->value);
        }
        if (auto inserted = scope->run(); !inserted) {
          return std::unexpected(inserted.error());
        }
        if (context.db.changes() == 0) {
          return fail(ErrorCode::NotFound, "no such tenant");
        }
        if (auto audited =
                context.audit.append(context.db, token.tenant_id, actor, token.created_at, change);
            !audited) {
          return std::unexpected(audited.error());
        }
        return token;
      },
      std::move(done));
}

Result<ApiToken> SqliteApiTokenStore::findTokenBySecretHash(std::string_view secret_hash) {
  return database_.read([&](Connection& db) -> Result<ApiToken> {
    auto query =
        db.statement(PARLEY_SELECT_TOKEN
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
      return fail(ErrorCode::NotFound, "no such token");
    }
    return tokenFromRow(*scope);
  });
}

Result<std::vector<ApiToken>> SqliteApiTokenStore::listTokens(const TenantId& tenant) {
  return database_.read([&](Connection& db) -> Result<std::vector<ApiToken>> {
    auto query = db.statement(PARLEY_SELECT_TOKEN
                              "WHERE tenant_id = ? AND revoked_at IS NULL ORDER BY created_at");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value);
    std::vector<ApiToken> tokens;
    while (scope->step()) {
      tokens.push_back(tokenFromRow(*scope));
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return tokens;
  });
}

void SqliteApiTokenStore::touchToken(const TenantId& tenant, const ApiTokenId& token,
                                     TimePoint at) {
  database_.write<void>(
      [tenant, token, at](WriteContext& context) -> Result<void> {
        auto update = context.db.statement(
            "UPDATE api_tokens SET last_used_at = max(coalesce(last_used_at, 0), ?) "
            "WHERE tenant_id = ? AND id = ?");
        if (!update) {
          return std::unexpected(update.error());
        }
        StatementScope scope(**update);
        scope->bind(1, toUnixMillis(at)).bind(2, tenant.value).bind(3, token.value);
        return scope->run();
      },
      [](Result<void>) {});
}

void SqliteApiTokenStore::revokeToken(const TenantId& tenant, const ApiTokenId& token, Actor actor,
                                      Done<void> done) {
  const TimePoint at = database_.clock().now();
  const int64_t now = toUnixMillis(at);
  database_.write<void>(
      [tenant, token, now, at, actor](WriteContext& context) -> Result<void> {
        auto update = context.db.statement(
            "UPDATE api_tokens SET revoked_at = ? WHERE tenant_id = ? AND id = ? "
            "AND revoked_at IS NULL");
        if (!update) {
          return std::unexpected(update.error());
        }
        StatementScope scope(**update);
        scope->bind(1, now).bind(2, tenant.value).bind(3, token.value);
        if (auto updated = scope->run(); !updated) {
          return updated;
        }
        if (context.db.changes() == 0) {
          return fail(ErrorCode::NotFound, "no such token");
        }
        return context.audit.append(context.db, tenant, actor, at,
                                    AuditChange{"token", token.value, "revoked", ""});
      },
      std::move(done));
}

}  // namespace parley::storage::sqlite
