#pragma once
// Typed reading of one object in a provider's JSON (Telegram's updates, Viber's callbacks), parsed
// by parseProviderJson(). All readers of one document share one error slot and keep only the first
// error; after it every read returns a default, so a parser reads all it needs and checks once.
// Absent and null are the same. Errors are ValidationFailed naming the field by its path
// ("message.chat.id", "message.photo[0].width").
//
// `Self` is the codec's own reader, which derives from ProviderFields<Self> to add the reads of its
// provider (limits, id formats); nested objects are read with it too.

#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "channels/provider_json.h"
#include "core/error.h"

namespace parley::channels {

template <class Self>
class ProviderFields {
 public:
  using Json = nlohmann::json;
  static constexpr int64_t kMinInt = std::numeric_limits<int64_t>::min();
  static constexpr int64_t kMaxInt = std::numeric_limits<int64_t>::max();

  ProviderFields(const Json& object, std::string path, std::optional<Error>& error)
      : object_(object), path_(std::move(path)), error_(error) {}

  bool failed() const { return error_.has_value(); }
  void fault(std::string_view key, std::string_view what) {
    if (!error_) {
      error_ = Error{ErrorCode::ValidationFailed, name(key) + " " + std::string(what)};
    }
  }
  // nullptr when absent or null (not an error).
  const Json* find(std::string_view key) const {
    const auto found = object_.find(key);
    return found == object_.end() || found->is_null() ? nullptr : &*found;
  }
  const Json& raw() const { return object_; }

  // An integer in [min, max]; `out_of_range` is what a number outside says.
  std::optional<int64_t> integer(std::string_view key, bool required, int64_t min = kMinInt,
                                 int64_t max = kMaxInt,
                                 std::string_view out_of_range = "is out of range") {
    const Json* value = lookup(key, required);
    if (!value) {
      return std::nullopt;
    }
    const std::optional<int64_t> number = asInt64(*value);
    if (!number) {
      fault(key, "must be an integer that fits in 64 bits");
    } else if (*number < min || *number > max) {
      fault(key, out_of_range);
    } else {
      return number;
    }
    return std::nullopt;
  }

  std::optional<std::string> string(std::string_view key, bool required, size_t max_bytes) {
    const Json* value = lookup(key, required);
    if (!value) {
      return std::nullopt;
    }
    if (!value->is_string()) {
      fault(key, "must be a string");
      return std::nullopt;
    }
    const auto& text = value->template get_ref<const std::string&>();
    if (text.size() > max_bytes) {
      fault(key, "is longer than " + std::to_string(max_bytes) + " bytes");
      return std::nullopt;
    }
    return text;
  }

  std::optional<bool> boolean(std::string_view key, bool required) {
    const Json* value = lookup(key, required);
    if (value && !value->is_boolean()) {
      fault(key, "must be true or false");
      return std::nullopt;
    }
    return value ? std::optional(value->template get<bool>()) : std::nullopt;
  }

  // A latitude (limit 90) or longitude (limit 180).
  std::optional<double> coordinate(std::string_view key, double limit) {
    const Json* value = lookup(key, true);
    if (!value) {
      return std::nullopt;
    }
    const double number = value->is_number() ? value->template get<double>()
                                             : std::numeric_limits<double>::quiet_NaN();
    if (!std::isfinite(number) || std::fabs(number) > limit) {
      fault(key, "must be a number between -" + std::to_string(static_cast<int>(limit)) + " and " +
                     std::to_string(static_cast<int>(limit)));
      return std::nullopt;
    }
    return number;
  }

  // A nested object; nullopt when absent (an error when required) or of the wrong type.
  std::optional<Self> object(std::string_view key, bool required = false) {
    const Json* value = lookup(key, required);
    if (value && !value->is_object()) {
      fault(key, "must be an object");
    }
    if (!value || !value->is_object()) {
      return std::nullopt;
    }
    return Self(*value, name(key), error_);
  }
  // An array; nullptr when absent or of the wrong type (an error).
  const Json* array(std::string_view key) {
    const Json* value = lookup(key, false);
    if (value && !value->is_array()) {
      fault(key, "must be an array");
      return nullptr;
    }
    return value;
  }
  // The object at `index` of the array `key`.
  Self element(const Json& value, std::string_view key, size_t index) {
    return Self(value, name(key) + "[" + std::to_string(index) + "]", error_);
  }

 protected:
  std::string name(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }
  const Json* lookup(std::string_view key, bool required) {
    if (failed()) {
      return nullptr;
    }
    const Json* value = find(key);
    if (!value && required) {
      fault(key, "is missing");
    }
    return value;
  }

 private:
  const Json& object_;
  std::string path_;
  std::optional<Error>& error_;
};

}  // namespace parley::channels
