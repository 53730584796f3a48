// `parley admin list-tenants | delete-tenant | undelete-tenant` (P4): what an operator does when a
// business leaves, or changes its mind within the 30 days.
#include <iostream>

#include "app/admin.h"
#include "app/data_dir.h"
#include "core/clock.h"
#include "storage/wait.h"

namespace parley::app {
namespace {

int report(const Error& error) {
  std::cerr << "parley: " << error.message << "\n";
  return 1;
}

std::string stateOf(const Tenant& tenant) {
  if (tenant.destroyed_at) {
    return "destroyed " + formatRfc3339(*tenant.destroyed_at);
  }
  if (tenant.deleted_at) {
    return "deleted " + formatRfc3339(*tenant.deleted_at) + ", destroyed after " +
           formatRfc3339(*tenant.deleted_at + kTenantGrace);
  }
  return "active";
}

}  // namespace

int listTenants(const std::filesystem::path& data_dir) {
  SystemClock clock;
  auto data = openDataDir(data_dir, clock);
  if (!data) {
    return report(data.error());
  }
  auto tenants = data->stores.tenants->listAllTenants();
  if (!tenants) {
    return report(tenants.error());
  }
  for (const Tenant& tenant : *tenants) {
    std::cout << tenant.id.value << "\t" << tenant.name << "\t" << stateOf(tenant) << "\n";
  }
  return 0;
}

int deleteTenant(const std::filesystem::path& data_dir, const std::string& tenant,
                 const std::string& confirm) {
  SystemClock clock;
  auto data = openDataDir(data_dir, clock);
  if (!data) {
    return report(data.error());
  }
  auto found = data->stores.tenants->findTenant(TenantId{tenant});
  if (!found) {
    return report(found.error());
  }
  if (confirm != found->name) {
    return report({ErrorCode::ValidationFailed,
                   "--confirm must be the tenant's name, \"" + found->name + "\""});
  }
  auto deleted = storage::waitFor<Tenant>([&](auto done) {
    data->stores.tenants->deleteTenant(TenantId{tenant}, Actor::system("cli"), std::move(done));
  });
  if (!deleted) {
    return report(deleted.error());
  }
  std::cout << deleted->id.value << "\t" << stateOf(*deleted) << "\n";
  return 0;
}

int undeleteTenant(const std::filesystem::path& data_dir, const std::string& tenant) {
  SystemClock clock;
  auto data = openDataDir(data_dir, clock);
  if (!data) {
    return report(data.error());
  }
  auto restored = storage::waitFor<Tenant>([&](auto done) {
    data->stores.tenants->undeleteTenant(TenantId{tenant}, Actor::system("cli"), std::move(done));
  });
  if (!restored) {
    return report(restored.error());
  }
  std::cout << restored->id.value << "\t" << stateOf(*restored) << "\n";
  return 0;
}

}  // namespace parley::app
