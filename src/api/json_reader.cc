#include "api/json_reader.h"

#include <simdjson.h>

namespace parley::api {

struct JsonObject::Document {
  simdjson::dom::parser parser;
  simdjson::dom::object object;
};

namespace {

// One parser kept per thread and lent to one JsonObject at a time: its buffers are reused, so
// parsing a request body allocates nothing in the steady state.
thread_local std::unique_ptr<JsonObject::Document> spare_document;

}  // namespace

JsonObject::JsonObject(std::unique_ptr<Document> document) : document_(std::move(document)) {}
JsonObject::JsonObject(JsonObject&&) noexcept = default;

JsonObject::~JsonObject() {
  if (document_ && !spare_document) {
    spare_document = std::move(document_);
  }
}

Result<JsonObject> JsonObject::parse(std::string_view body) {
  std::unique_ptr<Document> document =
      spare_document ? std::move(spare_document) : std::make_unique<Document>();
  if ((document->parser.capacity() < body.size() ||
       document->parser.max_depth() != kMaxJsonDepth) &&
      document->parser.allocate(std::max<size_t>(body.size(), 4096), kMaxJsonDepth) !=
          simdjson::SUCCESS) {
    return fail(ErrorCode::Internal, "out of memory parsing JSON");
  }
  simdjson::dom::element root;
  const auto error = document->parser.parse(body.data(), body.size()).get(root);
  if (error == simdjson::DEPTH_ERROR) {
    return fail(ErrorCode::InvalidJson, "JSON nests deeper than 32 levels");
  }
  if (error == simdjson::UTF8_ERROR) {
    return fail(ErrorCode::InvalidJson, "body is not valid UTF-8");
  }
  if (error) {
    return fail(ErrorCode::InvalidJson,
                std::string("body is not valid JSON: ") + simdjson::error_message(error));
  }
  if (root.get_object().get(document->object) != simdjson::SUCCESS) {
    return fail(ErrorCode::ValidationFailed, "body must be a JSON object");
  }
  return JsonObject(std::move(document));
}

Result<std::optional<std::string>> JsonObject::optionalString(std::string_view name,
                                                              size_t max_bytes) const {
  simdjson::dom::element value;
  if (document_->object.at_key(name).get(value) != simdjson::SUCCESS || value.is_null()) {
    return std::optional<std::string>();
  }
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) {
    return fail(ErrorCode::ValidationFailed, std::string(name) + " must be a string");
  }
  if (text.size() > max_bytes) {
    return fail(ErrorCode::ValidationFailed,
                std::string(name) + " is longer than " + std::to_string(max_bytes) + " bytes");
  }
  return std::optional<std::string>(std::string(text));
}

Result<std::string> JsonObject::requiredString(std::string_view name, size_t max_bytes) const {
  auto value = optionalString(name, max_bytes);
  if (!value) {
    return std::unexpected(value.error());
  }
  if (!*value) {
    return fail(ErrorCode::ValidationFailed, std::string(name) + " is required");
  }
  return std::move(**value);
}

Result<std::map<std::string, std::string>> JsonObject::stringMap(std::string_view name,
                                                                 size_t max_entries,
                                                                 size_t max_bytes) const {
  std::map<std::string, std::string> entries;
  simdjson::dom::element value;
  if (document_->object.at_key(name).get(value) != simdjson::SUCCESS || value.is_null()) {
    return entries;
  }
  simdjson::dom::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) {
    return fail(ErrorCode::ValidationFailed, std::string(name) + " must be an object of strings");
  }
  for (auto [key, element] : object) {
    std::string_view text;
    if (element.get_string().get(text) != simdjson::SUCCESS) {
      return fail(ErrorCode::ValidationFailed,
                  std::string(name) + "." + std::string(key) + " must be a string");
    }
    if (key.empty() || key.size() > 100 || text.size() > max_bytes) {
      return fail(ErrorCode::ValidationFailed,
                  std::string(name) + " names must be 1 to 100 bytes, values at most " +
                      std::to_string(max_bytes));
    }
    if (entries.size() == max_entries) {
      return fail(ErrorCode::ValidationFailed,
                  std::string(name) + " has more than " + std::to_string(max_entries) + " entries");
    }
    entries.insert_or_assign(std::string(key), std::string(text));
  }
  return entries;
}

}  // namespace parley::api
