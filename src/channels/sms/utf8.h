#pragma once
// Strict UTF-8 (RFC 3629) in and out, shared by the GSM-7 and UCS-2 codecs. Pure code.

#include <string>
#include <string_view>

#include "core/error.h"

namespace parley::channels::sms {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// The code points of `utf8`. Fails (ValidationFailed, naming the byte offset) on anything that is
// not well-formed UTF-8: stray continuation bytes, truncated sequences, overlong forms, encoded
// surrogates (U+D800–U+DFFF) and values above U+10FFFF.
[[nodiscard]] Result<std::u32string> decodeUtf8(std::string_view utf8);

// Appends `code_point` as UTF-8. REQUIRES: a Unicode scalar value (not a surrogate, ≤ U+10FFFF).
void appendUtf8(std::string& out, char32_t code_point);

}  // namespace parley::channels::sms
