#pragma once
// A web chat channel's settings as JSON, in the API's spelling:
//   {"allowedOrigins":["https://shop.example"],"title":"Chat with us",
//    "greeting":"Hi! How can we help?","colors":{"primary":"#2563eb","onPrimary":"#ffffff"}}
// Absent fields take their defaults; the result is validated (validateWidgetSettings).

#include <string>

#include "channels/webchat/widget_settings.h"
#include "core/json/json_reader.h"
#include "core/json/json_writer.h"

namespace parley::channels::webchat {

[[nodiscard]] Result<channels::webchat::WidgetSettings> readWidgetSettings(
    const JsonObject& settings);
[[nodiscard]] Result<channels::webchat::WidgetSettings> readWidgetSettings(std::string_view json);
void writeWidgetSettings(JsonWriter& json, const channels::webchat::WidgetSettings& settings);
std::string widgetSettingsJson(const channels::webchat::WidgetSettings& settings);
// Only what the visitor's page shows ("title", "greeting", "colors"), as fields of an object the
// caller began: the allowed origins are none of the page's business.
void writeWidgetLook(JsonWriter& json, const channels::webchat::WidgetSettings& settings);

}  // namespace parley::channels::webchat
