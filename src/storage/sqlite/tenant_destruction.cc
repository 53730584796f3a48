#include "storage/sqlite/tenant_destruction.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace parley::storage::sqlite {
namespace {

// Kept when a tenant's rows go: the tombstone, its audit chain and what prunes that chain.
const std::set<std::string>& keptTables() {
  static const std::set<std::string> kept{"tenants", "audit_log", "audit_checkpoints",
                                          "privacy_settings", "schema_migrations"};
  return kept;
}

// `sql` must live as long as the connection: statements are cached by its address.
Result<std::vector<std::string>> column(Connection& db, const char* sql,
                                        const std::string& bound = "") {
  auto query = db.statement(sql);
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  if (!bound.empty()) {
    scope->bind(1, bound);
  }
  std::vector<std::string> values;
  while (scope->step()) {
    values.push_back(scope->text(0));
  }
  if (scope->error()) {
    return std::unexpected(*scope->error());
  }
  return values;
}

// One table holding tenants' rows, and how a batch of them is deleted.
struct TenantTable {
  std::string name;
  std::string delete_sql;  // bound to (tenant, limit)
};

// Every table with a tenant_id column but the kept ones, each after every table that references
// it, so no batch breaks a foreign key. Read from the schema, so a table added later is included.
Result<std::vector<TenantTable>> tenantTables(Connection& db) {
  auto tables = column(db,
                       "SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS "
                       "(SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'tenant_id') "
                       "ORDER BY m.name");
  if (!tables) {
    return std::unexpected(tables.error());
  }
  std::map<std::string, std::set<std::string>> parents;  // table -> tables it references
  for (const std::string& table : *tables) {
    if (keptTables().contains(table)) {
      continue;
    }
    auto referenced =
        column(db, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)", table);
    if (!referenced) {
      return std::unexpected(referenced.error());
    }
    parents[table].insert(referenced->begin(), referenced->end());
  }
  // Children first: a table goes once no remaining table references it.
  std::vector<std::string> order;
  std::set<std::string> left;
  for (const auto& [table, _] : parents) {
    left.insert(table);
  }
  while (!left.empty()) {
    const auto next = std::ranges::find_if(left, [&](const std::string& table) {
      return std::ranges::none_of(left, [&](const std::string& other) {
        return other != table && parents[other].contains(table);
      });
    });
    if (next == left.end()) {
      return fail(ErrorCode::Internal, "the schema's foreign keys form a cycle");
    }
    order.push_back(*next);
    left.erase(next);
  }
  std::vector<TenantTable> result;
  for (const std::string& table : order) {
    auto key = column(db, "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", table);
    if (!key) {
      return std::unexpected(key.error());
    }
    std::string columns;
    for (const std::string& name : *key) {
      columns += (columns.empty() ? "\"" : ", \"") + name + "\"";
    }
    if (columns.empty()) {
      columns = "rowid";
    }
    const std::string quoted = "\"" + table + "\"";
    result.push_back({table, "DELETE FROM " + quoted + " WHERE (" + columns + ") IN (SELECT " +
                                 columns + " FROM " + quoted + " WHERE tenant_id = ? LIMIT ?)"});
  }
  return result;
}

}  // namespace

Result<TenantDestruction> destroyDeletedTenants(WriteContext& context, TimePoint now,
                                                size_t budget) {
  Connection& db = context.db;
  TenantDestruction done;
  auto due = db.statement(
      "SELECT id, destroyed_at IS NULL FROM tenants WHERE deleted_at IS NOT NULL "
      "AND deleted_at < ? AND purged_at IS NULL ORDER BY deleted_at");
  if (!due) {
    return std::unexpected(due.error());
  }
  std::vector<std::pair<TenantId, bool>> tenants;  // with "its key is still there"
  {
    StatementScope scope(**due);
    scope->bind(1, toUnixMillis(now - kTenantGrace));
    while (scope->step()) {
      tenants.emplace_back(TenantId{scope->text(0)}, scope->integer(1) != 0);
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
  }
  if (tenants.empty()) {
    return done;
  }
  // Read once and kept (the schema does not change while running; the statements are cached by
  // their SQL's address, which must stay).
  static std::mutex mutex;
  static std::optional<std::vector<TenantTable>> known;
  std::lock_guard lock(mutex);
  if (!known) {
    auto read = tenantTables(db);
    if (!read) {
      return std::unexpected(read.error());
    }
    known = std::move(*read);
  }
  const std::vector<TenantTable>* tables = &*known;
  for (const auto& [tenant, keyed] : tenants) {
    if (done.rows >= budget) {
      break;
    }
    if (keyed) {
      auto destroy =
          db.statement("UPDATE tenants SET wrapped_key = x'', destroyed_at = ? WHERE id = ?");
      if (!destroy) {
        return std::unexpected(destroy.error());
      }
      StatementScope scope(**destroy);
      scope->bind(1, toUnixMillis(now)).bind(2, tenant.value);
      if (auto destroyed = scope->run(); !destroyed) {
        return std::unexpected(destroyed.error());
      }
      auto audited = context.audit.append(db, tenant, Actor::system("retention"), now,
                                          AuditChange{.entity = "tenant",
                                                      .entity_id = tenant.value,
                                                      .attribute = "destroyed",
                                                      .value_sealed = {}});
      if (!audited) {
        return std::unexpected(audited.error());
      }
      done.destroyed.push_back(tenant);
      done.rows += 2;
    }
    bool empty = true;
    for (const TenantTable& table : *tables) {
      const size_t left = budget > done.rows ? budget - done.rows : 0;
      if (left == 0) {
        empty = false;
        break;
      }
      auto remove = db.statement(table.delete_sql.c_str());
      if (!remove) {
        return std::unexpected(remove.error());
      }
      StatementScope scope(**remove);
      scope->bind(1, tenant.value).bind(2, static_cast<int64_t>(left));
      if (auto removed = scope->run(); !removed) {
        return std::unexpected(removed.error());
      }
      const auto removed = static_cast<size_t>(db.changes());
      done.rows += removed;
      if (removed == left) {
        empty = false;  // there may be more
        break;
      }
    }
    if (empty) {
      auto purged = db.statement("UPDATE tenants SET purged_at = ? WHERE id = ?");
      if (!purged) {
        return std::unexpected(purged.error());
      }
      StatementScope scope(**purged);
      scope->bind(1, toUnixMillis(now)).bind(2, tenant.value);
      if (auto marked = scope->run(); !marked) {
        return std::unexpected(marked.error());
      }
      done.purged.push_back(tenant);
      ++done.rows;
    }
  }
  return done;
}

}  // namespace parley::storage::sqlite
