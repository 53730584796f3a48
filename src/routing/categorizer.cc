#include "routing/categorizer.h"

#include <algorithm>

namespace parley::routing {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

// Letters, digits and every non-ASCII byte (so UTF-8 words stay whole) make words.
bool isWordByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || (c >= '0' && c <= '9') || (lower(c) >= 'a' && lower(c) <= 'z');
}

// A keyword of several words ("credit card") matches that phrase at word boundaries.
bool containsWord(std::string_view text, std::string_view keyword) {
  if (keyword.empty() || keyword.size() > text.size()) {
    return false;
  }
  for (size_t at = 0; at + keyword.size() <= text.size(); ++at) {
    const bool starts = at == 0 || !isWordByte(text[at - 1]);
    const size_t end = at + keyword.size();
    const bool ends = end == text.size() || !isWordByte(text[end]);
    if (starts && ends && equalsIgnoringCase(text.substr(at, keyword.size()), keyword)) {
      return true;
    }
  }
  return false;
}

bool anyOf(const std::vector<std::string>& allowed, std::string_view value) {
  return allowed.empty() || std::any_of(allowed.begin(), allowed.end(), [&](const std::string& a) {
           return equalsIgnoringCase(a, value);
         });
}

}  // namespace

std::optional<std::string> categorize(const std::vector<CategoryMatch>& rules,
                                      const Arrival& arrival) {
  for (const CategoryMatch& rule : rules) {
    const bool keyword =
        rule.keywords.empty() ||
        std::any_of(rule.keywords.begin(), rule.keywords.end(),
                    [&](const std::string& k) { return containsWord(arrival.text, k); });
    if (keyword && anyOf(rule.channels, arrival.channel) &&
        anyOf(rule.entry_points, arrival.entry_point)) {
      return rule.category;
    }
  }
  return std::nullopt;
}

}  // namespace parley::routing
