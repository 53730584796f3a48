#include "channels/telegram/telegram_update.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <utility>

#include "channels/provider_fields.h"
#include "channels/provider_json.h"

namespace parley::channels::telegram {
namespace {

using Json = nlohmann::json;

constexpr int64_t kMaxPhotoSide = int64_t{1} << 20;  // keeps width × height inside int64

// Telegram's reads on top of the shared ones: its field limits.
class Fields : public ProviderFields<Fields> {
 public:
  using ProviderFields::ProviderFields;

  int64_t requiredInt(std::string_view key) { return integer(key, true).value_or(0); }
  std::optional<int64_t> optionalInt(std::string_view key) { return integer(key, false); }
  std::optional<int64_t> optionalSize(std::string_view key) {
    return integer(key, false, 0, kMaxInt);
  }
  std::string requiredString(std::string_view key) {
    return string(key, true, kMaxShortBytes).value_or("");
  }
  std::optional<std::string> optionalString(std::string_view key) {
    return string(key, false, kMaxShortBytes);
  }
  bool requiredBool(std::string_view key) { return boolean(key, true).value_or(false); }
};

// At most kMaxShortBytes of valid UTF-8 `text`, cut before a code point.
std::string utf8Prefix(std::string text) {
  if (text.size() > kMaxShortBytes) {
    size_t end = kMaxShortBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    text.resize(end);
  }
  return text;
}

ChatType chatType(std::string_view type) {
  if (type == "private") {
    return ChatType::Private;
  }
  if (type == "group") {
    return ChatType::Group;
  }
  if (type == "supergroup") {
    return ChatType::Supergroup;
  }
  return type == "channel" ? ChatType::Channel : ChatType::Other;
}

Chat readChat(Fields fields) {
  Chat chat;
  chat.id = fields.requiredInt("id");
  chat.id_text = std::to_string(chat.id);
  chat.type = chatType(fields.requiredString("type"));
  return chat;
}

Sender readSender(Fields fields) {
  Sender sender;
  sender.id = fields.requiredInt("id");
  sender.is_bot = fields.requiredBool("is_bot");
  const std::string first = fields.optionalString("first_name").value_or("");
  const std::string last = fields.optionalString("last_name").value_or("");
  sender.username = fields.optionalString("username");
  sender.language_code = fields.optionalString("language_code");
  sender.display_name = first.empty() || last.empty() ? first + last : first + " " + last;
  if (sender.display_name.empty()) {
    sender.display_name = sender.username.value_or("");
  }
  return sender;
}

Attachment readFile(Fields fields, AttachmentKind kind) {
  Attachment file;
  file.kind = kind;
  file.file_id = fields.requiredString("file_id");
  file.file_unique_id = fields.requiredString("file_unique_id");
  file.file_size = fields.optionalSize("file_size");
  file.mime_type = fields.optionalString("mime_type");
  file.file_name = fields.optionalString("file_name");
  if (file.file_id.empty()) {
    fields.fault("file_id", "must not be empty");
  }
  return file;
}

// Telegram lists a photo's sizes ascending, but the largest is chosen by area, not by position.
std::optional<Attachment> readPhoto(Fields& message, const Json& sizes) {
  if (sizes.empty()) {
    message.fault("photo", "must not be empty");
    return std::nullopt;
  }
  std::optional<Attachment> largest;
  int64_t largest_area = -1;
  for (size_t index = 0; index < sizes.size(); ++index) {
    if (!sizes[index].is_object()) {
      message.fault("photo", "must hold objects");
      return std::nullopt;
    }
    Fields size = message.element(sizes[index], "photo", index);
    const int64_t width = size.integer("width", true, 0, kMaxPhotoSide).value_or(0);
    const int64_t height = size.integer("height", true, 0, kMaxPhotoSide).value_or(0);
    Attachment file = readFile(size, AttachmentKind::Photo);
    if (width * height >= largest_area) {
      largest_area = width * height;
      largest = std::move(file);
    }
  }
  return largest;
}

std::optional<Attachment> readAttachment(Fields& message) {
  if (const Json* sizes = message.array("photo")) {
    return readPhoto(message, *sizes);
  }
  // An animation also comes as `document` (for old clients), so it is looked at first.
  static constexpr std::array<std::pair<std::string_view, AttachmentKind>, 7> kKinds{{
      {"animation", AttachmentKind::Animation},
      {"video", AttachmentKind::Video},
      {"video_note", AttachmentKind::VideoNote},
      {"voice", AttachmentKind::Voice},
      {"audio", AttachmentKind::Audio},
      {"sticker", AttachmentKind::Sticker},
      {"document", AttachmentKind::Document},
  }};
  for (const auto& [key, kind] : kKinds) {
    if (std::optional<Fields> file = message.object(key)) {
      return readFile(*file, kind);
    }
  }
  return std::nullopt;
}

std::optional<Location> readLocation(Fields& message) {
  std::optional<Fields> venue = message.object("venue");
  std::optional<Fields> point =
      venue ? venue->object("location", true) : message.object("location");
  if (!point) {
    return std::nullopt;
  }
  Location location;
  location.latitude = point->coordinate("latitude", 90).value_or(0);
  location.longitude = point->coordinate("longitude", 180).value_or(0);
  if (venue) {
    location.name = venue->optionalString("title");
  }
  return location;
}

std::optional<SharedContact> readContact(Fields& message) {
  std::optional<Fields> fields = message.object("contact");
  if (!fields) {
    return std::nullopt;
  }
  SharedContact contact;
  contact.phone_number = fields->requiredString("phone_number");
  contact.first_name = fields->requiredString("first_name");
  contact.last_name = fields->optionalString("last_name");
  contact.user_id = fields->optionalInt("user_id");
  return contact;
}

void readMessage(Fields message, Update& update) {
  update.message_id = message.requiredInt("message_id");
  update.date = message.requiredInt("date");
  if (std::optional<Fields> chat = message.object("chat", true)) {
    update.chat = readChat(*chat);
  }
  if (std::optional<Fields> from = message.object("from")) {
    update.sender = readSender(*from);
  }
  if (update.kind == UpdateKind::EditedMessage) {
    update.edit_date = message.optionalInt("edit_date");
  }
  update.text = message.string("text", false, kMaxTextBytes);
  std::optional<std::string> caption = message.string("caption", false, kMaxTextBytes);
  if (!update.text) {
    update.text = std::move(caption);
  }
  update.attachment = readAttachment(message);
  update.location = readLocation(message);
  update.contact = readContact(message);
}

// The label of the inline button carrying `data`; a keyboard of the wrong shape has no buttons.
std::optional<std::string> buttonText(const Json& message, const std::string& data) {
  const auto markup = message.find("reply_markup");
  if (markup == message.end() || !markup->is_object()) {
    return std::nullopt;
  }
  const auto keyboard = markup->find("inline_keyboard");
  if (keyboard == markup->end() || !keyboard->is_array()) {
    return std::nullopt;
  }
  for (const Json& row : *keyboard) {
    if (!row.is_array()) {
      continue;
    }
    for (const Json& button : row) {
      if (!button.is_object() || button.value("callback_data", Json()) != data) {
        continue;
      }
      const Json text = button.value("text", Json());
      if (text.is_string() && text.get_ref<const std::string&>().size() <= kMaxShortBytes) {
        return text.get<std::string>();
      }
    }
  }
  return std::nullopt;
}

void readCallbackQuery(Fields query, Update& update) {
  CallbackQuery callback;
  callback.id = query.requiredString("id");
  if (!query.failed() && callback.id.empty()) {
    query.fault("id", "must not be empty");
  }
  callback.data = query.optionalString("data");
  if (std::optional<Fields> from = query.object("from", true)) {
    update.sender = readSender(*from);
  }
  std::optional<Fields> message = query.object("message");
  if (!message) {
    Update ignored;
    ignored.update_id = update.update_id;
    ignored.type = std::move(update.type);
    update = std::move(ignored);
    return;
  }
  update.message_id = message->requiredInt("message_id");
  update.date = message->requiredInt("date");
  if (std::optional<Fields> chat = message->object("chat", true)) {
    update.chat = readChat(*chat);
  }
  if (callback.data) {
    callback.button_text = buttonText(message->raw(), *callback.data);
  }
  update.callback = std::move(callback);
}

Result<Update> readUpdate(const Json& root) {
  if (!root.is_object()) {
    return fail(ErrorCode::ValidationFailed, "an update must be a JSON object");
  }
  std::optional<Error> error;
  Fields fields(root, "", error);
  Update update;
  update.update_id =
      fields.integer("update_id", true, 0, std::numeric_limits<int64_t>::max() - 1).value_or(0);
  static constexpr std::array<std::pair<std::string_view, UpdateKind>, 3> kRead{{
      {"message", UpdateKind::Message},
      {"edited_message", UpdateKind::EditedMessage},
      {"callback_query", UpdateKind::CallbackQuery},
  }};
  int present = 0;
  for (const auto& [key, kind] : kRead) {
    if (fields.find(key)) {
      ++present;
      update.type = key;
      update.kind = kind;
    }
  }
  if (present > 1) {
    fields.fault("update", "has more than one of message, edited_message, callback_query");
  }
  if (present == 0) {
    for (const auto& [key, value] : root.items()) {
      if (key != "update_id" && !value.is_null() && update.type.empty()) {
        update.type = utf8Prefix(key);
      }
    }
  } else if (std::optional<Fields> body = fields.object(update.type, true)) {
    if (update.kind == UpdateKind::CallbackQuery) {
      readCallbackQuery(*body, update);
    } else {
      readMessage(*body, update);
    }
  }
  if (error) {
    return std::unexpected(std::move(*error));
  }
  return update;
}

// Readable when it is a valid update_id, whatever the rest of the element holds.
std::optional<int64_t> updateIdOf(const Json& element) {
  if (!element.is_object()) {
    return std::nullopt;
  }
  const auto found = element.find("update_id");
  const std::optional<int64_t> id = found == element.end() ? std::nullopt : asInt64(*found);
  if (!id || *id < 0 || *id == std::numeric_limits<int64_t>::max()) {
    return std::nullopt;
  }
  return id;
}

Result<Json> parseJson(std::string_view body, size_t max_bytes) {
  return parseProviderJson(body, max_bytes, kMaxJsonDepth);
}

}  // namespace

Result<void> checkJsonBounds(std::string_view json, size_t max_bytes) {
  return channels::checkJsonBounds(json, max_bytes, kMaxJsonDepth);
}

std::string_view updateKindName(UpdateKind kind) {
  switch (kind) {
    case UpdateKind::Message:
      return "message";
    case UpdateKind::EditedMessage:
      return "edited_message";
    case UpdateKind::CallbackQuery:
      return "callback_query";
    case UpdateKind::Ignored:
      return "ignored";
  }
  return "ignored";
}

Result<Update> parseUpdate(std::string_view body) {
  Result<Json> root = parseJson(body, kMaxUpdateBytes);
  if (!root) {
    return std::unexpected(std::move(root.error()));
  }
  return readUpdate(*root);
}

Result<UpdateBatch> parseGetUpdates(std::string_view body) {
  Result<Json> root = parseJson(body, kMaxUpdatesBytes);
  if (!root) {
    return std::unexpected(std::move(root.error()));
  }
  const Json ok = root->is_object() ? root->value("ok", Json()) : Json();
  if (!ok.is_boolean()) {
    return fail(ErrorCode::ValidationFailed, "not a Bot API answer (no boolean \"ok\")");
  }
  if (!ok.get<bool>()) {
    const Json code = root->value("error_code", Json());
    const Json description = root->value("description", Json());
    std::string reason = "getUpdates failed:";
    reason += code.is_number_integer() ? " " + code.dump() : "";
    reason += description.is_string() ? " " + utf8Prefix(description.get<std::string>()) : "";
    return fail(ErrorCode::ValidationFailed, std::move(reason));
  }
  const auto result = root->find("result");
  if (result == root->end() || !result->is_array()) {
    return fail(ErrorCode::ValidationFailed, "getUpdates answer has no \"result\" array");
  }
  UpdateBatch batch;
  for (const Json& element : *result) {
    const std::optional<int64_t> id = updateIdOf(element);
    if (id) {
      batch.next_offset = std::max(batch.next_offset.value_or(0), *id + 1);
    }
    Result<Update> update = readUpdate(element);
    if (update) {
      batch.updates.push_back(std::move(*update));
    } else {
      batch.rejected.push_back(RejectedUpdate{id, std::move(update.error())});
    }
  }
  return batch;
}

}  // namespace parley::channels::telegram
