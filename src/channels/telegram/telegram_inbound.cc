#include "channels/telegram/telegram_inbound.h"

#include <cstdio>

#include "core/json/json_writer.h"

namespace parley::channels::telegram {
namespace {

std::string_view attachmentLabel(AttachmentKind kind) {
  switch (kind) {
    case AttachmentKind::Photo:
      return "Photo";
    case AttachmentKind::Animation:
      return "Animation";
    case AttachmentKind::Video:
      return "Video";
    case AttachmentKind::VideoNote:
      return "Video message";
    case AttachmentKind::Voice:
      return "Voice message";
    case AttachmentKind::Audio:
      return "Audio";
    case AttachmentKind::Sticker:
      return "Sticker";
    case AttachmentKind::Document:
      return "Document";
  }
  return "File";
}

std::string locationContent(const Location& location) {
  char coordinates[96];
  std::snprintf(coordinates, sizeof coordinates, "\"latitude\":%.7f,\"longitude\":%.7f",
                location.latitude, location.longitude);
  JsonWriter name;
  name.optionalString(location.name);
  return std::string("{\"location\":{") + coordinates + ",\"name\":" + name.take() + "}}";
}

// What the message says, as text: its text or caption, what it carries named.
std::string describe(const Update& update) {
  const std::string text = update.text.value_or("");
  if (update.attachment) {
    std::string label = "[" + std::string(attachmentLabel(update.attachment->kind));
    if (update.attachment->file_name) {
      label += ": " + *update.attachment->file_name;
    }
    label += "]";
    return text.empty() ? label : label + " " + text;
  }
  if (update.contact) {
    const SharedContact& contact = *update.contact;
    std::string name = contact.first_name;
    if (contact.last_name) {
      name += " " + *contact.last_name;
    }
    return "[Contact: " + name + ", " + contact.phone_number + "]";
  }
  if (update.location) {
    return update.location->name.value_or("Location");
  }
  return text.empty() ? "[a message Parley cannot show]" : text;
}

}  // namespace

std::optional<TelegramInbound> toInbound(const Update& update, const TenantId& tenant,
                                         const ChannelId& channel) {
  if (update.kind == UpdateKind::Ignored || (update.sender && update.sender->is_bot)) {
    return std::nullopt;
  }
  TelegramInbound made;
  ChannelInbound& message = made.message;
  message.tenant = tenant;
  message.channel = channel.value;
  message.identity = update.chat.id_text;
  if (update.sender && !update.sender->display_name.empty()) {
    message.contact_name = update.sender->display_name;
  }
  const std::string in_chat = update.chat.id_text + ":" + std::to_string(update.message_id);
  switch (update.kind) {
    case UpdateKind::CallbackQuery: {
      const CallbackQuery& callback = *update.callback;
      message.provider_message_id = "callback:" + callback.id;
      message.text = callback.button_text.value_or(callback.data.value_or(""));
      message.choice = callback.button_text;
      made.callback_query_id = callback.id;
      return made;
    }
    case UpdateKind::EditedMessage:
      message.provider_message_id =
          in_chat + ":edited:" + std::to_string(update.edit_date.value_or(update.date));
      message.text = "(edited) " + describe(update);
      return made;
    case UpdateKind::Message:
      message.provider_message_id = in_chat;
      message.text = describe(update);
      if (update.location && !update.attachment) {
        message.content = locationContent(*update.location);
      }
      return made;
    case UpdateKind::Ignored:
      break;
  }
  return std::nullopt;
}

}  // namespace parley::channels::telegram
