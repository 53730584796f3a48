#pragma once

#include "storage/sqlite/database.h"

namespace parley::storage::sqlite {

class SqliteTenantStore final : public TenantStore {
 public:
  explicit SqliteTenantStore(Database& database) : database_(database) {}

  // TenantStore
  void createTenant(std::string name, Done<Tenant> done) override;
  Result<Tenant> findTenant(const TenantId& tenant) override;
  Result<std::vector<Tenant>> listTenants() override;
  Result<std::vector<Tenant>> listAllTenants() override;
  void deleteTenant(TenantId tenant, Actor actor, Done<Tenant> done) override;
  void undeleteTenant(TenantId tenant, Actor actor, Done<Tenant> done) override;

 private:
  // Sets or clears deleted_at; `deleting` says which.
  void markDeleted(TenantId tenant, bool deleting, Actor actor, Done<Tenant> done);
  Result<std::vector<Tenant>> list(const char* sql);
  Database& database_;
};

}  // namespace parley::storage::sqlite
