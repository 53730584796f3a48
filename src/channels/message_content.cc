#include "channels/message_content.h"

#include <cmath>
#include <cstdio>

#include "channels/card_mask.h"
#include "core/json/json_writer.h"

namespace parley::channels {
namespace {

Result<MessageContent> text(std::string value) {
  if (value.empty()) {
    return fail(ErrorCode::ValidationFailed, "text must not be empty");
  }
  value = maskCardNumbers(value);  // P8: never stored, never sent on
  JsonWriter json;
  json.beginObject().field("text", value).endObject();
  return MessageContent{json.take(), std::move(value)};
}

Result<MessageContent> media(const JsonObject& media) {
  auto id = media.optionalString("id", 64);
  auto caption = media.optionalString("caption", 1024);
  if (!id || !caption) {
    return std::unexpected(!id ? id.error() : caption.error());
  }
  if (*caption) {
    **caption = maskCardNumbers(**caption);
  }
  if (*id) {
    if (media.has("url") || media.has("mimeType")) {
      return fail(ErrorCode::ValidationFailed, "give media.id or media.url, not both");
    }
    return MessageContent{.text = caption->value_or(""), .attachment = MediaId{**id}};
  }
  auto url = media.requiredString("url", 2000);
  auto mime = media.optionalString("mimeType", 100);
  if (!url || !mime) {
    return std::unexpected(!url ? url.error() : mime.error());
  }
  if (!url->starts_with("https://") && !url->starts_with("http://")) {
    return fail(ErrorCode::ValidationFailed, "media.url must be an http(s) URL");
  }
  JsonWriter json;
  json.beginObject().key("media").beginObject().field("url", *url);
  json.key("mimeType").optionalString(*mime).key("caption").optionalString(*caption);
  json.endObject().endObject();
  return MessageContent{json.take(), caption->value_or("")};
}

Result<MessageContent> choices(const JsonObject& choices) {
  auto question = choices.requiredString("text", kMaxTextBytes);
  auto options = choices.optionalStrings("options", kMaxOptions, 100);
  if (!question || !options) {
    return std::unexpected(!question ? question.error() : options.error());
  }
  if (question->empty()) {
    return fail(ErrorCode::ValidationFailed, "choices.text must not be empty");
  }
  *question = maskCardNumbers(*question);
  if (!*options || (*options)->empty()) {
    return fail(ErrorCode::ValidationFailed, "choices.options needs 1 to 10 options");
  }
  JsonWriter json;
  json.beginObject().key("choices").beginObject().field("text", *question);
  json.key("options").beginArray();
  for (const std::string& option : **options) {
    json.string(option);
  }
  json.endArray().endObject().endObject();
  return MessageContent{json.take(), *question};
}

Result<MessageContent> location(const JsonObject& location) {
  auto latitude = location.optionalDouble("latitude", -90, 90);
  auto longitude = location.optionalDouble("longitude", -180, 180);
  auto name = location.optionalString("name", 200);
  if (!latitude || !longitude || !name) {
    return std::unexpected(!latitude    ? latitude.error()
                           : !longitude ? longitude.error()
                                        : name.error());
  }
  if (!*latitude || !*longitude) {
    return fail(ErrorCode::ValidationFailed, "location needs latitude and longitude");
  }
  char coordinates[96];
  std::snprintf(coordinates, sizeof coordinates, "\"latitude\":%.7f,\"longitude\":%.7f", **latitude,
                **longitude);
  JsonWriter name_json;
  name_json.optionalString(*name);
  return MessageContent{
      std::string("{\"location\":{") + coordinates + ",\"name\":" + name_json.take() + "}}",
      name->value_or("")};
}

Result<MessageContent> messageTemplate(const JsonObject& chosen) {
  auto name = chosen.requiredString("name", 512);
  auto language = chosen.requiredString("language", 32);
  auto parameters = chosen.optionalStrings("parameters", kMaxTemplateParameters, 1024);
  if (!name || !language || !parameters) {
    return std::unexpected(!name       ? name.error()
                           : !language ? language.error()
                                       : parameters.error());
  }
  if (name->empty() || language->empty()) {
    return fail(ErrorCode::ValidationFailed, "template needs a name and a language");
  }
  return MessageContent{.template_message = MessageContent::Template{
                            std::move(*name), std::move(*language),
                            parameters->value_or(std::vector<std::string>{})}};
}

}  // namespace

Result<MessageContent> parseMessageContent(const JsonObject& body, bool templates) {
  auto plain = body.optionalString("text", kMaxTextBytes);
  auto content = body.optionalObject("content");
  if (!plain || !content) {
    return std::unexpected(!plain ? plain.error() : content.error());
  }
  if (plain->has_value() == content->has_value()) {
    return fail(ErrorCode::ValidationFailed, "give exactly one of text or content");
  }
  if (*plain) {
    return text(std::move(**plain));
  }
  const JsonObject& c = **content;
  int kinds = 0;
  for (std::string_view kind : {"text", "media", "choices", "location", "template"}) {
    kinds += c.has(kind) ? 1 : 0;
  }
  if (c.has("template") && !templates) {
    return fail(ErrorCode::ValidationFailed,
                "content.template: only agents' replies on a channel with templates send one");
  }
  if (kinds != 1) {
    return fail(ErrorCode::ValidationFailed,
                "content must have exactly one of text, media, choices, location or template");
  }
  if (c.has("text")) {
    auto value = c.requiredString("text", kMaxTextBytes);
    if (!value) {
      return std::unexpected(value.error());
    }
    return text(std::move(*value));
  }
  for (auto [kind, parse] :
       {std::pair{"media", &media}, std::pair{"choices", &choices},
        std::pair{"location", &location}, std::pair{"template", &messageTemplate}}) {
    if (c.has(kind)) {
      auto object = c.optionalObject(kind);
      if (!object) {
        return std::unexpected(object.error());
      }
      return parse(**object);
    }
  }
  return fail(ErrorCode::ValidationFailed, "unknown content");
}

std::string storedMediaContent(const MediaId& id, std::string_view mime_type, std::string_view name,
                               size_t size, std::string_view caption) {
  JsonWriter json;
  json.beginObject()
      .key("media")
      .beginObject()
      .field("id", id.value)
      .field("url", "/api/v1/media/" + id.value)
      .field("mimeType", mime_type)
      .field("name", name)
      .key("size")
      .number(static_cast<int64_t>(size));
  if (!caption.empty()) {
    json.field("caption", caption);
  }
  json.endObject().endObject();
  return json.take();
}

}  // namespace parley::channels
