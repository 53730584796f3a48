#include "channels/viber/viber_callback.h"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <utility>

#include "channels/provider_fields.h"
#include "channels/provider_json.h"

namespace parley::channels::viber {
namespace {

// std::map objects: an object of n keys parses in O(n log n) (ordered_json's linear lookups would
// make a hostile body quadratic).
using Json = nlohmann::json;

// A JSON integer (nlohmann keeps [INT64_MIN, UINT64_MAX] exact and reads anything else, and any
// number with a fraction or an exponent, as a double: refused), or a string holding one.
std::optional<std::string> decimalToken(const Json& value) {
  if (value.is_number_unsigned()) {
    return std::to_string(value.get<uint64_t>());
  }
  if (value.is_number_integer()) {
    return std::to_string(value.get<int64_t>());
  }
  if (value.is_string() && isDecimalToken(value.get_ref<const std::string&>())) {
    return value.get<std::string>();
  }
  return std::nullopt;
}

// Viber's reads on top of the shared ones: its limits and its integer-or-string tokens.
class Fields : public ProviderFields<Fields> {
 public:
  using ProviderFields::ProviderFields;

  std::optional<int64_t> integer(std::string_view key, bool required, int64_t min) {
    return ProviderFields::integer(key, required, min, kMaxInt, "must not be negative");
  }

  std::optional<std::string> token(std::string_view key, bool required) {
    const Json* value = lookup(key, required);
    if (!value) {
      return std::nullopt;
    }
    std::optional<std::string> token = decimalToken(*value);
    if (!token) {
      fault(key, "must be an integer (no fraction, no exponent, at most 2^64 - 1)");
    }
    return token;
  }

  std::optional<std::string> optionalString(std::string_view key) {
    return string(key, false, kMaxFieldBytes);
  }
  std::optional<std::string> optionalText(std::string_view key) {
    return string(key, false, kMaxTextBytes);
  }
  // A required string that must not be empty (ids).
  std::string id(std::string_view key) {
    std::string id = string(key, true, kMaxFieldBytes).value_or("");
    if (id.empty()) {
      fault(key, "must not be empty");
    }
    return id;
  }
  std::optional<bool> boolean(std::string_view key) { return ProviderFields::boolean(key, false); }
};

constexpr std::array<std::pair<std::string_view, EventKind>, 8> kEvents{{
    {"message", EventKind::Message},
    {"delivered", EventKind::Delivered},
    {"seen", EventKind::Seen},
    {"failed", EventKind::Failed},
    {"subscribed", EventKind::Subscribed},
    {"unsubscribed", EventKind::Unsubscribed},
    {"conversation_started", EventKind::ConversationStarted},
    {"webhook", EventKind::Webhook},
}};

constexpr std::array<std::pair<std::string_view, MessageType>, 8> kMessageTypes{{
    {"text", MessageType::Text},
    {"picture", MessageType::Picture},
    {"video", MessageType::Video},
    {"file", MessageType::File},
    {"sticker", MessageType::Sticker},
    {"location", MessageType::Location},
    {"contact", MessageType::Contact},
    {"url", MessageType::Url},
}};

EventKind eventKind(std::string_view event) {
  for (const auto& [name, kind] : kEvents) {
    if (name == event) {
      return kind;
    }
  }
  return EventKind::Other;
}

MessageType messageType(std::string_view type) {
  for (const auto& [name, kind] : kMessageTypes) {
    if (name == type) {
      return kind;
    }
  }
  return MessageType::Other;
}

// A sticker's image URL is optional: both SDKs read only its sticker_id.
bool needsMedia(MessageType type) {
  return type == MessageType::Picture || type == MessageType::Video || type == MessageType::File ||
         type == MessageType::Url;
}

UserProfile readProfile(Fields fields) {
  UserProfile profile;
  profile.id = fields.id("id");
  profile.name = fields.optionalString("name");
  profile.avatar = fields.optionalString("avatar");
  profile.language = fields.optionalString("language");
  profile.country = fields.optionalString("country");
  profile.api_version = fields.integer("api_version", false, 0);
  return profile;
}

// Only the fields of the message's own type are read: an unknown type (or a known one with an
// extra field) is not refused for a shape this code never looks at.
ReceivedMessage readMessage(Fields fields) {
  ReceivedMessage message;
  message.type_name = fields.string("type", true, kMaxFieldBytes).value_or("");
  message.type = messageType(message.type_name);
  message.text = fields.string("text", message.type == MessageType::Text, kMaxTextBytes);
  message.tracking_data = fields.optionalText("tracking_data");
  const bool is_sticker = message.type == MessageType::Sticker;
  if (needsMedia(message.type) || is_sticker) {
    std::optional<std::string> url = fields.string("media", !is_sticker, kMaxFieldBytes);
    if (url && url->empty()) {
      fields.fault("media", "must not be empty");
    }
    if (url || !is_sticker) {
      message.media = Media{std::move(url).value_or(""), fields.optionalString("thumbnail"),
                            fields.optionalString("file_name"), fields.integer("size", false, 0)};
    }
  }
  if (is_sticker) {
    message.sticker_id = fields.integer("sticker_id", false, 0);
  }
  if (message.type == MessageType::Location) {
    if (std::optional<Fields> point = fields.object("location", true)) {
      message.location = Location{point->coordinate("lat", 90).value_or(0),
                                  point->coordinate("lon", 180).value_or(0)};
    }
  }
  if (message.type == MessageType::Contact) {
    if (std::optional<Fields> card = fields.object("contact", true)) {
      message.contact = SharedContact{card->optionalString("name").value_or(""),
                                      card->optionalString("phone_number").value_or("")};
    }
  }
  return message;
}

// Reads what each kind carries besides event, timestamp and message_token.
void readKindFields(Fields& fields, Callback& callback) {
  switch (callback.kind) {
    case EventKind::Message:
      if (std::optional<Fields> sender = fields.object("sender", true)) {
        callback.user = readProfile(*sender);
      }
      if (std::optional<Fields> message = fields.object("message", true)) {
        callback.message = readMessage(*message);
      }
      break;
    case EventKind::Subscribed:
    case EventKind::ConversationStarted:
      if (std::optional<Fields> user = fields.object("user", true)) {
        callback.user = readProfile(*user);
      }
      break;
    case EventKind::Delivered:
    case EventKind::Seen:
    case EventKind::Failed:
    case EventKind::Unsubscribed:
      callback.user_id = fields.id("user_id");
      break;
    case EventKind::Webhook:
    case EventKind::Other:
      break;
  }
  if (callback.user) {
    callback.user_id = callback.user->id;
  }
  if (callback.kind == EventKind::Failed) {
    callback.description = fields.optionalText("desc");
  }
  if (callback.kind == EventKind::ConversationStarted) {
    callback.conversation_type = fields.optionalString("type");
    callback.context = fields.optionalText("context");
    callback.subscribed = fields.boolean("subscribed").value_or(false);
  }
}

Result<Callback> readCallback(const Json& root) {
  if (!root.is_object()) {
    return fail(ErrorCode::ValidationFailed, "a callback must be a JSON object");
  }
  std::optional<Error> error;
  Fields fields(root, "", error);
  Callback callback;
  callback.event = fields.string("event", true, kMaxFieldBytes).value_or("");
  callback.kind = eventKind(callback.event);
  const bool known = callback.kind != EventKind::Other;
  callback.timestamp = fields.integer("timestamp", known, 0).value_or(0);
  const bool token_required =
      callback.kind == EventKind::Message || callback.kind == EventKind::Delivered ||
      callback.kind == EventKind::Seen || callback.kind == EventKind::Failed;
  callback.message_token = fields.token("message_token", token_required).value_or("");
  readKindFields(fields, callback);
  if (error) {
    return std::unexpected(std::move(*error));
  }
  return callback;
}

}  // namespace

Result<void> checkJsonBounds(std::string_view json, size_t max_bytes) {
  return channels::checkJsonBounds(json, max_bytes, kMaxJsonDepth);
}

bool isDecimalToken(std::string_view text) {
  const char* end = text.data() + text.size();
  std::string canonical;
  if (text.starts_with('-')) {
    int64_t number = 0;
    const auto [stop, error] = std::from_chars(text.data(), end, number);
    canonical = error == std::errc() && stop == end ? std::to_string(number) : "";
  } else {
    uint64_t number = 0;
    const auto [stop, error] = std::from_chars(text.data(), end, number);
    canonical = error == std::errc() && stop == end ? std::to_string(number) : "";
  }
  return !canonical.empty() && canonical == text;
}

std::string_view eventKindName(EventKind kind) {
  for (const auto& [name, value] : kEvents) {
    if (value == kind) {
      return name;
    }
  }
  return "other";
}

Result<Callback> parseCallback(std::string_view body) {
  auto root = parseProviderJson(body, kMaxCallbackBytes, kMaxJsonDepth);
  if (!root) {
    return std::unexpected(std::move(root.error()));
  }
  return readCallback(*root);
}

}  // namespace parley::channels::viber
