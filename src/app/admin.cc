#include "app/admin.h"

#include <iostream>

#include "api/token_scopes.h"
#include "app/data_dir.h"
#include "auth/password.h"
#include "auth/secrets.h"
#include "channels/webchat/settings_json.h"
#include "storage/channel_store.h"
#include "storage/wait.h"

namespace parley::app {
namespace {

int report(const Error& error) {
  std::cerr << "parley: " << error.message << "\n";
  return 1;
}

Result<User> addUser(DataDir& data, const TenantId& tenant, const std::string& email, Role role,
                     const std::string& display_name, const std::string& password) {
  auto hashed = auth::hashPassword(password);
  if (!hashed) {
    return std::unexpected(hashed.error());
  }
  storage::NewUser user{tenant, email,
                        display_name.empty() ? email.substr(0, email.find('@')) : display_name,
                        role, *hashed};
  return storage::waitFor<User>([&](auto done) {
    data.stores.users->createUser(std::move(user), Actor::system("cli"), std::move(done));
  });
}

}  // namespace

int createTenant(const std::filesystem::path& data_dir, const std::string& name) {
  SystemClock clock;
  auto data = openDataDir(data_dir, clock);
  if (!data) {
    return report(data.error());
  }
  auto tenant = storage::waitFor<Tenant>(
      [&](auto done) { data->stores.tenants->createTenant(name, std::move(done)); });
  if (!tenant) {
    return report(tenant.error());
  }
  std::cout << tenant->id.value << "\n";
  return 0;
}

int createUser(const std::filesystem::path& data_dir, const std::string& tenant,
               const std::string& email, const std::string& role_name,
               const std::string& display_name) {
  const auto role = parseRole(role_name);
  if (!role) {
    return report({ErrorCode::ValidationFailed, "--role must be admin, supervisor, agent or dpo"});
  }
  std::string password;
  std::getline(std::cin, password);
  SystemClock clock;
  auto data = openDataDir(data_dir, clock);
  if (!data) {
    return report(data.error());
  }
  auto user = addUser(*data, TenantId{tenant}, email, *role, display_name, password);
  if (!user) {
    return report(user.error());
  }
  std::cout << user->id.value << "\n";
  return 0;
}

int createToken(const std::filesystem::path& data_dir, const std::string& tenant,
                const std::string& name, const std::string& role_name,
                const std::vector<std::string>& scope_names) {
  const auto role = parseRole(role_name);
  if (!role) {
    return report({ErrorCode::ValidationFailed, "--role must be admin, supervisor, agent or dpo"});
  }
  const auto scopes = api::parseTokenScopes(scope_names);
  if (!scopes || *scopes == 0) {
    std::string known;
    for (api::TokenScope scope : api::allTokenScopes()) {
      known += (known.empty() ? "" : ", ") + std::string(api::tokenScopeName(scope));
    }
    return report({ErrorCode::ValidationFailed, "--scopes takes some of: " + known});
  }
  SystemClock clock;
  auto data = openDataDir(data_dir, clock);
  if (!data) {
    return report(data.error());
  }
  const std::string secret = auth::newApiTokenSecret();
  ApiToken token{TenantId{tenant}, privacy::newId<TokenTag>(), name, *role, clock.now(),
                 std::nullopt};
  token.scopes = api::tokenScopeNames(*scopes);
  auto created = storage::waitFor<ApiToken>([&](auto done) {
    data->stores.tokens->createToken(token, auth::secretHash(secret), Actor::system("cli"),
                                     std::move(done));
  });
  if (!created) {
    return report(created.error());
  }
  std::cout << secret << "\n";
  return 0;
}

int resetPassword(const std::filesystem::path& data_dir, const std::string& email,
                  const std::string& tenant) {
  std::string password;
  std::getline(std::cin, password);
  auto hashed = auth::hashPassword(password);
  if (!hashed) {
    return report(hashed.error());
  }
  SystemClock clock;
  auto data = openDataDir(data_dir, clock);
  if (!data) {
    return report(data.error());
  }
  auto user = storage::waitFor<User>([&](auto done) {
    data->stores.users->setPassword(email,
                                    tenant.empty() ? std::nullopt : std::optional(TenantId{tenant}),
                                    std::move(*hashed), Actor::system("cli"), std::move(done));
  });
  if (!user) {
    return report(user.error());
  }
  std::cout << "password set for " << user->id.value << "; their sessions are signed out\n";
  return 0;
}

int verifyAudit(const std::filesystem::path& data_dir) {
  SystemClock clock;
  auto data = openDataDir(data_dir, clock);
  if (!data) {
    return report(data.error());
  }
  auto verification = data->stores.audit->verifyAudit();
  if (!verification) {
    return report(verification.error());
  }
  if (verification->broken) {
    std::cout << "audit chain BROKEN at " << *verification->broken << "\n";
    return 1;
  }
  std::cout << "audit chain intact: " << verification->entries << " entries\n";
  return 0;
}

int bootstrap(const std::filesystem::path& data_dir, const std::string& admin_email) {
  SystemClock clock;
  auto data = openDataDir(data_dir, clock);
  if (!data) {
    return report(data.error());
  }
  auto tenants = data->stores.tenants->listTenants();
  if (!tenants) {
    return report(tenants.error());
  }
  if (!tenants->empty()) {
    std::cout << "already set up: " << tenants->size() << " tenant(s)\n";
    return 0;
  }
  auto tenant = storage::waitFor<Tenant>(
      [&](auto done) { data->stores.tenants->createTenant("Demo", std::move(done)); });
  if (!tenant) {
    return report(tenant.error());
  }
  const std::string password = privacy::randomToken(12);
  auto user = addUser(*data, tenant->id, admin_email, Role::Admin, "Demo Admin", password);
  if (!user) {
    return report(user.error());
  }
  // A web chat channel with default looks, so the /demo page works at once (its own origin is
  // always allowed; sites are added in the Configurator).
  const TimePoint now = clock.now();
  auto chat = storage::waitFor<ChannelConfig>([&](auto done) {
    data->stores.channels->saveChannel(
        ChannelConfig{.tenant_id = tenant->id,
                      .type = "webchat",
                      .name = "Web chat",
                      .settings = channels::webchat::widgetSettingsJson({}),
                      .created_at = now,
                      .updated_at = now},
        std::move(done));
  });
  if (!chat) {
    return report(chat.error());
  }
  std::cout << "tenant: " << tenant->id.value << "\nemail: " << admin_email
            << "\npassword: " << password << "\nweb chat channel: " << chat->id.value << "\n";
  return 0;
}

}  // namespace parley::app
