#pragma once
// Text that goes to the log must not carry a customer's phone number: providers' failure reasons
// quote them ("+447700900512 is not a WhatsApp user").

#include <string>
#include <string_view>

namespace parley {

// `text` with every number of 6 digits or more (a leading '+', and single spaces, dashes, dots or
// parentheses between digits, count as part of it) replaced by "[number]".
std::string withoutLongNumbers(std::string_view text);

}  // namespace parley
