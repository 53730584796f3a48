#pragma once
// GSM 03.38 (3GPP TS 23.038) default alphabet with its extension table, as SMPP data_coding 0x00
// carries it (channels.md §6.3, §6.4). Pure code.
//
// Septets are kept UNPACKED: one septet (0x00–0x7F) per octet, which is how most SMPP gateways
// expect short_message for data_coding 0 (channels.md §6.3). An extension character is two septets,
// ESC (0x1B) then its code: form feed 1B 0A, ^ 1B 14, { 1B 28, } 1B 29, \ 1B 2F, [ 1B 3C,
// ~ 1B 3D, ] 1B 3E, | 1B 40, € 1B 65. Only exact characters are mapped (no "ç → Ç" style
// approximations): text with anything else goes UCS-2 (segmenter.h).
// packSeptets()/unpackSeptets() convert to and from the packed 7-bit form, with the fill bits that
// align septets after a user data header, for SMSCs that want it packed.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.h"

namespace parley::channels::sms {

inline constexpr char kGsm7Escape = 0x1B;

// Septets for one code point: 1 (basic table), 2 (extension table) or 0 (not in GSM 03.38).
int gsm7Septets(char32_t code_point);

// True when `utf8` is valid UTF-8 and every character is in the basic or the extension table.
bool fitsGsm7(std::string_view utf8);

// Septets `utf8` takes in GSM-7 (extension characters count 2). Fails (ValidationFailed) on invalid
// UTF-8 or on a character outside GSM 03.38.
[[nodiscard]] Result<size_t> countGsm7Septets(std::string_view utf8);

// UTF-8 → unpacked septets. Fails like countGsm7Septets(). Every 0x1B in the result starts an
// escape pair.
[[nodiscard]] Result<std::string> encodeGsm7(std::string_view utf8);

// Unpacked septets → UTF-8. Never fails, whatever the peer sent: an octet above 0x7F becomes
// U+FFFD; ESC followed by a code the extension table does not have gives that code's basic
// character (TS 23.038 §6.2.1.1); ESC ESC and a trailing ESC give a space (the reserved
// "another extension table" code, displayed as a space).
std::string decodeGsm7(std::string_view septets);

// Packs septets LSB-first (TS 23.038 §6.1.2.1) after `fill_bits` (0–6) zero bits; only the low 7
// bits of each input octet are used. The result has ceil((fill_bits + 7 * n) / 8) octets.
std::string packSeptets(std::string_view septets, unsigned fill_bits = 0);

// Unpacks up to `count` septets from packed `octets`, skipping `fill_bits` (0–6) first. Stops at
// the last septet wholly inside `octets`; never reads past the end.
std::string unpackSeptets(std::string_view octets, size_t count, unsigned fill_bits = 0);

// Fill bits that bring septets after a `udh_octets`-long UDH (UDHL included) to a septet boundary.
unsigned udhFillBits(size_t udh_octets);

}  // namespace parley::channels::sms
