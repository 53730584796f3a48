#pragma once
// The channel types Parley knows, by name (channels/registry.cc fills it at start-up). Read-only
// once the server runs, so any thread may look types up.

#include <memory>
#include <string_view>
#include <vector>

#include "channels/channel_type.h"

namespace parley::channels {

class ChannelRegistry {
 public:
  void add(std::unique_ptr<ChannelType> type);
  // Null for a name no type has.
  ChannelType* find(std::string_view name) const;
  const std::vector<std::unique_ptr<ChannelType>>& types() const { return types_; }

  // Starts every type's runtime (see ChannelRuntime::start); the first failure stops the others
  // started so far and is returned.
  [[nodiscard]] Result<void> start(InboundSink& inbound, StatusChanged status_changed);
  // Stops every runtime, in the reverse order.
  void stop();
  // Tells every runtime (ChannelRuntime::forgetContact); the one running the channel acts.
  void forgetContact(const TenantId& tenant, const ChannelId& channel,
                     std::string_view identity) const;

 private:
  std::vector<std::unique_ptr<ChannelType>> types_;
};

}  // namespace parley::channels
