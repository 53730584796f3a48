#pragma once
// SMPP delivery receipts (channels.md §6.6): the text an SMS center puts in a receipt's
// short_message, in the SMPP 3.4 Appendix B shape
//   id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E
//   text:…
// and how its message id is compared with the one submit_sm_resp gave. Pure code.
// Input: untrusted (the SMS center writes it; many deviate from the appendix): nothing is required,
// nothing throws, every field is optional.

#include <optional>
#include <string>
#include <string_view>

#include "channels/smpp/tlv.h"

namespace parley::channels::smpp {

// The fields of a receipt text, as given (trimmed). Keys are matched case-insensitively and only at
// the start of the text or after white space; "submit date"/"done date" are also accepted as
// "submit_date"/"done_date". `text:` takes the rest of the string (it may hold anything).
struct ReceiptText {
  std::optional<std::string> id;  // as given: decimal or hex, see sameMessageId()
  std::optional<std::string> sub;
  std::optional<std::string> dlvrd;
  std::optional<std::string> submit_date;  // YYMMDDhhmm or YYMMDDhhmmss, not parsed
  std::optional<std::string> done_date;
  std::optional<std::string> stat;  // raw, e.g. "DELIVRD"
  std::optional<std::string> err;   // raw, e.g. "000"
  std::optional<std::string> text;
  // stat mapped by messageStateFromStat(); none when stat is missing or not a known word.
  std::optional<MessageState> state;
  // err read as a decimal number when it is all digits (at most 9), else none.
  std::optional<uint32_t> error_code;
};

// Parses a receipt text. Returns nothing when neither an `id:` nor a `stat:` key is found (then it
// is not a receipt text at all); any other field may be missing.
[[nodiscard]] std::optional<ReceiptText> parseReceiptText(std::string_view text);

// DELIVRD→Delivered, EXPIRED→Expired, DELETED→Deleted, UNDELIV→Undeliverable, ACCEPTD→Accepted,
// UNKNOWN→Unknown, REJECTD→Rejected, ENROUTE→Enroute; case-insensitive; the spelled-out words
// (DELIVERED, UNDELIVERABLE, ACCEPTED, REJECTED) some SMS centers send are accepted too.
std::optional<MessageState> messageStateFromStat(std::string_view stat);

// "delivered", "undeliverable", …; "unknown" for a value outside the list.
std::string_view messageStateName(MessageState state);

// True for the states after which no further receipt comes (all but Enroute; Accepted is final in
// SMPP 3.4: the message was accepted on the handset's behalf).
bool isFinal(MessageState state);

// Whether a receipt's id names the message submit_sm_resp called `submitted`. Equal ignoring case,
// or the same number when one side is written in decimal and the other in hexadecimal (some SMS
// centers answer submit_sm_resp in hex and write receipts in decimal, or the reverse), leading
// zeros ignored. Empty ids never match.
bool sameMessageId(std::string_view submitted, std::string_view receipted);

}  // namespace parley::channels::smpp
