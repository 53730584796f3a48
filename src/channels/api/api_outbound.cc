#include "channels/api/api_outbound.h"

#include <algorithm>
#include <cctype>

#include "channels/webhook_signature.h"
#include "core/json/json_writer.h"

namespace parley::channels::api {

std::string outboundPayload(const storage::OutboundMessage& outbound,
                            const storage::EventId& event) {
  const Message& message = outbound.message;
  JsonWriter json;
  json.beginObject()
      .field("type", "message.outbound")
      .field("eventId", event.value)
      .key("message")
      .beginObject()
      .field("id", message.id.value)
      .field("conversationId", message.conversation_id.value)
      .key("content")
      .raw(message.content)
      .field("createdAt", formatRfc3339(message.created_at))
      .key("authorId")
      .optionalString(message.author_id ? std::optional(message.author_id->value) : std::nullopt)
      .endObject()
      .key("contact")
      .beginObject()
      .field("id", outbound.conversation.contact_id.value)
      .key("identity")
      .optionalString(outbound.identity)
      .endObject()
      .endObject();
  return json.take();
}

namespace {

bool startsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return a == std::tolower(static_cast<unsigned char>(b));
         });
}

}  // namespace

bool isAllowedWebhookUrl(std::string_view url, bool allow_plain_http) {
  const size_t scheme = startsWithNoCase(url, "https://")                      ? 8
                        : allow_plain_http && startsWithNoCase(url, "http://") ? 7
                                                                               : 0;
  // A host must follow the scheme; the HTTP client checks the rest when it sends.
  return scheme != 0 && url.size() > scheme && url[scheme] != '/' && url[scheme] != '?';
}

std::optional<std::string> webhookProblem(const storage::TenantSettings& settings,
                                          bool allow_plain_http) {
  if (settings.api_webhook_url.empty()) {
    return "no webhook URL configured";
  }
  if (!isAllowedWebhookUrl(settings.api_webhook_url, allow_plain_http)) {
    return "the webhook URL is not https:// (plain http:// only with --webhook-allow-private)";
  }
  if (settings.api_webhook_secret.empty()) {
    return "the webhook has no signing secret: make one in Configurator > Channels > API";
  }
  return std::nullopt;
}

namespace {

HttpRequest signedPost(std::string body, std::string_view event_id,
                       const storage::TenantSettings& settings, TimePoint now,
                       std::chrono::milliseconds timeout) {
  HttpRequest request{.method = "POST",
                      .url = settings.api_webhook_url,
                      .body = std::move(body),
                      .timeout = timeout};
  request.headers =
      WebhookSignature::headers(settings.api_webhook_secret, event_id, now, request.body);
  request.headers.emplace_back("Content-Type", "application/json");
  return request;
}

}  // namespace

HttpRequest outboundRequest(const storage::OutboundMessage& outbound, const storage::EventId& event,
                            const storage::TenantSettings& settings, TimePoint now,
                            std::chrono::milliseconds timeout) {
  return signedPost(outboundPayload(outbound, event), event.value, settings, now, timeout);
}

HttpRequest pingRequest(const storage::EventId& event, const storage::TenantSettings& settings,
                        TimePoint now, std::chrono::milliseconds timeout) {
  JsonWriter json;
  json.beginObject().field("type", "ping").field("eventId", event.value).endObject();
  return signedPost(json.take(), event.value, settings, now, timeout);
}

}  // namespace parley::channels::api
