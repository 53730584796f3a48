#include "channels/whatsapp/wa_webhook.h"

#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <memory>

#include "core/json/json_reader.h"

namespace parley::channels::whatsapp {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

constexpr size_t kMaxIdBytes = 512;
constexpr size_t kMaxTextBytes = 64 * 1024;

// One parser per thread, its buffers reused: parsing a webhook allocates only what it returns.
thread_local std::unique_ptr<simdjson::dom::parser> spare_parser;

// Reads of one webhook; the first problem is kept and every read after it is skipped.
class Reader {
 public:
  bool failed() const { return error_.has_value(); }
  Error error() const { return *error_; }
  void fault(const std::string& path, std::string_view what) {
    if (!error_) {
      error_ = Error{ErrorCode::ValidationFailed, path + " " + std::string(what)};
    }
  }

  // A string field; "" when absent or null (an error when required).
  std::string string(object parent, std::string_view key, const std::string& path, size_t max_bytes,
                     bool required = false) {
    element value;
    if (failed() || parent.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) {
      if (required) {
        fault(path + "." + std::string(key), "is missing");
      }
      return "";
    }
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) {
      fault(path + "." + std::string(key), "must be a string");
      return "";
    }
    if (text.size() > max_bytes) {
      fault(path + "." + std::string(key),
            "is longer than " + std::to_string(max_bytes) + " bytes");
      return "";
    }
    return std::string(text);
  }

  // A required string that must not be empty (ids).
  std::string id(object parent, std::string_view key, const std::string& path) {
    std::string value = string(parent, key, path, kMaxIdBytes, true);
    if (!failed() && value.empty()) {
      fault(path + "." + std::string(key), "must not be empty");
    }
    return value;
  }

  std::optional<object> child(object parent, std::string_view key, const std::string& path,
                              bool required = false) {
    element value;
    if (failed() || parent.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) {
      if (required) {
        fault(path + "." + std::string(key), "is missing");
      }
      return std::nullopt;
    }
    object found;
    if (value.get_object().get(found) != simdjson::SUCCESS) {
      fault(path + "." + std::string(key), "must be an object");
      return std::nullopt;
    }
    return found;
  }

  std::optional<array> list(object parent, std::string_view key, const std::string& path) {
    element value;
    if (failed() || parent.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) {
      return std::nullopt;
    }
    array found;
    if (value.get_array().get(found) != simdjson::SUCCESS) {
      fault(path + "." + std::string(key), "must be an array");
      return std::nullopt;
    }
    return found;
  }

  // Unix seconds, sent as a string of digits ("1717000000"); a number is taken too.
  int64_t seconds(object parent, std::string_view key, const std::string& path) {
    element value;
    const std::string name = path + "." + std::string(key);
    if (failed() || parent.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) {
      fault(name, "is missing");
      return 0;
    }
    int64_t number = 0;
    std::string_view digits;
    if (value.get_int64().get(number) == simdjson::SUCCESS) {
    } else if (value.get_string().get(digits) == simdjson::SUCCESS) {
      const auto [end, problem] =
          std::from_chars(digits.data(), digits.data() + digits.size(), number);
      if (problem != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
        fault(name, "must be Unix seconds");
        return 0;
      }
    } else {
      fault(name, "must be Unix seconds");
      return 0;
    }
    if (number < 0 || number > 253'402'300'799) {  // up to 9999-12-31
      fault(name, "is out of range");
      return 0;
    }
    return number;
  }

  double coordinate(object parent, std::string_view key, const std::string& path, double limit) {
    element value;
    double number = NAN;
    if (!failed() && parent.at_key(key).get(value) == simdjson::SUCCESS) {
      if (value.get_double().get(number) != simdjson::SUCCESS) {
        int64_t whole = 0;
        number =
            value.get_int64().get(whole) == simdjson::SUCCESS ? static_cast<double>(whole) : NAN;
      }
    }
    if (!std::isfinite(number) || std::fabs(number) > limit) {
      fault(path + "." + std::string(key), "must be a number between -" +
                                               std::to_string(static_cast<int>(limit)) + " and " +
                                               std::to_string(static_cast<int>(limit)));
      return 0;
    }
    return number;
  }

 private:
  std::optional<Error> error_;
};

bool isMediaType(std::string_view type) {
  return type == "image" || type == "audio" || type == "video" || type == "document" ||
         type == "sticker";
}

void readContent(Reader& reader, object message, const std::string& path, WaMessage& read) {
  const std::string& type = read.type;
  if (type == "text") {
    if (auto text = reader.child(message, "text", path, true)) {
      read.kind = WaKind::Text;
      read.text = reader.string(*text, "body", path + ".text", kMaxTextBytes, true);
    }
  } else if (isMediaType(type)) {
    if (auto media = reader.child(message, type, path, true)) {
      const std::string at = path + "." + type;
      read.kind = WaKind::Media;
      read.media = WaMedia{.id = reader.id(*media, "id", at),
                           .mime_type = reader.string(*media, "mime_type", at, 255),
                           .file_name = reader.string(*media, "filename", at, 1024)};
      read.text = reader.string(*media, "caption", at, kMaxTextBytes);
    }
  } else if (type == "location") {
    if (auto location = reader.child(message, "location", path, true)) {
      const std::string at = path + ".location";
      read.kind = WaKind::Location;
      read.location = WaLocation{.latitude = reader.coordinate(*location, "latitude", at, 90),
                                 .longitude = reader.coordinate(*location, "longitude", at, 180),
                                 .name = reader.string(*location, "name", at, 1024),
                                 .address = reader.string(*location, "address", at, 1024)};
    }
  } else if (type == "interactive") {
    if (auto interactive = reader.child(message, "interactive", path, true)) {
      const std::string at = path + ".interactive";
      const std::string kind = reader.string(*interactive, "type", at, 64, true);
      if (kind == "button_reply" || kind == "list_reply") {
        if (auto reply = reader.child(*interactive, kind, at, true)) {
          read.kind = WaKind::Choice;
          read.choice_id = reader.string(*reply, "id", at + "." + kind, kMaxIdBytes);
          read.choice = reader.string(*reply, "title", at + "." + kind, 1024, true);
          read.text = *read.choice;
        }
      }
    }
  } else if (type == "button") {  // a template's quick-reply button
    if (auto button = reader.child(message, "button", path, true)) {
      read.kind = WaKind::Choice;
      read.choice_id = reader.string(*button, "payload", path + ".button", kMaxIdBytes);
      read.choice = reader.string(*button, "text", path + ".button", 1024, true);
      read.text = *read.choice;
    }
  } else if (type == "reaction") {
    if (auto reaction = reader.child(message, "reaction", path, true)) {
      read.kind = WaKind::Reaction;
      read.reacted_to = reader.string(*reaction, "message_id", path + ".reaction", kMaxIdBytes);
      read.text = reader.string(*reaction, "emoji", path + ".reaction", 64);
    }
  } else if (type == "contacts") {
    read.kind = WaKind::Contacts;
    if (auto shared = reader.list(message, "contacts", path)) {
      for (element entry : *shared) {
        object contact;
        if (entry.get_object().get(contact) != simdjson::SUCCESS) {
          continue;
        }
        std::string line = "Contact:";
        if (auto name = reader.child(contact, "name", path + ".contacts")) {
          line += " " + reader.string(*name, "formatted_name", path + ".contacts.name", 1024);
        }
        if (auto phones = reader.list(contact, "phones", path + ".contacts")) {
          for (element phone : *phones) {
            object number;
            if (phone.get_object().get(number) == simdjson::SUCCESS) {
              line += " " + reader.string(number, "phone", path + ".contacts.phones", 64);
            }
          }
        }
        read.text += (read.text.empty() ? "" : "\n") + line;
      }
    }
  }
  if (auto context = reader.child(message, "context", path)) {
    std::string replied = reader.string(*context, "id", path + ".context", kMaxIdBytes);
    if (!replied.empty()) {
      read.context_id = std::move(replied);
    }
  }
}

void readValue(Reader& reader, object value, const std::string& path, WaWebhook& webhook) {
  std::string number;
  if (auto metadata = reader.child(value, "metadata", path, true)) {
    number = reader.id(*metadata, "phone_number_id", path + ".metadata");
  }
  // Profile names by the sender's id.
  std::vector<std::pair<std::string, std::string>> names;
  if (auto contacts = reader.list(value, "contacts", path)) {
    for (element entry : *contacts) {
      object contact;
      if (entry.get_object().get(contact) != simdjson::SUCCESS) {
        continue;
      }
      std::string id = reader.string(contact, "wa_id", path + ".contacts", kMaxIdBytes);
      if (id.empty()) {
        id = reader.string(contact, "user_id", path + ".contacts", kMaxIdBytes);
      }
      if (auto profile = reader.child(contact, "profile", path + ".contacts")) {
        names.emplace_back(std::move(id),
                           reader.string(*profile, "name", path + ".contacts.profile", 1024));
      }
    }
  }
  if (auto messages = reader.list(value, "messages", path)) {
    size_t index = 0;
    for (element entry : *messages) {
      const std::string at = path + ".messages[" + std::to_string(index++) + "]";
      object message;
      if (entry.get_object().get(message) != simdjson::SUCCESS) {
        reader.fault(at, "must be an object");
        return;
      }
      WaMessage read;
      read.phone_number_id = number;
      read.from = reader.string(message, "from", at, kMaxIdBytes);
      if (read.from.empty()) {
        read.from = reader.string(message, "user_id", at, kMaxIdBytes);
      }
      if (read.from.empty()) {
        reader.fault(at + ".from", "is missing");
      }
      read.id = reader.id(message, "id", at);
      read.timestamp = reader.seconds(message, "timestamp", at);
      read.type = reader.string(message, "type", at, 64, true);
      readContent(reader, message, at, read);
      for (const auto& [id, name] : names) {
        if (id == read.from && !name.empty()) {
          read.contact_name = name;
        }
      }
      if (reader.failed()) {
        return;
      }
      if (webhook.messages.size() + webhook.statuses.size() >= kMaxEvents) {
        reader.fault("entry", "carries more than 1000 messages and statuses");
        return;
      }
      webhook.messages.push_back(std::move(read));
    }
  }
  if (auto statuses = reader.list(value, "statuses", path)) {
    size_t index = 0;
    for (element entry : *statuses) {
      const std::string at = path + ".statuses[" + std::to_string(index++) + "]";
      object status;
      if (entry.get_object().get(status) != simdjson::SUCCESS) {
        reader.fault(at, "must be an object");
        return;
      }
      WaStatus read{.phone_number_id = number,
                    .id = reader.id(status, "id", at),
                    .status = reader.id(status, "status", at),
                    .timestamp = reader.seconds(status, "timestamp", at)};
      if (auto errors = reader.list(status, "errors", at)) {
        for (element first : *errors) {
          object error;
          if (first.get_object().get(error) != simdjson::SUCCESS) {
            break;
          }
          int64_t code = 0;
          if (error["code"].get_int64().get(code) == simdjson::SUCCESS) {
            read.error_code = code;
          }
          read.error_text = reader.string(error, "title", at + ".errors[0]", 1024);
          if (auto data = reader.child(error, "error_data", at + ".errors[0]")) {
            const std::string details =
                reader.string(*data, "details", at + ".errors[0].error_data", 4096);
            if (!details.empty()) {
              read.error_text += (read.error_text.empty() ? "" : ": ") + details;
            }
          }
          break;
        }
      }
      if (reader.failed()) {
        return;
      }
      if (webhook.messages.size() + webhook.statuses.size() >= kMaxEvents) {
        reader.fault("entry", "carries more than 1000 messages and statuses");
        return;
      }
      webhook.statuses.push_back(std::move(read));
    }
  }
}

}  // namespace

Result<WaWebhook> parseWhatsAppWebhook(std::string_view body) {
  if (body.size() > kMaxWebhookBytes) {
    return fail(ErrorCode::PayloadTooLarge, "a webhook is at most 4 MiB");
  }
  std::unique_ptr<simdjson::dom::parser> parser =
      spare_parser ? std::move(spare_parser) : std::make_unique<simdjson::dom::parser>();
  struct GiveBack {
    std::unique_ptr<simdjson::dom::parser>& parser;
    ~GiveBack() { spare_parser = std::move(parser); }
  } give_back{parser};
  if (parser->max_depth() != kMaxJsonDepth &&
      parser->allocate(std::max<size_t>(body.size(), 4096), kMaxJsonDepth) != simdjson::SUCCESS) {
    return fail(ErrorCode::Internal, "out of memory parsing JSON");
  }
  element root;
  if (const auto error = parser->parse(body.data(), body.size()).get(root); error) {
    return fail(ErrorCode::InvalidJson,
                std::string("the webhook is not valid JSON: ") + simdjson::error_message(error));
  }
  object top;
  if (root.get_object().get(top) != simdjson::SUCCESS) {
    return fail(ErrorCode::ValidationFailed, "the webhook must be a JSON object");
  }
  Reader reader;
  const std::string kind = reader.string(top, "object", "", 64, true);
  if (!reader.failed() && kind != "whatsapp_business_account") {
    return fail(ErrorCode::ValidationFailed, "object must be whatsapp_business_account");
  }
  WaWebhook webhook;
  size_t entry_index = 0;
  if (auto entries = reader.list(top, "entry", "")) {
    for (element entry_value : *entries) {
      const std::string entry_path = "entry[" + std::to_string(entry_index++) + "]";
      object entry;
      if (entry_value.get_object().get(entry) != simdjson::SUCCESS) {
        reader.fault(entry_path, "must be an object");
        break;
      }
      size_t change_index = 0;
      if (auto changes = reader.list(entry, "changes", entry_path)) {
        for (element change_value : *changes) {
          const std::string change_path =
              entry_path + ".changes[" + std::to_string(change_index++) + "]";
          object change;
          if (change_value.get_object().get(change) != simdjson::SUCCESS) {
            reader.fault(change_path, "must be an object");
            break;
          }
          if (reader.string(change, "field", change_path, 128) != "messages") {
            continue;
          }
          if (auto value = reader.child(change, "value", change_path, true)) {
            readValue(reader, *value, change_path + ".value", webhook);
          }
        }
      }
      if (reader.failed()) {
        break;
      }
    }
  }
  if (reader.failed()) {
    Error error = reader.error();
    if (!error.message.empty() && error.message.front() == '.') {
      error.message.erase(0, 1);
    }
    return std::unexpected(std::move(error));
  }
  return webhook;
}

}  // namespace parley::channels::whatsapp
