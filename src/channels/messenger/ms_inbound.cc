#include "channels/messenger/ms_inbound.h"

#include "channels/messenger/ms_api.h"

namespace parley::channels::messenger {
namespace {

std::optional<std::string> choiceOf(const MsEvent& event) {
  if (!event.payload) {
    return std::nullopt;
  }
  if (event.payload->starts_with(kOptionPayloadPrefix)) {
    return event.payload->substr(kOptionPayloadPrefix.size());
  }
  return event.text.empty() ? *event.payload : event.text;
}

std::string attachmentsText(const MsEvent& event) {
  std::string text;
  for (const MsAttachment& attachment : event.attachments) {
    std::string line = attachment.type == "story_mention"
                           ? "[Mentioned you in their story]"
                           : "[" + (attachment.type.empty() ? "attachment" : attachment.type) + "]";
    if (!attachment.url.empty()) {
      line += " " + attachment.url;
    }
    text += (text.empty() ? "" : "\n") + line;
  }
  return text;
}

}  // namespace

const MsAttachment* downloadable(const MsEvent& event) {
  for (const MsAttachment& attachment : event.attachments) {
    if (!attachment.url.empty() && (attachment.type == "image" || attachment.type == "video" ||
                                    attachment.type == "audio" || attachment.type == "file")) {
      return &attachment;
    }
  }
  return nullptr;
}

std::optional<ChannelInbound> toInbound(const MsEvent& event, const TenantId& tenant,
                                        const ChannelId& channel) {
  if (event.kind != MsKind::Message && event.kind != MsKind::Postback &&
      event.kind != MsKind::Reaction) {
    return std::nullopt;
  }
  ChannelInbound inbound{.tenant = tenant,
                         .channel = channel.value,
                         .identity = event.sender,
                         .entry_point = event.account_id,
                         .reply_window = kReplyWindow};
  if (event.timestamp > 0) {  // without one, the window counts from its arrival
    inbound.sent_at = fromUnixMillis(event.timestamp);
  }
  const std::string at = std::to_string(event.timestamp);
  switch (event.kind) {
    case MsKind::Message:
      inbound.provider_message_id = event.mid;
      inbound.choice = choiceOf(event);
      inbound.text = event.text;
      if (event.story_url) {
        inbound.text = "[Replied to your story] " + event.text +
                       (event.story_url->empty() ? "" : "\n" + *event.story_url);
      }
      if (const std::string files = attachmentsText(event); !files.empty()) {
        inbound.text += (inbound.text.empty() ? "" : "\n") + files;
      }
      break;
    case MsKind::Postback:
      // A postback may come without a mid: the press is keyed by who pressed and when.
      inbound.provider_message_id =
          event.mid.empty() ? "postback:" + event.sender + ":" + at : event.mid;
      inbound.text = event.text.empty() ? event.payload.value_or("") : event.text;
      inbound.choice = choiceOf(event);
      break;
    case MsKind::Reaction:
      inbound.provider_message_id =
          "reaction:" + event.reply_to.value_or("") + ":" + event.sender + ":" + at;
      inbound.text = event.unreact ? "[removed a reaction]" : "[reacted " + event.text + "]";
      break;
    default:
      return std::nullopt;
  }
  if (inbound.text.empty()) {
    inbound.text = "[an empty message]";
  }
  return inbound;
}

}  // namespace parley::channels::messenger
