#include "core/json/json_reader.h"

#include <simdjson.h>

namespace parley {

struct JsonObject::Document {
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  bool borrowed = false;  // a nested object: the parser that owns its memory is elsewhere
};

namespace {

// One parser kept per thread and lent to one JsonObject at a time: its buffers are reused, so
// parsing a request body allocates nothing in the steady state.
thread_local std::unique_ptr<JsonObject::Document> spare_document;

}  // namespace

JsonObject::JsonObject(std::unique_ptr<Document> document) : document_(std::move(document)) {}
JsonObject::JsonObject(JsonObject&&) noexcept = default;

JsonObject::~JsonObject() {
  if (document_ && !document_->borrowed && !spare_document) {
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

namespace {

Result<simdjson::dom::element> field(const simdjson::dom::object& object, std::string_view name) {
  simdjson::dom::element value;
  if (object.at_key(name).get(value) != simdjson::SUCCESS) {
    return fail(ErrorCode::NotFound, "absent");
  }
  return value;
}

}  // namespace

bool JsonObject::has(std::string_view name) const {
  auto value = field(document_->object, name);
  return value && !value->is_null();
}

Result<std::optional<int64_t>> JsonObject::optionalInteger(std::string_view name, int64_t min,
                                                           int64_t max) const {
  auto value = field(document_->object, name);
  if (!value || value->is_null()) {
    return std::optional<int64_t>();
  }
  int64_t number = 0;
  if (value->get_int64().get(number) != simdjson::SUCCESS || number < min || number > max) {
    return fail(ErrorCode::ValidationFailed, std::string(name) + " must be an integer from " +
                                                 std::to_string(min) + " to " +
                                                 std::to_string(max));
  }
  return std::optional<int64_t>(number);
}

Result<std::optional<double>> JsonObject::optionalDouble(std::string_view name, double min,
                                                         double max) const {
  auto value = field(document_->object, name);
  if (!value || value->is_null()) {
    return std::optional<double>();
  }
  double number = 0;
  if (value->get_double().get(number) != simdjson::SUCCESS || !(number >= min && number <= max)) {
    return fail(ErrorCode::ValidationFailed, std::string(name) + " must be a number from " +
                                                 std::to_string(min) + " to " +
                                                 std::to_string(max));
  }
  return std::optional<double>(number);
}

Result<std::optional<bool>> JsonObject::optionalBoolean(std::string_view name) const {
  auto value = field(document_->object, name);
  if (!value || value->is_null()) {
    return std::optional<bool>();
  }
  bool flag = false;
  if (value->get_bool().get(flag) != simdjson::SUCCESS) {
    return fail(ErrorCode::ValidationFailed, std::string(name) + " must be true or false");
  }
  return std::optional<bool>(flag);
}

Result<std::optional<std::vector<std::string>>> JsonObject::optionalStrings(
    std::string_view name, size_t max_entries, size_t max_bytes) const {
  auto value = field(document_->object, name);
  if (!value || value->is_null()) {
    return std::optional<std::vector<std::string>>();
  }
  simdjson::dom::array array;
  if (value->get_array().get(array) != simdjson::SUCCESS) {
    return fail(ErrorCode::ValidationFailed, std::string(name) + " must be an array of strings");
  }
  std::vector<std::string> strings;
  for (simdjson::dom::element element : array) {
    std::string_view text;
    if (element.get_string().get(text) != simdjson::SUCCESS) {
      return fail(ErrorCode::ValidationFailed, std::string(name) + " must be an array of strings");
    }
    if (text.empty() || text.size() > max_bytes || strings.size() == max_entries) {
      return fail(ErrorCode::ValidationFailed,
                  std::string(name) + " takes at most " + std::to_string(max_entries) +
                      " strings of 1 to " + std::to_string(max_bytes) + " bytes");
    }
    strings.emplace_back(text);
  }
  return std::optional<std::vector<std::string>>(std::move(strings));
}

Result<std::optional<std::vector<std::vector<std::string>>>> JsonObject::optionalStringLists(
    std::string_view name, size_t max_lists, size_t max_entries, size_t max_bytes) const {
  using Lists = std::vector<std::vector<std::string>>;
  auto value = field(document_->object, name);
  if (!value || value->is_null()) {
    return std::optional<Lists>();
  }
  const Error shape{ErrorCode::ValidationFailed,
                    std::string(name) + " must be an array of at most " +
                        std::to_string(max_lists) + " arrays of at most " +
                        std::to_string(max_entries) + " strings"};
  simdjson::dom::array outer;
  if (value->get_array().get(outer) != simdjson::SUCCESS) {
    return std::unexpected(shape);
  }
  Lists lists;
  for (simdjson::dom::element element : outer) {
    simdjson::dom::array inner;
    if (element.get_array().get(inner) != simdjson::SUCCESS || lists.size() == max_lists) {
      return std::unexpected(shape);
    }
    std::vector<std::string>& list = lists.emplace_back();
    for (simdjson::dom::element item : inner) {
      std::string_view text;
      if (item.get_string().get(text) != simdjson::SUCCESS || text.empty() ||
          text.size() > max_bytes || list.size() == max_entries) {
        return std::unexpected(shape);
      }
      list.emplace_back(text);
    }
  }
  return std::optional<Lists>(std::move(lists));
}

Result<std::vector<JsonObject>> JsonObject::objects(std::string_view name,
                                                    size_t max_entries) const {
  std::vector<JsonObject> objects;
  auto value = field(document_->object, name);
  if (!value || value->is_null()) {
    return objects;
  }
  simdjson::dom::array array;
  if (value->get_array().get(array) != simdjson::SUCCESS) {
    return fail(ErrorCode::ValidationFailed, std::string(name) + " must be an array of objects");
  }
  for (simdjson::dom::element element : array) {
    auto document = std::make_unique<Document>();
    document->borrowed = true;
    if (element.get_object().get(document->object) != simdjson::SUCCESS ||
        objects.size() == max_entries) {
      return fail(ErrorCode::ValidationFailed, std::string(name) + " must be an array of at most " +
                                                   std::to_string(max_entries) + " objects");
    }
    objects.push_back(JsonObject(std::move(document)));
  }
  return objects;
}

Result<std::optional<JsonObject>> JsonObject::optionalObject(std::string_view name) const {
  auto value = field(document_->object, name);
  if (!value || value->is_null()) {
    return std::optional<JsonObject>();
  }
  auto document = std::make_unique<Document>();
  document->borrowed = true;
  if (value->get_object().get(document->object) != simdjson::SUCCESS) {
    return fail(ErrorCode::ValidationFailed, std::string(name) + " must be an object");
  }
  return std::optional<JsonObject>(JsonObject(std::move(document)));
}

std::optional<std::string> JsonObject::rawJson(std::string_view name) const {
  auto value = field(document_->object, name);
  if (!value || value->is_null()) {
    return std::nullopt;
  }
  return simdjson::minify(*value);
}

}  // namespace parley
