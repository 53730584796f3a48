#include "storage/sqlite/node_keys.h"

#include <map>

namespace parley::storage::sqlite {
namespace {

Error wrongKey() {
  return {ErrorCode::Unauthenticated,
          "the master key (DATA/master.key, or PARLEY_MASTER_KEY) is not the one this data was "
          "made with: put the right key back; Parley does not start with another"};
}

Result<std::map<std::string, std::string>> readWrapped(Connection& db) {
  auto query = db.statement("SELECT name, wrapped FROM node_keys");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  std::map<std::string, std::string> wrapped;
  while (scope->step()) {
    wrapped.emplace(scope->text(0), scope->blob(1));
  }
  if (scope->error()) {
    return std::unexpected(*scope->error());
  }
  return wrapped;
}

// For data made before the node keys were wrapped: the master key must open a tenant's key, or it
// is not the data's.
Result<bool> checkAgainstATenant(Connection& db, const privacy::Keyring& keyring) {
  // A destroyed tenant's key is gone (an empty blob): it proves nothing.
  auto query =
      db.statement("SELECT id, wrapped_key FROM tenants WHERE length(wrapped_key) > 0 LIMIT 1");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  if (!scope->step()) {
    return false;  // no tenant: new data
  }
  if (!keyring.tenantKey(TenantId{scope->text(0)}, scope->blob(1))) {
    return std::unexpected(wrongKey());
  }
  return true;
}

}  // namespace

Result<void> loadNodeKeys(Connection& db, privacy::Keyring& keyring) {
  auto wrapped = readWrapped(db);
  if (!wrapped) {
    return std::unexpected(wrapped.error());
  }
  std::map<std::string, std::string> missing;
  bool existing_data = false;
  if (wrapped->empty()) {
    auto checked = checkAgainstATenant(db, keyring);
    if (!checked) {
      return std::unexpected(checked.error());
    }
    existing_data = *checked;
  }
  for (std::string_view name : privacy::Keyring::kNodeKeyNames) {
    const std::string key_name(name);
    if (auto found = wrapped->find(key_name); found != wrapped->end()) {
      auto key = keyring.unwrapNodeKey(name, found->second);
      if (!key) {
        return std::unexpected(wrongKey());
      }
      keyring.useNodeKey(name, *key);
      continue;
    }
    const privacy::SecretKey key =
        existing_data ? keyring.derivedNodeKey(name) : privacy::SecretKey::random();
    missing.emplace(key_name, keyring.wrapNodeKey(name, key));
    keyring.useNodeKey(name, key);
  }
  if (missing.empty()) {
    return {};
  }
  if (auto begun = db.exec("BEGIN IMMEDIATE"); !begun) {
    return begun;
  }
  for (const auto& [name, key] : missing) {
    auto insert = db.statement("INSERT INTO node_keys (name, wrapped) VALUES (?, ?)");
    if (!insert) {
      (void)db.exec("ROLLBACK");
      return std::unexpected(insert.error());
    }
    StatementScope scope(**insert);
    scope->bind(1, name).bindBlob(2, key);
    if (auto inserted = scope->run(); !inserted) {
      (void)db.exec("ROLLBACK");
      return inserted;
    }
  }
  return db.exec("COMMIT");
}

Result<size_t> rewrapKeys(Connection& db, const privacy::Keyring& current,
                          const privacy::Keyring& next) {
  if (auto begun = db.exec("BEGIN IMMEDIATE"); !begun) {
    return std::unexpected(begun.error());
  }
  auto rewrap = [&]() -> Result<size_t> {
    size_t count = 0;
    auto wrapped = readWrapped(db);
    if (!wrapped) {
      return std::unexpected(wrapped.error());
    }
    for (const auto& [name, key_wrapped] : *wrapped) {
      auto key = current.unwrapNodeKey(name, key_wrapped);
      if (!key) {
        return std::unexpected(wrongKey());
      }
      auto update = db.statement("UPDATE node_keys SET wrapped = ? WHERE name = ?");
      if (!update) {
        return std::unexpected(update.error());
      }
      StatementScope scope(**update);
      scope->bindBlob(1, next.wrapNodeKey(name, *key)).bind(2, name);
      if (auto updated = scope->run(); !updated) {
        return std::unexpected(updated.error());
      }
      ++count;
    }
    std::vector<std::pair<TenantId, std::string>> tenants;
    {
      auto query =
          db.statement("SELECT id, wrapped_key FROM tenants WHERE length(wrapped_key) > 0");
      if (!query) {
        return std::unexpected(query.error());
      }
      StatementScope scope(**query);
      while (scope->step()) {
        tenants.emplace_back(TenantId{scope->text(0)}, scope->blob(1));
      }
    }
    for (const auto& [tenant, key_wrapped] : tenants) {
      auto key = current.tenantKey(tenant, key_wrapped);
      if (!key) {
        return std::unexpected(wrongKey());
      }
      auto update = db.statement("UPDATE tenants SET wrapped_key = ? WHERE id = ?");
      if (!update) {
        return std::unexpected(update.error());
      }
      StatementScope scope(**update);
      scope->bindBlob(1, next.wrapTenantKey(tenant, *key)).bind(2, tenant.value);
      if (auto updated = scope->run(); !updated) {
        return std::unexpected(updated.error());
      }
      ++count;
    }
    return count;
  }();
  if (!rewrap) {
    (void)db.exec("ROLLBACK");
    return rewrap;
  }
  if (auto committed = db.exec("COMMIT"); !committed) {
    (void)db.exec("ROLLBACK");
    return std::unexpected(committed.error());
  }
  return rewrap;
}

bool masterKeyOpens(const std::string& path, const privacy::Keyring& keyring) {
  auto db = Connection::open(path, Connection::Mode::ReadOnly);
  if (!db) {
    return false;
  }
  auto query = (*db)->statement("SELECT name, wrapped FROM node_keys LIMIT 1");
  if (!query) {
    return false;
  }
  StatementScope scope(**query);
  return scope->step() && keyring.unwrapNodeKey(scope->text(0), scope->blob(1)).has_value();
}

}  // namespace parley::storage::sqlite
