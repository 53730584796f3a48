#pragma once
// Request bodies are parsed with simdjson (fast on the hot paths, validates UTF-8, bounded depth).
// A body must be one JSON object; fields are read through typed helpers that turn every problem
// into a ValidationFailed error naming the field.

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace parley {

constexpr size_t kMaxJsonDepth = 32;

class JsonObject {
 public:
  ~JsonObject();
  JsonObject(JsonObject&&) noexcept;

  // InvalidJson for malformed JSON, invalid UTF-8, nesting deeper than kMaxJsonDepth;
  // ValidationFailed when the top level is not an object.
  [[nodiscard]] static Result<JsonObject> parse(std::string_view body);

  // A string of at most `max_bytes`; nullopt when absent or null.
  [[nodiscard]] Result<std::optional<std::string>> optionalString(std::string_view name,
                                                                  size_t max_bytes) const;
  // Like optionalString, but absent is an error too.
  [[nodiscard]] Result<std::string> requiredString(std::string_view name, size_t max_bytes) const;
  // An object of string values: at most `max_entries`, names and values bounded.
  [[nodiscard]] Result<std::map<std::string, std::string>> stringMap(std::string_view name,
                                                                     size_t max_entries,
                                                                     size_t max_bytes) const;

  // An integer within [min, max]; nullopt when absent or null.
  [[nodiscard]] Result<std::optional<int64_t>> optionalInteger(std::string_view name, int64_t min,
                                                               int64_t max) const;
  // A finite number within [min, max]; nullopt when absent or null.
  [[nodiscard]] Result<std::optional<double>> optionalDouble(std::string_view name, double min,
                                                             double max) const;
  [[nodiscard]] Result<std::optional<bool>> optionalBoolean(std::string_view name) const;
  // An array of strings, each at most `max_bytes`; nullopt when absent or null.
  [[nodiscard]] Result<std::optional<std::vector<std::string>>> optionalStrings(
      std::string_view name, size_t max_entries, size_t max_bytes) const;
  // An array of arrays of strings ([["a"], ["b", "c"]]); inner arrays may be empty.
  [[nodiscard]] Result<std::optional<std::vector<std::vector<std::string>>>> optionalStringLists(
      std::string_view name, size_t max_lists, size_t max_entries, size_t max_bytes) const;
  // An array of objects. They borrow this object's parse: they must not outlive it.
  [[nodiscard]] Result<std::vector<JsonObject>> objects(std::string_view name,
                                                        size_t max_entries) const;
  // A nested object, borrowed the same way; nullopt when absent or null.
  [[nodiscard]] Result<std::optional<JsonObject>> optionalObject(std::string_view name) const;
  // The field's value re-serialised as compact JSON; nullopt when absent or null.
  [[nodiscard]] std::optional<std::string> rawJson(std::string_view name) const;
  bool has(std::string_view name) const;

  struct Document;  // the parser and its result; defined in the .cc

 private:
  explicit JsonObject(std::unique_ptr<Document> document);
  std::unique_ptr<Document> document_;
};

}  // namespace parley
