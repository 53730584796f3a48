#pragma once
// Unicode folding for blind indexes: what a person would call "the same" name or email is made the
// same bytes before it is hashed, so a search finds it without a plaintext index. Uses ICU.

#include <string>
#include <string_view>
#include <vector>

namespace parley::privacy {

// NFC, lower-cased, surrounding white space removed: "Ada@Example.COM " and a decomposed "é"
// written either way index alike.
std::string foldEmail(std::string_view email);

// The words of a name, accents removed and case folded, each once, in order of first appearance:
// "José  GARCÍA-López" → {"jose", "garcia", "lopez"}. At most kMaxNameWords words of at most
// kMaxWordBytes bytes each (longer ones are cut).
inline constexpr size_t kMaxNameWords = 16;
inline constexpr size_t kMaxWordBytes = 64;
std::vector<std::string> nameWords(std::string_view name);

}  // namespace parley::privacy
