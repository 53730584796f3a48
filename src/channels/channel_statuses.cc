#include "channels/channel_statuses.h"

#include "storage/channel_store.h"

namespace parley::channels {
namespace {

std::string keyOf(const TenantId& tenant, const ChannelId& channel) {
  return tenant.value + '/' + channel.value;
}

}  // namespace

void ChannelStatuses::listen(StatusChanged listener) {
  std::lock_guard lock(mutex_);
  listener_ = std::move(listener);
}

void ChannelStatuses::publish(const TenantId& tenant, const ChannelId& channel,
                              ChannelStatus status) {
  StatusChanged notify;
  {
    std::lock_guard lock(mutex_);
    ChannelStatus& current = statuses_[keyOf(tenant, channel)];
    if (current.state == status.state && current.detail == status.detail) {
      return;
    }
    current = std::move(status);
    notify = listener_;
  }
  if (notify) {
    notify(tenant, channel);
  }
}

ChannelStatus ChannelStatuses::get(const TenantId& tenant, const ChannelId& channel,
                                   ChannelStatus otherwise) const {
  std::lock_guard lock(mutex_);
  auto found = statuses_.find(keyOf(tenant, channel));
  return found == statuses_.end() ? std::move(otherwise) : found->second;
}

void ChannelStatuses::forget(const TenantId& tenant, const ChannelId& channel) {
  std::lock_guard lock(mutex_);
  statuses_.erase(keyOf(tenant, channel));
}

Result<std::vector<ChannelConfig>> enabledChannels(const storage::Stores& stores,
                                                   std::string_view type) {
  auto tenants = stores.tenants->listTenants();
  if (!tenants) {
    return std::unexpected(tenants.error());
  }
  std::vector<ChannelConfig> enabled;
  for (const Tenant& tenant : *tenants) {
    auto channels = stores.channels->listChannels(tenant.id);
    if (!channels) {
      return std::unexpected(channels.error());
    }
    for (ChannelConfig& channel : *channels) {
      if (channel.type == type && channel.enabled) {
        enabled.push_back(std::move(channel));
      }
    }
  }
  return enabled;
}

}  // namespace parley::channels
