#include "storage/sqlite/tenant_store.h"

namespace parley::storage::sqlite {
namespace {

constexpr const char* kSelectTenant =
    "SELECT id, name, created_at FROM tenants WHERE deleted_at IS NULL";

Tenant tenantFromRow(const Statement& row) {
  return Tenant{TenantId{row.text(0)}, row.text(1), fromUnixMillis(row.integer(2))};
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
    static const std::string sql = std::string(kSelectTenant) + " AND id = ?";
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
  });
}

Result<std::vector<Tenant>> SqliteTenantStore::listTenants() {
  return database_.read([&](Connection& db) -> Result<std::vector<Tenant>> {
    static const std::string sql = std::string(kSelectTenant) + " ORDER BY created_at";
    auto query = db.statement(sql.c_str());
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

}  // namespace parley::storage::sqlite
