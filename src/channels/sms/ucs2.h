#pragma once
// UCS-2 as SMPP data_coding 0x08 carries it: big-endian 16-bit units. We write UTF-16BE, so
// characters beyond the BMP (emoji) go as surrogate pairs; whether an SMSC passes them on is
// per SMSC (channels.md §6.3). Pure code.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.h"

namespace parley::channels::sms {

// UTF-8 → UTF-16BE octets (two per unit, four per character beyond U+FFFF). Fails
// (ValidationFailed, naming the byte offset) on invalid UTF-8.
[[nodiscard]] Result<std::string> encodeUcs2(std::string_view utf8);

// 16-bit units `utf8` takes in UTF-16 (a character beyond U+FFFF counts 2). Fails like
// encodeUcs2().
[[nodiscard]] Result<size_t> countUcs2Units(std::string_view utf8);

// UTF-16BE octets → UTF-8. Never fails, whatever the peer sent: an unpaired or reversed surrogate
// and an odd trailing octet each become U+FFFD.
std::string decodeUcs2(std::string_view utf16be);

inline bool isHighSurrogate(unsigned unit) { return unit >= 0xD800 && unit <= 0xDBFF; }
inline bool isLowSurrogate(unsigned unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }

}  // namespace parley::channels::sms
