#pragma once
// Card-number masking for inbound text (P8): agents never see, and storage never keeps, a payment
// card number a contact typed into a message. Pure code.
//
// A card number is 13–19 ASCII digits, written together or in groups separated by single spaces
// or hyphens (one kind of separator per number: "4111 1111 1111 1111", "4111-1111-1111-1111",
// "3782 822463 10005"), whose digits pass the Luhn check. Every digit but the last four becomes
// '•' (U+2022); separators and everything else stay, so the text keeps its layout and its length in
// code points: "4111 1111 1111 1111" → "•••• •••• •••• 1111".
//
// Groups are never split: a number hidden inside an unbroken run of 20 or more digits is not a
// card number and stays. A card number followed by more groups ("4111 1111 1111 1111 12 25") is
// still found: of the consecutive groups starting at one group, the longest span that is a card
// number is masked, then the search goes on after it. A group right after '+' starts a phone
// number ("+4915112345678"), never a card number.
//
// Input: untrusted; any bytes. Only ASCII digits, spaces and hyphens are looked at or replaced, so
// valid UTF-8 stays valid and other bytes pass through unchanged.

#include <string>
#include <string_view>

namespace parley::channels {

inline constexpr std::string_view kCardMaskCharacter = "\u2022";  // •

std::string maskCardNumbers(std::string_view text);

}  // namespace parley::channels
