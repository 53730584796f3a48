#include "channels/whatsapp/wa_inbound.h"

#include <cstdio>

#include "channels/whatsapp/wa_api.h"
#include "core/json/json_writer.h"

namespace parley::channels::whatsapp {
namespace {

std::string locationContent(const WaLocation& location) {
  char coordinates[96];
  std::snprintf(coordinates, sizeof coordinates, "\"latitude\":%.7f,\"longitude\":%.7f",
                location.latitude, location.longitude);
  JsonWriter name;
  if (location.name.empty()) {
    name.null();
  } else {
    name.string(location.name);
  }
  return std::string("{\"location\":{") + coordinates + ",\"name\":" + name.take() + "}}";
}

}  // namespace

ChannelInbound toInbound(const WaMessage& message, const TenantId& tenant,
                         const ChannelId& channel) {
  ChannelInbound inbound{.tenant = tenant,
                         .channel = channel.value,
                         .identity = message.from,
                         .provider_message_id = message.id,
                         .entry_point = message.phone_number_id,
                         .contact_name = message.contact_name,
                         .sent_at = fromUnixMillis(message.timestamp * 1000),
                         .reply_window = kReplyWindow};
  switch (message.kind) {
    case WaKind::Text:
      inbound.text = message.text;
      break;
    case WaKind::Media:
      // Until the file is fetched: its caption, or what it was.
      inbound.text = !message.text.empty() ? message.text
                     : message.media && !message.media->file_name.empty()
                         ? message.media->file_name
                         : "[" + message.type + "]";
      break;
    case WaKind::Location:
      inbound.text = "Location";
      inbound.content = locationContent(*message.location);
      break;
    case WaKind::Choice: {
      inbound.text = message.text;
      // Parley's own options carry their full text in the id (wa_api.h).
      const std::string& id = message.choice_id.value_or("");
      inbound.choice = id.starts_with(kOptionIdPrefix) ? id.substr(kOptionIdPrefix.size())
                                                       : message.choice.value_or(message.text);
      break;
    }
    case WaKind::Reaction:
      inbound.text =
          message.text.empty() ? "[removed a reaction]" : "[reacted " + message.text + "]";
      break;
    case WaKind::Contacts:
      inbound.text = message.text.empty() ? "[contacts]" : message.text;
      break;
    case WaKind::Other:
      inbound.text = "[a WhatsApp message Parley cannot show: " + message.type + "]";
      break;
  }
  return inbound;
}

}  // namespace parley::channels::whatsapp
