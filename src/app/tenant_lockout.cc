#include "app/tenant_lockout.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iterator>
#include <vector>

#include "storage/channel_store.h"

namespace parley::app {
namespace {

constexpr std::chrono::seconds kLookEvery{30};

}  // namespace

TenantLockout::TenantLockout(storage::Stores stores, const channels::ChannelRegistry& channels,
                             events::EventBus& events,
                             std::function<void(const TenantId&)> forget_key,
                             std::unique_ptr<Scheduler> scheduler, const Clock& clock)
    : stores_(std::move(stores)),
      channels_(channels),
      events_(events),
      forget_key_(std::move(forget_key)),
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
  if (stopping_) {
    return;
  }
  if (auto tenants = stores_.tenants->listTenants()) {
    std::set<std::string> now_active;
    for (const Tenant& tenant : *tenants) {
      now_active.insert(tenant.id.value);
    }
    std::vector<std::string> gone;
    std::vector<std::string> back;
    {
      std::lock_guard lock(mutex_);
      std::ranges::set_difference(active_, now_active, std::back_inserter(gone));
      std::ranges::set_difference(now_active, active_, std::back_inserter(back));
      active_ = std::move(now_active);
    }
    for (const std::string& id : gone) {
      lockOut(TenantId{id});
    }
    // Undeleted (or created) by an operator's command: its channels start.
    for (const std::string& id : back) {
      channelsChanged(TenantId{id});
    }
  }
  scheduler_->postAt(clock_.now() + kLookEvery, [this] { look(); });
}

void TenantLockout::lockOut(const TenantId& tenant) {
  if (stopping_) {
    return;
  }
  {
    std::lock_guard lock(mutex_);
    active_.erase(tenant.value);
  }
  spdlog::info("tenant {} deleted: stopping its channels and closing its live sockets",
               tenant.value);
  forget_key_(tenant);
  channelsChanged(tenant);
  events_.publish(events::Event{.tenant = tenant,
                                .json = R"({"type":"tenant.deleted"})",
                                .closes = true,
                                .replayable = false});
  events_.forgetFrames(tenant);  // the frames kept for resuming hold its customers' words
}

void TenantLockout::channelsChanged(const TenantId& tenant) {
  if (auto ids = stores_.channels->listChannelIds(tenant)) {
    for (const auto& [type_name, channel] : *ids) {
      channels::ChannelType* type = channels_.find(type_name);
      if (type != nullptr && type->runtime() != nullptr) {
        type->runtime()->changed(tenant, channel);
      }
    }
  }
}

}  // namespace parley::app
