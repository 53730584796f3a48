#include "app/tenant_lockout.h"

#include <spdlog/spdlog.h>

#include "storage/channel_store.h"

namespace parley::app {
namespace {

constexpr std::chrono::seconds kLookEvery{30};

}  // namespace

TenantLockout::TenantLockout(storage::Stores stores, const channels::ChannelRegistry& channels,
                             events::EventBus& events, std::unique_ptr<Scheduler> scheduler,
                             const Clock& clock)
    : stores_(std::move(stores)),
      channels_(channels),
      events_(events),
      clock_(clock),
      scheduler_(std::move(scheduler)) {}

void TenantLockout::start() {
  if (auto tenants = stores_.tenants->listTenants()) {
    std::lock_guard lock(mutex_);
    for (const Tenant& tenant : *tenants) {
      active_.insert(tenant.id.value);
    }
  }
  scheduler_->postAt(clock_.now() + kLookEvery, [this] { look(); });
}

void TenantLockout::look() {
  auto tenants = stores_.tenants->listTenants();
  if (tenants) {
    std::set<std::string> now_active;
    for (const Tenant& tenant : *tenants) {
      now_active.insert(tenant.id.value);
    }
    std::set<std::string> gone;
    {
      std::lock_guard lock(mutex_);
      for (const std::string& id : active_) {
        if (!now_active.contains(id)) {
          gone.insert(id);
        }
      }
      active_ = std::move(now_active);
    }
    for (const std::string& id : gone) {
      lockOut(TenantId{id});
    }
  }
  scheduler_->postAt(clock_.now() + kLookEvery, [this] { look(); });
}

void TenantLockout::lockOut(const TenantId& tenant) {
  {
    std::lock_guard lock(mutex_);
    active_.erase(tenant.value);
  }
  spdlog::info("tenant {} deleted: stopping its channels and closing its live sockets",
               tenant.value);
  // Each runtime re-reads its channel, finds it gone with its tenant, and stops it.
  if (auto ids = stores_.channels->listChannelIds(tenant)) {
    for (const auto& [type_name, channel] : *ids) {
      channels::ChannelType* type = channels_.find(type_name);
      if (type != nullptr && type->runtime() != nullptr) {
        type->runtime()->changed(tenant, channel);
      }
    }
  }
  events_.publish(events::Event{.tenant = tenant,
                                .json = R"({"type":"tenant.deleted"})",
                                .closes = true,
                                .replayable = false});
}

}  // namespace parley::app
