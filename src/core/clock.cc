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

}  // namespace parley
