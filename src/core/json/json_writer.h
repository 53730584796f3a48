#pragma once
// A small, allocation-light JSON writer for responses. Strings are escaped; invalid UTF-8 in them
// is replaced, so a response is always valid JSON.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parley {

class JsonWriter {
 public:
  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& beginArray();
  JsonWriter& endArray();
  JsonWriter& key(std::string_view name);
  JsonWriter& string(std::string_view value);
  JsonWriter& optionalString(const std::optional<std::string>& value);
  JsonWriter& number(int64_t value);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  // Inserts JSON that is valid already (stored content, a rendered sub-document).
  JsonWriter& raw(std::string_view json);
  // Shorthand for key(name).string(value).
  JsonWriter& field(std::string_view name, std::string_view value) {
    return key(name).string(value);
  }

  std::string take() { return std::move(out_); }

 private:
  void separate();
  std::string out_;
  bool needs_comma_ = false;
};

}  // namespace parley
