#pragma once
// Keyed blind indexes (P5): exact-match look-ups over encrypted fields. The index is a keyed hash
// of the normalised value, so equal values match while the database alone reveals nothing about
// them.

#include <string>
#include <string_view>

#include "privacy/crypto.h"
#include "privacy/phone_number.h"
#include "privacy/text_fold.h"

namespace parley::privacy {

// NFC, lower-cased, surrounding white space removed (privacy/text_fold.h).
inline std::string normalizeEmail(std::string_view email) { return foldEmail(email); }

// `kind` separates namespaces ("email", "phone") so equal strings of different kinds never collide.
std::string blindIndex(const SecretKey& index_key, std::string_view kind,
                       std::string_view normalized);

}  // namespace parley::privacy
