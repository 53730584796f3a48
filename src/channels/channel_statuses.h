#pragma once
// What every type's runtime needs: the statuses of its channels while they run, for
// ChannelRuntime::status(), with the admins told of each change (channel.updated). Thread-safe; the
// listener is called outside the lock.

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "channels/channel_runtime.h"
#include "storage/stores.h"

namespace parley::channels {

class ChannelStatuses {
 public:
  void listen(StatusChanged listener);
  // Sets the channel's status; the listener hears of it when state or detail changed.
  void publish(const TenantId& tenant, const ChannelId& channel, ChannelStatus status);
  // The channel's status, or `otherwise` when none was published (or it was forgotten).
  ChannelStatus get(const TenantId& tenant, const ChannelId& channel,
                    ChannelStatus otherwise) const;
  void forget(const TenantId& tenant, const ChannelId& channel);

 private:
  mutable std::mutex mutex_;
  StatusChanged listener_;
  std::map<std::string, ChannelStatus> statuses_;  // by "<tenant>/<channel>"
};

// Every enabled channel of `type`, of every tenant: what a runtime starts with. Storage errors as
// they come.
[[nodiscard]] Result<std::vector<ChannelConfig>> enabledChannels(const storage::Stores& stores,
                                                                 std::string_view type);

}  // namespace parley::channels
