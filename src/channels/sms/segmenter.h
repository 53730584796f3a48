#pragma once
// SMS text ⇄ SMPP short_message (channels.md §6.3–§6.5). Pure code.
//
// Outbound: the coding is chosen automatically, GSM-7 (data_coding 0x00, unpacked septets, see
// gsm7.h) when every character is in GSM 03.38 with its extension table, else UCS-2 (0x08,
// UTF-16BE, see ucs2.h). A text that fits one message (160 septets / 70 units) goes as one part
// without a UDH. A longer one is split into parts of at most 153 septets / 67 units, each led by
// an 8-bit-reference concatenation UDH `05 00 03 ref total seq` and sent with esm_class UDHI
// (0x40). A part never ends inside an escape pair or a surrogate pair; it may then hold one unit
// less than the maximum.
//
// Inbound: splitUserData() separates a UDH (when esm_class has UDHI) from the user data and reads
// its concatenation IE (8-bit IEI 0x00 or 16-bit IEI 0x08); other IEs are skipped. decodeBody()
// turns user data into UTF-8 for the data_codings we accept. Parts go to reassembly.h.
// Input: untrusted (an SMSC relays what any handset sent): every length is checked before use.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace parley::channels::sms {

inline constexpr uint8_t kDataCodingDefault = 0x00;  // GSM 03.38, unpacked
inline constexpr uint8_t kDataCodingIa5 = 0x01;
inline constexpr uint8_t kDataCodingLatin1 = 0x03;
inline constexpr uint8_t kDataCodingUcs2 = 0x08;
inline constexpr uint8_t kEsmClassUdhi = 0x40;

inline constexpr size_t kGsm7SingleSeptets = 160;
inline constexpr size_t kGsm7PartSeptets = 153;
inline constexpr size_t kUcs2SingleUnits = 70;
inline constexpr size_t kUcs2PartUnits = 67;
inline constexpr size_t kMaxParts = 255;  // total is one octet in the UDH

enum class SmsCoding { Gsm7, Ucs2 };

// One submit_sm's worth: put these three into the PDU as they are (OR other esm_class bits in).
struct SmsPart {
  std::string short_message;  // the UDH, if any, then the user data
  uint8_t esm_class = 0;      // kEsmClassUdhi on every part of a multi-part text, else 0
  uint8_t data_coding = kDataCodingDefault;
};

struct SegmentedText {
  SmsCoding coding = SmsCoding::Gsm7;
  size_t units = 0;  // septets (GSM-7) or UTF-16 units (UCS-2) of the whole text
  std::vector<SmsPart> parts;
};

// Splits `utf8` into parts; `reference` goes into every part's UDH (the caller keeps a counter per
// destination so consecutive long texts differ). An empty text gives one empty part. Fails with
// ValidationFailed on invalid UTF-8, and with PayloadTooLarge when more than
// min(max_parts, 255) parts would be needed.
[[nodiscard]] Result<SegmentedText> segmentText(std::string_view utf8, uint8_t reference,
                                                size_t max_parts = kMaxParts);

// The concatenation IE of one part (or, from the session, the SAR TLVs).
struct Concatenation {
  uint16_t reference = 0;  // an 8-bit reference is widened
  uint8_t total = 0;       // 1–255
  uint8_t sequence = 0;    // 1–total
  friend bool operator==(const Concatenation&, const Concatenation&) = default;
};

// ValidationFailed unless total ≥ 1 and 1 ≤ sequence ≤ total (channels.md §6.5).
[[nodiscard]] Result<Concatenation> checkConcatenation(Concatenation concatenation);

struct UserDataHeader {
  size_t length = 0;  // octets, the UDHL octet included
  std::optional<Concatenation> concatenation;
};

// Parses the UDH at the start of `short_message`. Fails (ValidationFailed) when the message is
// empty, the UDHL or an IE runs past the data, a concatenation IE has the wrong length, or its
// total/sequence is invalid (checkConcatenation()). When several concatenation IEs appear the last
// wins, as TS 23.040 says for repeated IEs.
[[nodiscard]] Result<UserDataHeader> parseUdh(std::string_view short_message);

struct UserData {
  std::optional<Concatenation> concatenation;  // none: a whole message on its own
  std::string_view body;                       // points into the caller's short_message
};

// Without UDHI in `esm_class` the whole short_message is the body; with it, parseUdh() runs first
// and its failures are returned.
[[nodiscard]] Result<UserData> splitUserData(std::string_view short_message, uint8_t esm_class);

// True for the data_codings decodeBody() reads: 0x00 and 0xF0–0xF3 (GSM 03.38, unpacked),
// 0x01 (IA5/ASCII), 0x03 (Latin-1), 0x08 (UCS-2/UTF-16BE).
bool isSupportedDataCoding(uint8_t data_coding);

// User data → UTF-8. Malformed content inside a supported coding is replaced with U+FFFD, never
// rejected; an unsupported data_coding (binary, JIS, …) is UnsupportedMediaType.
[[nodiscard]] Result<std::string> decodeBody(std::string_view body, uint8_t data_coding);

}  // namespace parley::channels::sms
