#pragma once
// Phone numbers in one form (E.164) before they are blind-indexed, so that the same number written
// "+44 7911 123456", "07911 123456" (a British tenant) and "447911123456" (an SMS center's sender)
// finds the same customer. Uses Google's libphonenumber.

#include <string>
#include <string_view>

namespace parley::privacy {

// E.164 ("+447911123456") for a number written internationally or nationally in `region` (ISO 3166
// alpha-2, "GB"; empty for none) when its length is possible there, or written as a valid
// international number without its '+' (SMS senders). Otherwise its digits, keeping one leading
// '+', so nothing is lost.
std::string normalizePhone(std::string_view phone, std::string_view region = {});

// True for an ISO 3166 alpha-2 region libphonenumber knows ("GB", "US"); empty is not one.
bool isKnownPhoneRegion(std::string_view region);

}  // namespace parley::privacy
