#pragma once
// How large a contact's fields may be, in bytes: the same for the contacts API and for imports.

#include <cstddef>

namespace parley::contact_limits {

inline constexpr size_t kName = 200;
inline constexpr size_t kEmail = 254;  // RFC 5321's longest path
inline constexpr size_t kPhone = 32;
inline constexpr size_t kAttributes = 50;     // per contact
inline constexpr size_t kAttributeKey = 100;  // as JsonObject::stringMap bounds names
inline constexpr size_t kAttributeValue = 2000;

}  // namespace parley::contact_limits
