#include "channels/webchat/settings_json.h"

namespace parley::channels::webchat {

using channels::webchat::WidgetSettings;

Result<WidgetSettings> readWidgetSettings(const JsonObject& json) {
  WidgetSettings settings;
  auto origins = json.optionalStrings("allowedOrigins", 50, 300);
  auto title = json.optionalString("title", 60);
  auto greeting = json.optionalString("greeting", 500);
  auto colors = json.optionalObject("colors");
  for (const Error* error :
       {origins ? nullptr : &origins.error(), title ? nullptr : &title.error(),
        greeting ? nullptr : &greeting.error(), colors ? nullptr : &colors.error()}) {
    if (error) {
      return fail(error->code, "settings." + error->message);
    }
  }
  settings.allowed_origins = origins->value_or(std::vector<std::string>{});
  settings.title = title->value_or(settings.title);
  settings.greeting = greeting->value_or(settings.greeting);
  if (*colors) {
    auto primary = (*colors)->optionalString("primary", 7);
    auto on_primary = (*colors)->optionalString("onPrimary", 7);
    if (!primary || !on_primary) {
      return fail(ErrorCode::ValidationFailed,
                  "settings.colors." + (!primary ? primary.error() : on_primary.error()).message);
    }
    settings.primary_color = primary->value_or(settings.primary_color);
    settings.on_primary_color = on_primary->value_or(settings.on_primary_color);
  }
  for (std::string& origin : settings.allowed_origins) {
    origin = channels::webchat::normalizeOrigin(origin);
  }
  if (auto valid = channels::webchat::validateWidgetSettings(settings); !valid) {
    return std::unexpected(valid.error());
  }
  return settings;
}

Result<WidgetSettings> readWidgetSettings(std::string_view json) {
  auto object = JsonObject::parse(json);
  if (!object) {
    return std::unexpected(object.error());
  }
  return readWidgetSettings(*object);
}

void writeWidgetSettings(JsonWriter& json, const WidgetSettings& settings) {
  json.beginObject().key("allowedOrigins").beginArray();
  for (const std::string& origin : settings.allowed_origins) {
    json.string(origin);
  }
  json.endArray();
  writeWidgetLook(json, settings);
  json.endObject();
}

void writeWidgetLook(JsonWriter& json, const WidgetSettings& settings) {
  json.field("title", settings.title)
      .field("greeting", settings.greeting)
      .key("colors")
      .beginObject()
      .field("primary", settings.primary_color)
      .field("onPrimary", settings.on_primary_color)
      .endObject();
}

std::string widgetSettingsJson(const WidgetSettings& settings) {
  JsonWriter json;
  writeWidgetSettings(json, settings);
  return json.take();
}

}  // namespace parley::channels::webchat
