#pragma once
// Every channel type Parley has, registered in one place (registry.cc: one line per type).

#include <string>

#include "channels/channel_registry.h"
#include "channels/outbound_sink.h"
#include "core/http_client.h"
#include "privacy/crypto.h"
#include "storage/stores.h"

namespace parley::channels {

// What the types need from the layers that wire them (app/).
struct ChannelServices {
  // For the types that reach their providers over HTTP (Telegram…).
  storage::Stores stores;
  const Clock* clock = nullptr;
  HttpClient* http = nullptr;
  // Where providers reach Parley ("https://parley.example.com", no trailing slash); "" when
  // unknown.
  std::string public_url;
  // Signs the links providers fetch agents' files through (channels/media_link.h).
  const privacy::SecretKey* media_link_key = nullptr;
  // Hears statuses providers report later (delivered, seen).
  DeliveryObserver* delivery = nullptr;

  // SMS over SMPP runs in net/smpp_gateway.h (it needs Asio, which channels/ never includes).
  ChannelSender* smpp_sender = nullptr;
  ChannelRuntime* smpp_runtime = nullptr;
  // Web chat pushes messages to the visitors' open pages (api/widget.h).
  ChannelSender* webchat_sender = nullptr;
};

// Adds every type whose services are given. Everything in `services` must outlive `registry`.
void registerChannelTypes(ChannelRegistry& registry, const ChannelServices& services);

}  // namespace parley::channels
