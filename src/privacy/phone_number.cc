#include "privacy/phone_number.h"

#include <phonenumbers/phonenumberutil.h>

#include <cctype>
#include <optional>
#include <set>

namespace parley::privacy {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

std::string digitsOf(std::string_view phone) {
  std::string digits;
  for (char c : phone) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
    } else if (c == '+' && digits.empty()) {
      digits.push_back(c);
    }
  }
  return digits;
}

enum class Check { Possible, Valid };

// The number in E.164 when `text` parses in `region` ("ZZ": only with a '+') as a number of a
// possible length there (what was written is a phone number), or, for a guess, a valid one (it is
// a number in use there).
std::optional<std::string> e164(const std::string& text, const std::string& region, Check check) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (util.Parse(text, region, &number) != PhoneNumberUtil::NO_PARSING_ERROR ||
      !(check == Check::Valid ? util.IsValidNumber(number) : util.IsPossibleNumber(number))) {
    return std::nullopt;
  }
  std::string formatted;
  util.Format(number, PhoneNumberUtil::E164, &formatted);
  return formatted;
}

}  // namespace

std::string normalizePhone(std::string_view phone, std::string_view region) {
  std::string digits = digitsOf(phone);
  if (digits.empty() || digits == "+" || phone.size() > 64) {
    return digits;
  }
  if (digits.front() == '+') {
    return e164(digits, "ZZ", Check::Possible).value_or(digits);
  }
  if (!region.empty()) {
    // A '+' inside is a space a form encoded ("07700+900777"), not a country code.
    std::string written(phone);
    const size_t first = written.find_first_not_of(" \t");
    for (size_t i = first == std::string::npos ? 0 : first + 1; i < written.size(); ++i) {
      if (written[i] == '+') {
        written[i] = ' ';
      }
    }
    if (auto national = e164(written, std::string(region), Check::Possible)) {
      return *national;
    }
  }
  if (digits.starts_with("00")) {
    if (auto international = e164("+" + digits.substr(2), "ZZ", Check::Valid)) {
      return *international;
    }
  }
  // An SMS center's sender: international, without its '+'.
  return e164("+" + digits, "ZZ", Check::Valid).value_or(digits);
}

bool isKnownPhoneRegion(std::string_view region) {
  if (region.size() != 2) {
    return false;
  }
  static const std::set<std::string> regions = [] {
    std::set<std::string> supported;
    PhoneNumberUtil::GetInstance()->GetSupportedRegions(&supported);
    return supported;
  }();
  return regions.contains(std::string(region));
}

}  // namespace parley::privacy
