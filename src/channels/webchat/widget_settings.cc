#include "channels/webchat/widget_settings.h"

#include <algorithm>
#include <cctype>

namespace parley::channels::webchat {
namespace {

Result<void> invalid(std::string_view field, std::string_view message) {
  return fail(ErrorCode::ValidationFailed, std::string(field) + ": " + std::string(message));
}

bool isOrigin(std::string_view origin) {
  std::string_view rest;
  if (origin.starts_with("https://")) {
    rest = origin.substr(8);
  } else if (origin.starts_with("http://")) {
    rest = origin.substr(7);
  } else {
    return false;
  }
  if (rest.empty() || rest.size() > 260) {
    return false;
  }
  return std::all_of(rest.begin(), rest.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
  });
}

bool isColor(std::string_view color) {
  return color.size() == 7 && color[0] == '#' &&
         std::all_of(color.begin() + 1, color.end(),
                     [](unsigned char c) { return std::isxdigit(c); });
}

}  // namespace

Result<void> validateWidgetSettings(const WidgetSettings& settings) {
  if (settings.allowed_origins.size() > 50) {
    return invalid("settings.allowedOrigins", "at most 50 origins");
  }
  for (const std::string& origin : settings.allowed_origins) {
    if (!isOrigin(normalizeOrigin(origin))) {
      return invalid("settings.allowedOrigins",
                     "each origin is http(s)://host with an optional :port and no path, like "
                     "https://shop.example");
    }
  }
  if (settings.title.empty() || settings.title.size() > 60) {
    return invalid("settings.title", "the title is 1 to 60 characters");
  }
  if (settings.greeting.size() > 500) {
    return invalid("settings.greeting", "the greeting is at most 500 characters");
  }
  if (!isColor(settings.primary_color)) {
    return invalid("settings.colors.primary", "a colour is #rrggbb");
  }
  if (!isColor(settings.on_primary_color)) {
    return invalid("settings.colors.onPrimary", "a colour is #rrggbb");
  }
  return {};
}

std::string normalizeOrigin(std::string_view origin) {
  std::string normalized(origin);
  while (!normalized.empty() && normalized.back() == '/') {
    normalized.pop_back();
  }
  std::transform(normalized.begin(), normalized.end(), normalized.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return normalized;
}

bool isAllowedOrigin(const WidgetSettings& settings, std::string_view origin) {
  const std::string wanted = normalizeOrigin(origin);
  return std::any_of(
      settings.allowed_origins.begin(), settings.allowed_origins.end(),
      [&](const std::string& allowed) { return normalizeOrigin(allowed) == wanted; });
}

}  // namespace parley::channels::webchat
