#include "channels/viber/viber_inbound.h"

#include <cstdio>

#include "core/json/json_writer.h"

namespace parley::channels::viber {
namespace {

std::string mediaContent(const Media& media, const std::optional<std::string>& caption) {
  JsonWriter json;
  json.beginObject().key("media").beginObject().field("url", media.url);
  json.key("mimeType").null().key("caption").optionalString(caption);
  json.endObject().endObject();
  return json.take();
}

std::string locationContent(const Location& location) {
  char json[128];
  std::snprintf(json, sizeof json,
                "{\"location\":{\"latitude\":%.7f,\"longitude\":%.7f,\"name\":null}}",
                location.latitude, location.longitude);
  return json;
}

}  // namespace

std::optional<ChannelInbound> toInbound(const Callback& callback, const TenantId& tenant,
                                        const ChannelId& channel) {
  if (callback.kind != EventKind::Message || !callback.message) {
    return std::nullopt;
  }
  const ReceivedMessage& received = *callback.message;
  ChannelInbound inbound{.tenant = tenant,
                         .channel = channel.value,
                         .identity = callback.user_id,
                         .provider_message_id = callback.message_token};
  if (callback.user && callback.user->name && !callback.user->name->empty()) {
    inbound.contact_name = callback.user->name;
  }
  const std::string text = received.text.value_or("");
  switch (received.type) {
    case MessageType::Text:
      inbound.text = text;
      break;
    case MessageType::Picture:
    case MessageType::Video:
    case MessageType::File:
      inbound.text = text.empty() ? received.media->file_name.value_or("") : text;
      inbound.content =
          mediaContent(*received.media, received.text ? received.text : received.media->file_name);
      break;
    case MessageType::Sticker:
      inbound.text = "[Sticker]";
      break;
    case MessageType::Location:
      inbound.text = "Location";
      inbound.content = locationContent(*received.location);
      break;
    case MessageType::Contact:
      inbound.text =
          "[Contact: " + received.contact->name + ", " + received.contact->phone_number + "]";
      break;
    case MessageType::Url:
      inbound.text = received.media->url;
      break;
    case MessageType::Other:
      inbound.text = "[a message Parley cannot show: " + received.type_name + "]";
      break;
  }
  return inbound;
}

}  // namespace parley::channels::viber
