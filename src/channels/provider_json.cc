#include "channels/provider_json.h"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

namespace parley::channels {

Result<void> checkJsonBounds(std::string_view json, size_t max_bytes, size_t max_depth) {
  if (json.size() > max_bytes) {
    return fail(ErrorCode::PayloadTooLarge,
                "body is larger than " + std::to_string(max_bytes) + " bytes");
  }
  size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : json) {
    if (escaped) {
      escaped = false;
    } else if (in_string) {
      escaped = c == '\\';
      in_string = c != '"';
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        return fail(ErrorCode::InvalidJson,
                    "JSON nests deeper than " + std::to_string(max_depth) + " levels");
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return {};
}

Result<nlohmann::json> parseProviderJson(std::string_view body, size_t max_bytes,
                                         size_t max_depth) {
  if (auto bounds = checkJsonBounds(body, max_bytes, max_depth); !bounds) {
    return std::unexpected(std::move(bounds.error()));
  }
  try {
    return nlohmann::json::parse(body.begin(), body.end());
  } catch (const nlohmann::json::parse_error& error) {
    return fail(ErrorCode::InvalidJson,
                "not valid JSON or not UTF-8 (at byte " + std::to_string(error.byte) + ")");
  } catch (const nlohmann::json::exception&) {
    return fail(ErrorCode::InvalidJson, "not valid JSON (a number is out of range)");
  }
}

std::optional<size_t> utf16Length(std::string_view utf8) {
  size_t units = 0;
  for (size_t at = 0; at < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[at]);
    const size_t length = lead < 0x80           ? 1
                          : (lead >> 5) == 0x6  ? 2
                          : (lead >> 4) == 0xE  ? 3
                          : (lead >> 3) == 0x1E ? 4
                                                : 0;
    if (length == 0 || utf8.size() - at < length) {
      return std::nullopt;
    }
    char32_t value = length == 1 ? lead : lead & (0x7F >> length);
    for (size_t index = 1; index < length; ++index) {
      const auto next = static_cast<unsigned char>(utf8[at + index]);
      if ((next & 0xC0) != 0x80) {
        return std::nullopt;
      }
      value = (value << 6) | (next & 0x3F);
    }
    constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (value < kSmallest[length] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
      return std::nullopt;
    }
    units += value >= 0x10000 ? 2 : 1;
    at += length;
  }
  return units;
}

std::optional<int64_t> asInt64(const nlohmann::json& value) {
  if (value.is_number_unsigned()) {
    const auto number = value.get<uint64_t>();
    if (number > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return std::nullopt;
    }
    return static_cast<int64_t>(number);
  }
  return value.is_number_integer() ? std::optional(value.get<int64_t>()) : std::nullopt;
}

size_t codePoints(std::string_view utf8) {
  return static_cast<size_t>(
      std::count_if(utf8.begin(), utf8.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string firstCodePoints(std::string_view utf8, size_t limit) {
  size_t count = 0;
  for (size_t index = 0; index < utf8.size(); ++index) {
    if ((utf8[index] & 0xC0) != 0x80 && count++ == limit) {
      return std::string(utf8.substr(0, index));
    }
  }
  return std::string(utf8);
}

}  // namespace parley::channels
