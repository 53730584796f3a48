#include "storage/sqlite/tenant_store.h"

namespace parley::storage::sqlite {
namespace {

constexpr const char* kSelectTenant =
    "SELECT id, name, created_at, deleted_at, destroyed_at FROM tenants ";

Tenant tenantFromRow(const Statement& row) {
  Tenant tenant{TenantId{row.text(0)}, row.text(1), fromUnixMillis(row.integer(2))};
  if (!row.isNull(3)) {
    tenant.deleted_at = fromUnixMillis(row.integer(3));
  }
  if (!row.isNull(4)) {
    tenant.destroyed_at = fromUnixMillis(row.integer(4));
  }
  return tenant;
}

Result<Tenant> readTenant(Connection& db, const TenantId& tenant) {
  static const std::string sql = std::string(kSelectTenant) + "WHERE id = ?";
  auto query = db.statement(sql.c_str());
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant.value);
  if (!scope->step()) {
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return fail(ErrorCode::NotFound, "no such tenant");
  }
  return tenantFromRow(*scope);
}

}  // namespace

void SqliteTenantStore::createTenant(std::string name, Done<Tenant> done) {
  if (name.empty() || name.size() > 200) {
    done(fail(ErrorCode::ValidationFailed, "tenant name must be 1 to 200 characters"));
    return;
  }
  Tenant tenant{privacy::newId<TenantTag>(), std::move(name), database_.clock().now()};
  auto wrapped = database_.keyring().newTenantKey(tenant.id);
  database_.write<Tenant>(
      [tenant, wrapped = std::move(wrapped.wrapped)](WriteContext& context) -> Result<Tenant> {
        auto insert = context.db.statement(
            "INSERT INTO tenants (id, name, wrapped_key, created_at) VALUES (?,?,?,?)");
        if (!insert) {
          return std::unexpected(insert.error());
        }
        StatementScope scope(**insert);
        scope->bind(1, tenant.id.value)
            .bind(2, tenant.name)
            .bindBlob(3, wrapped)
            .bind(4, toUnixMillis(tenant.created_at));
        if (auto done = scope->run(); !done) {
          return std::unexpected(done.error());
        }
        return tenant;
      },
      std::move(done));
}

Result<Tenant> SqliteTenantStore::findTenant(const TenantId& tenant) {
  return database_.read([&](Connection& db) -> Result<Tenant> {
    auto found = readTenant(db, tenant);
    if (found && found->deleted_at) {
      return fail(ErrorCode::NotFound, "no such tenant");
    }
    return found;
  });
}

Result<std::vector<Tenant>> SqliteTenantStore::listTenants() {
  static const std::string sql =
      std::string(kSelectTenant) + "WHERE deleted_at IS NULL ORDER BY created_at";
  return list(sql.c_str());
}

Result<std::vector<Tenant>> SqliteTenantStore::listAllTenants() {
  static const std::string sql = std::string(kSelectTenant) + "ORDER BY created_at";
  return list(sql.c_str());
}

Result<std::vector<Tenant>> SqliteTenantStore::list(const char* sql) {
  return database_.read([&](Connection& db) -> Result<std::vector<Tenant>> {
    auto query = db.statement(sql);
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    std::vector<Tenant> tenants;
    while (scope->step()) {
      tenants.push_back(tenantFromRow(*scope));
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return tenants;
  });
}

void SqliteTenantStore::deleteTenant(TenantId tenant, Actor actor, Done<Tenant> done) {
  markDeleted(std::move(tenant), true, std::move(actor), std::move(done));
}

void SqliteTenantStore::undeleteTenant(TenantId tenant, Actor actor, Done<Tenant> done) {
  markDeleted(std::move(tenant), false, std::move(actor), std::move(done));
}

void SqliteTenantStore::markDeleted(TenantId tenant, bool deleting, Actor actor,
                                    Done<Tenant> done) {
  const TimePoint now = database_.clock().now();
  database_.write<Tenant>(
      [tenant, deleting, actor = std::move(actor), now](WriteContext& context) -> Result<Tenant> {
        auto found = readTenant(context.db, tenant);
        if (!found) {
          return found;
        }
        if (found->destroyed_at) {
          return fail(ErrorCode::Conflict, "that tenant's data was destroyed already");
        }
        if (deleting == found->deleted_at.has_value()) {
          return fail(ErrorCode::Conflict,
                      deleting ? "that tenant was deleted already" : "that tenant is not deleted");
        }
        auto mark = context.db.statement("UPDATE tenants SET deleted_at = ? WHERE id = ?");
        if (!mark) {
          return std::unexpected(mark.error());
        }
        StatementScope scope(**mark);
        scope
            ->bindOptionalInteger(
                1, deleting ? std::optional<int64_t>(toUnixMillis(now)) : std::nullopt)
            .bind(2, tenant.value);
        if (auto marked = scope->run(); !marked) {
          return std::unexpected(marked.error());
        }
        auto audited =
            context.audit.append(context.db, tenant, actor, now,
                                 AuditChange{.entity = "tenant",
                                             .entity_id = tenant.value,
                                             .attribute = deleting ? "deleted" : "undeleted",
                                             .value_sealed = {}});
        if (!audited) {
          return std::unexpected(audited.error());
        }
        found->deleted_at = deleting ? std::optional<TimePoint>(now) : std::nullopt;
        return found;
      },
      [this, tenant, done = std::move(done)](Result<Tenant> result) mutable {
        if (result) {
          // The cached key goes with the lock-out: nothing of the tenant's opens from now on.
          database_.keyring().forgetTenantKey(tenant);
        }
        done(std::move(result));
      });
}

}  // namespace parley::storage::sqlite
