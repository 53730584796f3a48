#include "channels/channel_type.h"

#include <algorithm>

namespace parley::channels {

std::string_view WebhookRequest::header(std::string_view lower_case_name) const {
  auto found = std::find_if(headers.begin(), headers.end(),
                            [&](const auto& header) { return header.first == lower_case_name; });
  return found == headers.end() ? std::string_view() : std::string_view(found->second);
}

WebhookReply webhookError(int status, std::string_view code, std::string_view message) {
  JsonWriter json;
  json.beginObject()
      .key("error")
      .beginObject()
      .field("code", code)
      .field("message", message)
      .endObject()
      .endObject();
  return {.status = status, .body = json.take()};
}

Result<void> ChannelType::validateSecret(std::string_view /*secret*/) const { return {}; }

std::vector<std::string_view> ChannelType::secretFields() const {
  if (secretField().empty()) {
    return {};
  }
  return {secretField()};
}

Result<void> ChannelType::validateSecretField(std::string_view /*field*/,
                                              std::string_view secret) const {
  return validateSecret(secret);
}

void ChannelType::onWebhook(ChannelConfig /*channel*/, WebhookRequest /*request*/,
                            std::move_only_function<void(WebhookReply)> done) {
  done(webhookError(404, "not_found", "this channel takes no webhooks"));
}

void ChannelType::syncTemplates(ChannelConfig /*channel*/,
                                std::move_only_function<void(Result<size_t>)> done) {
  done(fail(ErrorCode::NotFound, "this channel has no message templates"));
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
