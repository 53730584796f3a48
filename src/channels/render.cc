#include "channels/render.h"

#include "channels/message_content.h"
#include "core/json/json_reader.h"

namespace parley::channels {

Result<std::string> plainTextOf(std::string_view content_json) {
  auto content = JsonObject::parse(content_json);
  if (!content) {
    return std::unexpected(content.error());
  }
  if (auto text = content->optionalString("text", kMaxTextBytes); !text || *text) {
    return text ? std::move(**text) : Result<std::string>(std::unexpected(text.error()));
  }
  auto object = [&](std::string_view kind) { return content->optionalObject(kind); };
  if (auto media = object("media"); media && *media) {
    auto url = (*media)->optionalString("url", 2000);
    auto caption = (*media)->optionalString("caption", 1024);
    if (!url || !caption) {
      return std::unexpected(!url ? url.error() : caption.error());
    }
    const std::string link = url->value_or("");
    return caption->has_value() && !(*caption)->empty() ? **caption + "\n" + link : link;
  }
  if (auto choices = object("choices"); choices && *choices) {
    auto question = (*choices)->optionalString("text", kMaxTextBytes);
    auto options = (*choices)->optionalStrings("options", kMaxOptions, 100);
    if (!question || !options) {
      return std::unexpected(!question ? question.error() : options.error());
    }
    std::string text = question->value_or("");
    int number = 1;
    for (const std::string& option : options->value_or(std::vector<std::string>{})) {
      text += "\n" + std::to_string(number++) + ". " + option;
    }
    return text;
  }
  if (auto location = object("location"); location && *location) {
    auto latitude = (*location)->optionalDouble("latitude", -90, 90);
    auto longitude = (*location)->optionalDouble("longitude", -180, 180);
    auto name = (*location)->optionalString("name", 200);
    if (!latitude || !longitude || !name || !*latitude || !*longitude) {
      return fail(ErrorCode::ValidationFailed, "location needs latitude and longitude");
    }
    const std::string link = "https://www.openstreetmap.org/?mlat=" + std::to_string(**latitude) +
                             "&mlon=" + std::to_string(**longitude);
    return name->has_value() && !(*name)->empty() ? **name + "\n" + link : link;
  }
  if (auto chosen = object("template"); chosen && *chosen) {  // what the customer read
    auto text = (*chosen)->optionalString("text", 64 * 1024);
    if (!text) {
      return std::unexpected(text.error());
    }
    return text->value_or("");
  }
  return fail(ErrorCode::ValidationFailed, "unknown content");
}

}  // namespace parley::channels
