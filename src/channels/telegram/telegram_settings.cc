#include "channels/telegram/telegram_settings.h"

#include <sodium.h>

#include <array>

#include "privacy/crypto.h"

namespace parley::channels::telegram {
namespace {

constexpr size_t kMaxUrlBytes = 300;

std::string_view modeName(UpdateMode mode) {
  return mode == UpdateMode::Polling ? "polling" : "webhook";
}

}  // namespace

Result<TelegramSettings> readTelegramSettings(const JsonObject& settings) {
  auto mode = settings.optionalString("mode", 20);
  auto base = settings.optionalString("apiBaseUrl", kMaxUrlBytes);
  if (!mode || !base) {
    return std::unexpected(!mode ? mode.error() : base.error());
  }
  TelegramSettings read;
  if (*mode) {
    if (**mode == "webhook") {
      read.mode = UpdateMode::Webhook;
    } else if (**mode == "polling") {
      read.mode = UpdateMode::Polling;
    } else {
      return fail(ErrorCode::ValidationFailed, "settings.mode: webhook or polling");
    }
  }
  if (*base) {
    std::string url = std::move(**base);
    while (url.ends_with('/')) {
      url.pop_back();
    }
    const bool http = url.starts_with("https://") || url.starts_with("http://");
    if (!http || url.find_first_of(" \t\r\n?#") != std::string::npos ||
        url.size() <= std::string_view("https://").size()) {
      return fail(ErrorCode::ValidationFailed,
                  "settings.apiBaseUrl: an http(s) URL without query, e.g. "
                  "https://api.telegram.org");
    }
    read.api_base_url = std::move(url);
  }
  return read;
}

Result<TelegramSettings> readTelegramSettings(std::string_view json) {
  auto object = JsonObject::parse(json);
  if (!object) {
    return std::unexpected(object.error());
  }
  return readTelegramSettings(*object);
}

void writeTelegramSettings(JsonWriter& json, const TelegramSettings& settings) {
  json.beginObject()
      .field("mode", modeName(settings.mode))
      .field("apiBaseUrl", settings.api_base_url)
      .endObject();
}

std::string telegramSettingsJson(const TelegramSettings& settings) {
  JsonWriter json;
  writeTelegramSettings(json, settings);
  return json.take();
}

std::string webhookSecret(std::string_view bot_token, std::string_view channel_id) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(bot_token.data()),
                              bot_token.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(channel_id.data()),
                                channel_id.size());
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac;
  crypto_auth_hmacsha256_final(&state, mac.data());
  return privacy::toHex(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

}  // namespace parley::channels::telegram
