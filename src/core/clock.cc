#include "core/clock.h"

#include <cstdio>
#include <ctime>

namespace parley {

std::string formatRfc3339(TimePoint t) {
  const int64_t ms = toUnixMillis(t);
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
  char result[40];
  std::snprintf(result, sizeof result, "%s.%03dZ", buffer, static_cast<int>(ms % 1000));
  return result;
}

std::optional<TimePoint> parseRfc3339(std::string_view text) {
  auto number = [&](size_t at, size_t digits) -> std::optional<int> {
    if (at + digits > text.size()) {
      return std::nullopt;
    }
    int value = 0;
    for (size_t i = at; i < at + digits; ++i) {
      if (text[i] < '0' || text[i] > '9') {
        return std::nullopt;
      }
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  auto year = number(0, 4);
  auto month = number(5, 2);
  auto day = number(8, 2);
  if (!year || !month || !day || text.size() < 10 || text[4] != '-' || text[7] != '-' ||
      *year < 1970 || *year > 2200) {  // TimePoint counts nanoseconds: it ends in 2262
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year{*year},
                                         std::chrono::month{static_cast<unsigned>(*month)},
                                         std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok()) {
    return std::nullopt;
  }
  TimePoint at{std::chrono::sys_days(date).time_since_epoch()};
  if (text.size() == 10) {
    return at;
  }
  auto hours = number(11, 2);
  auto minutes = number(14, 2);
  auto seconds = number(17, 2);
  if (text[10] != 'T' || !hours || !minutes || !seconds || text[13] != ':' || text[16] != ':' ||
      *hours > 23 || *minutes > 59 || *seconds > 59) {
    return std::nullopt;
  }
  at +=
      std::chrono::hours(*hours) + std::chrono::minutes(*minutes) + std::chrono::seconds(*seconds);
  std::string_view rest = text.substr(19);
  if (rest.size() == 5 && rest[0] == '.') {
    auto millis = number(20, 3);
    if (!millis) {
      return std::nullopt;
    }
    at += std::chrono::milliseconds(*millis);
    rest.remove_prefix(4);
  }
  return rest == "Z" ? std::optional(at) : std::nullopt;
}

}  // namespace parley
