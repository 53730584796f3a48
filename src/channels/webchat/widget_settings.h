#pragma once
// A web chat channel's settings (C7): which sites may embed it, and how it looks.

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace parley::channels::webchat {

struct WidgetSettings {
  // Origins ("https://shop.example", "http://localhost:3000") whose pages may open the widget.
  // Parley's own pages (the /demo page) always may.
  std::vector<std::string> allowed_origins;
  std::string title = "Chat with us";
  std::string greeting = "Hi! How can we help?";
  std::string primary_color = "#2563eb";     // launcher, visitor bubbles
  std::string on_primary_color = "#ffffff";  // text on them
};

// ValidationFailed naming the field ("settings.allowedOrigins"…): origins must be scheme://host
// with an optional port, http or https, no path; colours #rrggbb; title ≤ 60, greeting ≤ 500.
[[nodiscard]] Result<void> validateWidgetSettings(const WidgetSettings& settings);

// An Origin header's value in the form allowed_origins uses: lower-cased scheme and host.
std::string normalizeOrigin(std::string_view origin);
bool isAllowedOrigin(const WidgetSettings& settings, std::string_view origin);

}  // namespace parley::channels::webchat
