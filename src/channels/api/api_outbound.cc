#include "channels/api/api_outbound.h"

#include "channels/webhook_signature.h"
#include "core/json_writer.h"

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

HttpRequest outboundRequest(const storage::OutboundMessage& outbound, const storage::EventId& event,
                            const storage::TenantSettings& settings, TimePoint now,
                            std::chrono::milliseconds timeout) {
  HttpRequest request{.method = "POST",
                      .url = settings.api_webhook_url,
                      .body = outboundPayload(outbound, event),
                      .timeout = timeout};
  request.headers =
      WebhookSignature::headers(settings.api_webhook_secret, event.value, now, request.body);
  request.headers.emplace_back("Content-Type", "application/json");
  return request;
}

}  // namespace parley::channels::api
