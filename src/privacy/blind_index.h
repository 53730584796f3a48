#pragma once
// Keyed blind indexes (P5): exact-match look-ups over encrypted fields. The index is a keyed hash
// of the normalised value, so equal values match while the database alone reveals nothing about
// them.

#include <string>
#include <string_view>

#include "privacy/crypto.h"

namespace parley::privacy {

// Lower-cased, surrounding white space removed.
std::string normalizeEmail(std::string_view email);
// Digits only, keeping one leading '+': "+44 (20) 7946-0958" → "+442079460958".
std::string normalizePhone(std::string_view phone);

// `kind` separates namespaces ("email", "phone") so equal strings of different kinds never collide.
std::string blindIndex(const SecretKey& index_key, std::string_view kind,
                       std::string_view normalized);

}  // namespace parley::privacy
