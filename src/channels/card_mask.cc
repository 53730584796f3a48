#include "channels/card_mask.h"

#include <cstddef>
#include <vector>

namespace parley::channels {
namespace {

constexpr size_t kMinDigits = 13;
constexpr size_t kMaxDigits = 19;
constexpr size_t kDigitsShown = 4;

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isSeparator(char c) { return c == ' ' || c == '-'; }

// An unbroken run of digits: [begin, end) in the text.
struct Group {
  size_t begin = 0;
  size_t end = 0;
  size_t size() const { return end - begin; }
};

// The groups of the run of digits and single separators that starts at `begin` (a digit).
std::vector<Group> groupsFrom(std::string_view text, size_t begin) {
  std::vector<Group> groups;
  size_t at = begin;
  while (true) {
    Group group{at, at};
    while (group.end < text.size() && isDigit(text[group.end])) {
      ++group.end;
    }
    groups.push_back(group);
    const size_t next = group.end + 1;
    if (next >= text.size() || !isSeparator(text[group.end]) || !isDigit(text[next])) {
      return groups;
    }
    at = next;
  }
}

bool passesLuhn(std::string_view text, const std::vector<Group>& groups, size_t first,
                size_t last) {
  int sum = 0;
  bool doubled = false;
  for (size_t index = last + 1; index-- > first;) {
    const Group& group = groups[index];
    for (size_t at = group.end; at-- > group.begin;) {
      int digit = text[at] - '0';
      if (doubled) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
      doubled = !doubled;
    }
  }
  return sum % 10 == 0;
}

// One past the last group of the longest card number that starts at group `first`; `first` when
// none does.
size_t cardEnd(std::string_view text, const std::vector<Group>& groups, size_t first) {
  size_t end = first;
  size_t digits = 0;
  char separator = 0;
  for (size_t last = first; last < groups.size(); ++last) {
    if (last > first) {
      const char between = text[groups[last].begin - 1];
      if (separator != 0 && between != separator) {
        break;
      }
      separator = between;
    }
    digits += groups[last].size();
    if (digits > kMaxDigits) {
      break;
    }
    if (digits >= kMinDigits && passesLuhn(text, groups, first, last)) {
      end = last + 1;
    }
  }
  return end;
}

void appendMasked(std::string& out, std::string_view text, size_t begin, size_t end,
                  size_t digits) {
  size_t seen = 0;
  for (size_t at = begin; at < end; ++at) {
    if (isDigit(text[at]) && ++seen <= digits - kDigitsShown) {
      out.append(kCardMaskCharacter);
    } else {
      out.push_back(text[at]);
    }
  }
}

// Appends the run of groups, its card numbers masked.
void appendRun(std::string& out, std::string_view text, const std::vector<Group>& groups) {
  size_t copied = groups.front().begin;
  // "+4915112345678" passes Luhn, but a leading '+' makes it a phone number.
  size_t first = copied > 0 && text[copied - 1] == '+' ? 1 : 0;
  while (first < groups.size()) {
    const size_t end = cardEnd(text, groups, first);
    if (end == first) {
      ++first;
      continue;
    }
    size_t digits = 0;
    for (size_t index = first; index < end; ++index) {
      digits += groups[index].size();
    }
    out.append(text.substr(copied, groups[first].begin - copied));
    appendMasked(out, text, groups[first].begin, groups[end - 1].end, digits);
    copied = groups[end - 1].end;
    first = end;
  }
  out.append(text.substr(copied, groups.back().end - copied));
}

}  // namespace

std::string maskCardNumbers(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t at = 0;
  while (at < text.size()) {
    if (!isDigit(text[at])) {
      out.push_back(text[at]);
      ++at;
      continue;
    }
    const std::vector<Group> groups = groupsFrom(text, at);
    appendRun(out, text, groups);
    at = groups.back().end;
  }
  return out;
}

}  // namespace parley::channels
