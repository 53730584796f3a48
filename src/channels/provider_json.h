#pragma once
// Reading a provider's JSON (Telegram's updates and answers, Viber's callbacks and answers) with
// nlohmann::json, which the channels' codecs use for its exact 64-bit integers: size and nesting
// are bounded before parsing (a megabyte of '[' would otherwise cost ~90 MB), and parse errors are
// values. Also the UTF-16 length providers count their text limits in.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string_view>

#include "core/error.h"

namespace parley::channels {

// PayloadTooLarge when `json` is longer than `max_bytes`; InvalidJson when arrays and objects nest
// deeper than `max_depth` (brackets inside strings do not count). Says nothing about the rest.
[[nodiscard]] Result<void> checkJsonBounds(std::string_view json, size_t max_bytes,
                                           size_t max_depth);

// checkJsonBounds(), then the parse: InvalidJson for malformed JSON, invalid UTF-8 or a number out
// of double range (the message gives the byte). Integers up to 2^64 − 1 stay exact.
[[nodiscard]] Result<nlohmann::json> parseProviderJson(std::string_view body, size_t max_bytes,
                                                       size_t max_depth);

// Only integers that fit int64: nlohmann reads larger ones, and any with a fraction or an exponent,
// as doubles, which are refused here rather than rounded.
std::optional<int64_t> asInt64(const nlohmann::json& value);

// The UTF-16 code units of `utf8` (Telegram's and Viber's "characters": an emoji outside the BMP
// counts 2); nullopt when it is not well-formed UTF-8 (overlong forms, surrogates, > U+10FFFF).
std::optional<size_t> utf16Length(std::string_view utf8);

// The code points of valid UTF-8 (Meta's "characters"), and its first `limit` of them.
size_t codePoints(std::string_view utf8);
std::string firstCodePoints(std::string_view utf8, size_t limit);

}  // namespace parley::channels
