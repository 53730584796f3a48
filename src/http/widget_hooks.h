#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "api/widget.h"

namespace parley::http {

// The web chat widget's visitors (api/widget.h): who opens /api/v1/widget/live, what they say on
// it, and which channel /demo shows when none is named.
struct WidgetHooks {
  std::function<Result<api::Visitor>(const api::Request&)> authenticate;
  std::function<void(const api::Visitor&, std::string_view frame)> on_frame;
  std::function<bool(const api::Visitor&)> still_allowed;
  std::function<std::optional<std::string>()> demo_channel;
};

}  // namespace parley::http
