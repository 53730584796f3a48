#include "channels/viber/viber_settings.h"

#include <algorithm>

namespace parley::channels::viber {
namespace {

constexpr size_t kMaxUrlBytes = 300;
constexpr size_t kMaxSenderName = 28;  // Viber's limit, in characters
constexpr size_t kMaxWelcomeBytes = 7000;

// Code points of UTF-8 (the reader has checked it is valid).
size_t characters(std::string_view text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool isHttpUrl(std::string_view url) {
  const size_t scheme = url.starts_with("https://") ? 8 : url.starts_with("http://") ? 7 : 0;
  return scheme > 0 && url.size() > scheme && std::none_of(url.begin(), url.end(), [](char c) {
           return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F;
         });
}

}  // namespace

Result<ViberSettings> readViberSettings(const JsonObject& settings) {
  auto name = settings.optionalString("senderName", 200);
  auto avatar = settings.optionalString("avatarUrl", kMaxUrlBytes);
  auto welcome = settings.optionalString("welcomeMessage", kMaxWelcomeBytes);
  auto base = settings.optionalString("apiBaseUrl", kMaxUrlBytes);
  for (const Error* error :
       {name ? nullptr : &name.error(), avatar ? nullptr : &avatar.error(),
        welcome ? nullptr : &welcome.error(), base ? nullptr : &base.error()}) {
    if (error) {
      return std::unexpected(Error{error->code, "settings." + error->message});
    }
  }
  ViberSettings read;
  read.sender_name = name->value_or("");
  if (read.sender_name.empty() || characters(read.sender_name) > kMaxSenderName) {
    return fail(ErrorCode::ValidationFailed,
                "settings.senderName: 1 to 28 characters, shown as the sender of every message");
  }
  if (*avatar && !(*avatar)->empty()) {
    if (!isHttpUrl(**avatar)) {
      return fail(ErrorCode::ValidationFailed, "settings.avatarUrl: an http(s) URL of an image");
    }
    read.avatar_url = std::move(**avatar);
  }
  if (*welcome && !(*welcome)->empty()) {
    read.welcome_message = std::move(**welcome);
  }
  if (*base) {
    std::string url = std::move(**base);
    while (url.ends_with('/')) {
      url.pop_back();
    }
    if (!isHttpUrl(url) || url.find_first_of("?#") != std::string::npos) {
      return fail(ErrorCode::ValidationFailed,
                  "settings.apiBaseUrl: an http(s) URL without query, e.g. "
                  "https://chatapi.viber.com/pa");
    }
    read.api_base_url = std::move(url);
  }
  return read;
}

Result<ViberSettings> readViberSettings(std::string_view json) {
  auto object = JsonObject::parse(json);
  if (!object) {
    return std::unexpected(object.error());
  }
  return readViberSettings(*object);
}

void writeViberSettings(JsonWriter& json, const ViberSettings& settings) {
  json.beginObject()
      .field("senderName", settings.sender_name)
      .key("avatarUrl")
      .optionalString(settings.avatar_url)
      .key("welcomeMessage")
      .optionalString(settings.welcome_message)
      .field("apiBaseUrl", settings.api_base_url)
      .endObject();
}

std::string viberSettingsJson(const ViberSettings& settings) {
  JsonWriter json;
  writeViberSettings(json, settings);
  return json.take();
}

Result<void> validateAuthToken(std::string_view token) {
  const bool shaped = token.size() >= 10 && token.size() <= 100 &&
                      std::all_of(token.begin(), token.end(), [](char c) {
                        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                               (c >= 'A' && c <= 'Z') || c == '-';
                      });
  if (!shaped) {
    return fail(ErrorCode::ValidationFailed,
                "authToken: the bot's token from the Viber admin panel, like "
                "445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9");
  }
  return {};
}

}  // namespace parley::channels::viber
