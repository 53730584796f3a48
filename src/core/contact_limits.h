#pragma once
// How large a contact's fields may be, in bytes, and what an email or phone must look like: the
// same for the contacts API and for imports.

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string_view>

namespace parley::contact_limits {

inline constexpr size_t kName = 200;
inline constexpr size_t kEmail = 254;  // RFC 5321's longest path
inline constexpr size_t kPhone = 32;
inline constexpr size_t kAttributes = 50;     // per contact
inline constexpr size_t kAttributeKey = 100;  // as JsonObject::stringMap bounds names
inline constexpr size_t kAttributeValue = 2000;

// Text on both sides of one `@`, and nothing that separates addresses.
inline bool looksLikeEmail(std::string_view text) {
  const size_t at = text.find('@');
  return at != 0 && at != std::string_view::npos && at + 1 != text.size() &&
         text.find('@', at + 1) == std::string_view::npos &&
         text.find_first_of(" \t\r\n,;<>") == std::string_view::npos;
}

// At least three digits, written with nothing but digits, spaces, + - ( ) and dots.
inline bool looksLikePhoneNumber(std::string_view text) {
  const auto digits =
      std::count_if(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
  return digits >= 3 && text.find_first_not_of("0123456789 +-().") == std::string_view::npos;
}

}  // namespace parley::contact_limits
