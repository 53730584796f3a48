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
// Unix seconds up to 2200-01-01: beyond what a TimePoint (nanoseconds in 64 bits, to 2262) holds
// once turned into one, and far beyond any real message.
constexpr int64_t kMaxSeconds = 7'258'118'400;

// One parser per thread, its buffers reused: parsing a webhook allocates only what it returns.
thread_local std::unique_ptr<simdjson::dom::parser> spare_parser;

// Where a field is ("entry[0].changes[0].value.messages[2].id"), spelled out only for an error:
// the happy path builds no strings.
struct Path {
  static constexpr size_t kNoIndex = static_cast<size_t>(-1);
  const Path* parent = nullptr;
  std::string_view key;
  size_t index = kNoIndex;

  std::string text() const {
    std::string out = parent ? parent->text() : "";
    if (!key.empty()) {
      out += (out.empty() ? "" : ".") + std::string(key);
    }
    if (index != kNoIndex) {
      out += "[" + std::to_string(index) + "]";
    }
    return out;
  }
  std::string field(std::string_view name) const { return Path{this, name}.text(); }
};

// Reads of one webhook; the first problem is kept and every read after it is skipped.
class Reader {
 public:
  bool failed() const { return error_.has_value(); }
  Error error() const { return *error_; }
  void fault(const std::string& where, std::string_view what) {
    if (!error_) {
      error_ = Error{ErrorCode::ValidationFailed, where + " " + std::string(what)};
    }
  }

  // A string field; "" when absent or null (an error when required).
  std::string string(object parent, std::string_view key, const Path& path, size_t max_bytes,
                     bool required = false) {
    element value;
    if (failed() || parent.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) {
      if (required) {
        fault(path.field(key), "is missing");
      }
      return "";
    }
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) {
      fault(path.field(key), "must be a string");
      return "";
    }
    if (text.size() > max_bytes) {
      fault(path.field(key), "is longer than " + std::to_string(max_bytes) + " bytes");
      return "";
    }
    return std::string(text);
  }

  // A required string that must not be empty (ids).
  std::string id(object parent, std::string_view key, const Path& path) {
    std::string value = string(parent, key, path, kMaxIdBytes, true);
    if (!failed() && value.empty()) {
      fault(path.field(key), "must not be empty");
    }
    return value;
  }

  std::optional<object> child(object parent, std::string_view key, const Path& path,
                              bool required = false) {
    element value;
    if (failed() || parent.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) {
      if (required) {
        fault(path.field(key), "is missing");
      }
      return std::nullopt;
    }
    object found;
    if (value.get_object().get(found) != simdjson::SUCCESS) {
      fault(path.field(key), "must be an object");
      return std::nullopt;
    }
    return found;
  }

  std::optional<array> list(object parent, std::string_view key, const Path& path) {
    element value;
    if (failed() || parent.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) {
      return std::nullopt;
    }
    array found;
    if (value.get_array().get(found) != simdjson::SUCCESS) {
      fault(path.field(key), "must be an array");
      return std::nullopt;
    }
    return found;
  }

  // Unix seconds, sent as a string of digits ("1717000000"); a number is taken too.
  int64_t seconds(object parent, std::string_view key, const Path& path) {
    element value;
    if (failed() || parent.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) {
      fault(path.field(key), "is missing");
      return 0;
    }
    int64_t number = 0;
    std::string_view digits;
    if (value.get_int64().get(number) == simdjson::SUCCESS) {
    } else if (value.get_string().get(digits) == simdjson::SUCCESS) {
      const auto [end, problem] =
          std::from_chars(digits.data(), digits.data() + digits.size(), number);
      if (problem != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
        fault(path.field(key), "must be Unix seconds");
        return 0;
      }
    } else {
      fault(path.field(key), "must be Unix seconds");
      return 0;
    }
    if (number < 0 || number > kMaxSeconds) {
      fault(path.field(key), "is out of range");
      return 0;
    }
    return number;
  }

  double coordinate(object parent, std::string_view key, const Path& path, double limit) {
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
      fault(path.field(key), "must be a number between -" +
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

void readContent(Reader& reader, object message, const Path& path, WaMessage& read) {
  const std::string& type = read.type;
  if (type == "text") {
    if (auto text = reader.child(message, "text", path, true)) {
      read.kind = WaKind::Text;
      read.text = reader.string(*text, "body", Path{&path, "text"}, kMaxTextBytes, true);
    }
  } else if (isMediaType(type)) {
    if (auto media = reader.child(message, type, path, true)) {
      const Path at{&path, type};
      read.kind = WaKind::Media;
      read.media = WaMedia{.id = reader.id(*media, "id", at),
                           .mime_type = reader.string(*media, "mime_type", at, 255),
                           .file_name = reader.string(*media, "filename", at, 1024)};
      read.text = reader.string(*media, "caption", at, kMaxTextBytes);
    }
  } else if (type == "location") {
    if (auto location = reader.child(message, "location", path, true)) {
      const Path at{&path, "location"};
      read.kind = WaKind::Location;
      read.location = WaLocation{.latitude = reader.coordinate(*location, "latitude", at, 90),
                                 .longitude = reader.coordinate(*location, "longitude", at, 180),
                                 .name = reader.string(*location, "name", at, 1024),
                                 .address = reader.string(*location, "address", at, 1024)};
    }
  } else if (type == "interactive") {
    if (auto interactive = reader.child(message, "interactive", path, true)) {
      const Path at{&path, "interactive"};
      const std::string kind = reader.string(*interactive, "type", at, 64, true);
      if (kind == "button_reply" || kind == "list_reply") {
        if (auto reply = reader.child(*interactive, kind, at, true)) {
          read.kind = WaKind::Choice;
          const Path reply_at{&at, kind};
          read.choice_id = reader.string(*reply, "id", reply_at, kMaxIdBytes);
          read.choice = reader.string(*reply, "title", reply_at, 1024, true);
          read.text = *read.choice;
        }
      }
    }
  } else if (type == "button") {  // a template's quick-reply button
    if (auto button = reader.child(message, "button", path, true)) {
      read.kind = WaKind::Choice;
      read.choice_id = reader.string(*button, "payload", Path{&path, "button"}, kMaxIdBytes);
      read.choice = reader.string(*button, "text", Path{&path, "button"}, 1024, true);
      read.text = *read.choice;
    }
  } else if (type == "reaction") {
    if (auto reaction = reader.child(message, "reaction", path, true)) {
      read.kind = WaKind::Reaction;
      read.reacted_to =
          reader.string(*reaction, "message_id", Path{&path, "reaction"}, kMaxIdBytes);
      read.text = reader.string(*reaction, "emoji", Path{&path, "reaction"}, 64);
    }
  } else if (type == "contacts") {
    read.kind = WaKind::Contacts;
    const Path shared_at{&path, "contacts"};
    if (auto shared = reader.list(message, "contacts", path)) {
      for (element entry : *shared) {
        object contact;
        if (entry.get_object().get(contact) != simdjson::SUCCESS) {
          continue;
        }
        std::string line = "Contact:";
        if (auto name = reader.child(contact, "name", shared_at)) {
          line += " " + reader.string(*name, "formatted_name", Path{&shared_at, "name"}, 1024);
        }
        if (auto phones = reader.list(contact, "phones", shared_at)) {
          for (element phone : *phones) {
            object number;
            if (phone.get_object().get(number) == simdjson::SUCCESS) {
              line += " " + reader.string(number, "phone", Path{&shared_at, "phones"}, 64);
            }
          }
        }
        read.text += (read.text.empty() ? "" : "\n") + line;
      }
    }
  }
  if (auto context = reader.child(message, "context", path)) {
    std::string replied = reader.string(*context, "id", Path{&path, "context"}, kMaxIdBytes);
    if (!replied.empty()) {
      read.context_id = std::move(replied);
    }
  }
}

void readValue(Reader& reader, object value, const Path& path, WaWebhook& webhook) {
  std::string number;
  if (auto metadata = reader.child(value, "metadata", path, true)) {
    number = reader.id(*metadata, "phone_number_id", Path{&path, "metadata"});
  }
  // Profile names by the sender's id.
  std::vector<std::pair<std::string, std::string>> names;
  const Path contacts_at{&path, "contacts"};
  if (auto contacts = reader.list(value, "contacts", path)) {
    for (element entry : *contacts) {
      object contact;
      if (entry.get_object().get(contact) != simdjson::SUCCESS) {
        continue;
      }
      std::string id = reader.string(contact, "wa_id", contacts_at, kMaxIdBytes);
      if (id.empty()) {
        id = reader.string(contact, "user_id", contacts_at, kMaxIdBytes);
      }
      if (auto profile = reader.child(contact, "profile", contacts_at)) {
        names.emplace_back(std::move(id),
                           reader.string(*profile, "name", Path{&contacts_at, "profile"}, 1024));
      }
    }
  }
  if (auto messages = reader.list(value, "messages", path)) {
    size_t index = 0;
    for (element entry : *messages) {
      const Path at{&path, "messages", index++};
      object message;
      if (entry.get_object().get(message) != simdjson::SUCCESS) {
        reader.fault(at.text(), "must be an object");
        return;
      }
      WaMessage read;
      read.phone_number_id = number;
      read.from = reader.string(message, "from", at, kMaxIdBytes);
      if (read.from.empty()) {
        read.from = reader.string(message, "user_id", at, kMaxIdBytes);
      }
      if (read.from.empty()) {
        reader.fault(at.field("from"), "is missing");
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
      const Path at{&path, "statuses", index++};
      object status;
      if (entry.get_object().get(status) != simdjson::SUCCESS) {
        reader.fault(at.text(), "must be an object");
        return;
      }
      WaStatus read{.phone_number_id = number,
                    .id = reader.id(status, "id", at),
                    .status = reader.id(status, "status", at),
                    .timestamp = reader.seconds(status, "timestamp", at)};
      const Path errors_at{&at, "errors", 0};
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
          read.error_text = reader.string(error, "title", errors_at, 1024);
          if (auto data = reader.child(error, "error_data", errors_at)) {
            const std::string details =
                reader.string(*data, "details", Path{&errors_at, "error_data"}, 4096);
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
  const Path top_path;
  const std::string kind = reader.string(top, "object", top_path, 64, true);
  if (!reader.failed() && kind != "whatsapp_business_account") {
    return fail(ErrorCode::ValidationFailed, "object must be whatsapp_business_account");
  }
  WaWebhook webhook;
  size_t entry_index = 0;
  if (auto entries = reader.list(top, "entry", top_path)) {
    for (element entry_value : *entries) {
      const Path entry_path{&top_path, "entry", entry_index++};
      object entry;
      if (entry_value.get_object().get(entry) != simdjson::SUCCESS) {
        reader.fault(entry_path.text(), "must be an object");
        break;
      }
      size_t change_index = 0;
      if (auto changes = reader.list(entry, "changes", entry_path)) {
        for (element change_value : *changes) {
          const Path change_path{&entry_path, "changes", change_index++};
          object change;
          if (change_value.get_object().get(change) != simdjson::SUCCESS) {
            reader.fault(change_path.text(), "must be an object");
            break;
          }
          if (reader.string(change, "field", change_path, 128) != "messages") {
            continue;
          }
          if (auto value = reader.child(change, "value", change_path, true)) {
            readValue(reader, *value, Path{&change_path, "value"}, webhook);
          }
        }
      }
      if (reader.failed()) {
        break;
      }
    }
  }
  if (reader.failed()) {
    return std::unexpected(reader.error());
  }
  return webhook;
}

}  // namespace parley::channels::whatsapp
