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

 private:
  Database& database_;
};

}  // namespace parley::storage::sqlite
