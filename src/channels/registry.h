#pragma once
// Every channel type Parley has, registered in one place (registry.cc: one line per type).

#include "channels/channel_registry.h"

namespace parley::channels {

// What the types need from the layers that wire them (app/).
struct ChannelServices {
  // SMS over SMPP runs in net/smpp_gateway.h (it needs Asio, which channels/ never includes).
  ChannelSender* smpp_sender = nullptr;
  ChannelRuntime* smpp_runtime = nullptr;
  // Web chat pushes messages to the visitors' open pages (api/widget.h).
  ChannelSender* webchat_sender = nullptr;
};

// Adds every type whose services are given. Everything in `services` must outlive `registry`.
void registerChannelTypes(ChannelRegistry& registry, const ChannelServices& services);

}  // namespace parley::channels
