#pragma once
// Puts a new conversation into a category (R3): the first category, in the tenant's order, whose
// rules all match. A rule left empty matches anything; a category with no rules at all is a
// catch-all. Keywords match whole words of the first message, case-insensitively (ASCII).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::routing {

struct CategoryMatch {
  std::string category;
  std::vector<std::string> channels;      // channel kinds ("api", "sms"…); any if empty
  std::vector<std::string> keywords;      // any one of them; any text if empty
  std::vector<std::string> entry_points;  // any if empty
};

struct Arrival {
  std::string_view channel;
  std::string_view text;
  std::string_view entry_point;
};

std::optional<std::string> categorize(const std::vector<CategoryMatch>& rules,
                                      const Arrival& arrival);

}  // namespace parley::routing
