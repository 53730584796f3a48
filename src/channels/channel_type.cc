#include "channels/channel_type.h"

#include <algorithm>

namespace parley::channels {

std::string_view WebhookRequest::header(std::string_view lower_case_name) const {
  auto found = std::find_if(headers.begin(), headers.end(),
                            [&](const auto& header) { return header.first == lower_case_name; });
  return found == headers.end() ? std::string_view() : std::string_view(found->second);
}

Result<void> ChannelType::validateSecret(std::string_view /*secret*/) const { return {}; }

void ChannelType::onWebhook(ChannelConfig /*channel*/, WebhookRequest /*request*/,
                            std::move_only_function<void(WebhookReply)> done) {
  done({.status = 404,
        .body = R"({"error":{"code":"not_found","message":"this channel takes no webhooks"}})"});
}

ChannelStatus ChannelType::status(const ChannelConfig& channel) {
  if (!channel.enabled) {
    return {"disabled", "switched off", std::nullopt};
  }
  if (ChannelRuntime* running = runtime()) {
    return running->status(channel.tenant_id, channel.id);
  }
  return {"ready", "nothing to connect", std::nullopt};
}

}  // namespace parley::channels
