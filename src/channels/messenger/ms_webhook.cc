#include "channels/messenger/ms_webhook.h"

#include <nlohmann/json.hpp>

#include "channels/provider_fields.h"
#include "channels/provider_json.h"

namespace parley::channels::messenger {
namespace {

using Json = nlohmann::json;

constexpr size_t kMaxDepth = 24;
constexpr size_t kMaxIdBytes = 512;
constexpr size_t kMaxTextBytes = 64 * 1024;
constexpr size_t kMaxUrlBytes = 8 * 1024;

class Fields : public ProviderFields<Fields> {
 public:
  using ProviderFields::ProviderFields;

  std::string id(std::string_view key) {
    std::string value = string(key, true, kMaxIdBytes).value_or("");
    if (!failed() && value.empty()) {
      fault(key, "must not be empty");
    }
    return value;
  }
  std::optional<std::string> text(std::string_view key) {
    return string(key, false, kMaxTextBytes);
  }
  std::optional<std::string> url(std::string_view key) { return string(key, false, kMaxUrlBytes); }
  int64_t millis(std::string_view key, bool required) {
    // Up to 2200-01-01: a TimePoint (nanoseconds in 64 bits) holds it.
    return integer(key, required, 0, 7'258'118'400'000).value_or(0);
  }
};

void readMessage(Fields& message, MsEvent& event) {
  event.mid = message.id("mid");
  if (message.boolean("is_echo", false).value_or(false)) {
    event.kind = MsKind::Echo;
    return;
  }
  event.kind = MsKind::Message;
  event.text = message.text("text").value_or("");
  if (auto quick = message.object("quick_reply")) {
    event.payload = quick->string("payload", false, 1024);
  }
  if (auto reply = message.object("reply_to")) {
    event.reply_to = reply->string("mid", false, kMaxIdBytes);
    if (auto story = reply->object("story")) {
      event.story_url = story->url("url").value_or("");
    }
  }
  if (const Json* attachments = message.array("attachments")) {
    for (size_t index = 0; index < attachments->size() && !message.failed(); ++index) {
      Fields attachment = message.element((*attachments)[index], "attachments", index);
      MsAttachment read{.type = attachment.string("type", true, 64).value_or("")};
      if (auto payload = attachment.object("payload")) {
        read.url = payload->url("url").value_or("");
      }
      event.attachments.push_back(std::move(read));
    }
  }
}

void readEvent(Fields& item, MsEvent& event) {
  if (auto sender = item.object("sender", true)) {
    event.sender = sender->id("id");
  }
  if (auto recipient = item.object("recipient")) {
    event.recipient = recipient->string("id", false, kMaxIdBytes).value_or("");
  }
  event.timestamp = item.millis("timestamp", false);
  if (auto message = item.object("message")) {
    readMessage(*message, event);
  } else if (auto postback = item.object("postback")) {
    event.kind = MsKind::Postback;
    event.text = postback->string("title", false, 1024).value_or("");
    event.payload = postback->string("payload", false, 1024);
    event.mid = postback->string("mid", false, kMaxIdBytes).value_or("");
  } else if (auto reaction = item.object("reaction")) {
    event.kind = MsKind::Reaction;
    event.reply_to = reaction->string("mid", false, kMaxIdBytes);
    event.text = reaction->string("emoji", false, 64).value_or("");
    event.unreact = reaction->string("action", false, 16).value_or("react") == "unreact";
  } else if (auto delivery = item.object("delivery")) {
    event.kind = MsKind::Delivery;
    event.watermark = delivery->millis("watermark", true);
    if (const Json* mids = delivery->array("mids")) {
      for (const Json& mid : *mids) {
        if (mid.is_string() && mid.get_ref<const std::string&>().size() <= kMaxIdBytes) {
          event.mids.push_back(mid.get<std::string>());
        }
      }
    }
  } else if (auto read =
                 item.object("read") ? item.object("read") : item.object("messaging_seen")) {
    event.kind = MsKind::Read;
    event.watermark = read->millis("watermark", false);
    if (auto seen = read->string("mid", false, kMaxIdBytes)) {
      event.mids.push_back(std::move(*seen));
    }
  }
}

}  // namespace

Result<std::vector<MsEvent>> parseMessengerWebhook(std::string_view body) {
  auto root = parseProviderJson(body, kMaxWebhookBytes, kMaxDepth);
  if (!root) {
    return std::unexpected(root.error());
  }
  if (!root->is_object()) {
    return fail(ErrorCode::ValidationFailed, "the webhook must be a JSON object");
  }
  std::optional<Error> error;
  Fields top(*root, "", error);
  const std::string object = top.string("object", true, 32).value_or("");
  if (!error && object != "page" && object != "instagram") {
    return fail(ErrorCode::ValidationFailed, "object must be page or instagram");
  }
  std::vector<MsEvent> events;
  if (const Json* entries = top.array("entry")) {
    for (size_t index = 0; index < entries->size() && !error; ++index) {
      Fields entry = top.element((*entries)[index], "entry", index);
      const std::string account = entry.id("id");
      for (const char* list : {"messaging", "standby"}) {
        const Json* items = entry.array(list);
        for (size_t at = 0; items && at < items->size() && !error; ++at) {
          Fields item = entry.element((*items)[at], list, at);
          MsEvent event{.instagram = object == "instagram", .account_id = account};
          readEvent(item, event);
          if (events.size() >= kMaxEvents) {
            return fail(ErrorCode::ValidationFailed, "a webhook carries at most 1000 events");
          }
          events.push_back(std::move(event));
        }
      }
    }
  }
  if (error) {
    return std::unexpected(*error);
  }
  return events;
}

}  // namespace parley::channels::messenger
