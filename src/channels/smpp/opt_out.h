#pragma once
// Opt-out and opt-in keywords for SMS (channels.md §6.8, P6). Pure code.
//
// Carriers match the whole message, not a word inside it: "STOP" opts out, "please stop calling me"
// does not (a person reads that one). The body is trimmed (white space, and the punctuation people
// add: . , ! ? ; : " ' and the like), case-folded (ASCII), and runs of white space, '-' and '_'
// between words count as one space; then it must equal a keyword:
//   stop:  STOP, STOPALL, STOP ALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPT OUT, OPTOUT
//   start: START, UNSTOP, YES
//   help:  HELP, INFO
// (CTIA practice, plus the FCC's 2025 list of conclusive revocation words). "opt-out" and "Opt_Out"
// read as OPT OUT. Input: untrusted (anyone can text the number); any bytes are fine.

#include <string_view>

namespace parley::channels::smpp {

enum class OptOutKeyword {
  None,   // an ordinary message
  Stop,   // opt the contact out of this channel; confirm once
  Start,  // opt back in
  Help,   // answer with the channel's help text; consent unchanged
};

OptOutKeyword classifyOptOut(std::string_view text);

// "none", "stop", "start", "help".
std::string_view optOutKeywordName(OptOutKeyword keyword);

}  // namespace parley::channels::smpp
