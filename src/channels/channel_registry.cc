#include "channels/channel_registry.h"

#include <ranges>

namespace parley::channels {

void ChannelRegistry::add(std::unique_ptr<ChannelType> type) { types_.push_back(std::move(type)); }

ChannelType* ChannelRegistry::find(std::string_view name) const {
  for (const auto& type : types_) {
    if (type->name() == name) {
      return type.get();
    }
  }
  return nullptr;
}

Result<void> ChannelRegistry::start(InboundSink& inbound, StatusChanged status_changed) {
  for (size_t started = 0; started < types_.size(); ++started) {
    ChannelRuntime* runtime = types_[started]->runtime();
    if (!runtime) {
      continue;
    }
    if (auto ok = runtime->start(inbound, status_changed); !ok) {
      for (size_t undo = started; undo-- > 0;) {
        if (ChannelRuntime* earlier = types_[undo]->runtime()) {
          earlier->stop();
        }
      }
      return ok;
    }
  }
  return {};
}

void ChannelRegistry::stop() {
  for (auto& type : std::views::reverse(types_)) {
    if (ChannelRuntime* runtime = type->runtime()) {
      runtime->stop();
    }
  }
}

void ChannelRegistry::forgetContact(const TenantId& tenant, const ChannelId& channel,
                                    std::string_view identity) const {
  for (const auto& type : types_) {
    if (ChannelRuntime* runtime = type->runtime()) {
      runtime->forgetContact(tenant, channel, identity);
    }
  }
}

}  // namespace parley::channels
