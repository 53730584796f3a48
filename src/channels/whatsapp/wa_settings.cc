#include "channels/whatsapp/wa_settings.h"

#include <algorithm>

namespace parley::channels::whatsapp {
namespace {

constexpr size_t kMaxUrlBytes = 300;

bool isDigits(std::string_view text, size_t max) {
  return !text.empty() && text.size() <= max &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isHttpUrl(std::string_view url) {
  const size_t scheme = url.starts_with("https://") ? 8 : url.starts_with("http://") ? 7 : 0;
  return scheme > 0 && url.size() > scheme && url.find_first_of("?# ") == std::string_view::npos &&
         std::none_of(url.begin(), url.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

// "v24.0"
bool isVersion(std::string_view version) {
  const size_t dot = version.find('.');
  return version.starts_with('v') && dot != std::string_view::npos &&
         isDigits(version.substr(1, dot - 1), 3) && isDigits(version.substr(dot + 1), 3);
}

bool isTokenText(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
           c == '_' || c == '.' || c == '|';
  });
}

}  // namespace

Result<WhatsAppSettings> readWhatsAppSettings(const JsonObject& settings) {
  auto number = settings.optionalString("phoneNumberId", 64);
  auto account = settings.optionalString("businessAccountId", 64);
  auto url = settings.optionalString("graphApiUrl", kMaxUrlBytes);
  auto version = settings.optionalString("graphApiVersion", 16);
  for (const Error* error :
       {number ? nullptr : &number.error(), account ? nullptr : &account.error(),
        url ? nullptr : &url.error(), version ? nullptr : &version.error()}) {
    if (error) {
      return std::unexpected(Error{error->code, "settings." + error->message});
    }
  }
  WhatsAppSettings read;
  read.phone_number_id = number->value_or("");
  if (!isDigits(read.phone_number_id, 32)) {
    return fail(ErrorCode::ValidationFailed,
                "settings.phoneNumberId: the number's id from WhatsApp Manager (digits, e.g. "
                "106540352242922), not the phone number");
  }
  read.business_account_id = account->value_or("");
  if (!read.business_account_id.empty() && !isDigits(read.business_account_id, 32)) {
    return fail(ErrorCode::ValidationFailed,
                "settings.businessAccountId: the WhatsApp Business Account's id (digits)");
  }
  if (*url && !(*url)->empty()) {
    std::string base = std::move(**url);
    while (base.ends_with('/')) {
      base.pop_back();
    }
    if (!isHttpUrl(base)) {
      return fail(ErrorCode::ValidationFailed,
                  "settings.graphApiUrl: an http(s) URL without query, e.g. "
                  "https://graph.facebook.com");
    }
    read.graph_url = std::move(base);
  }
  if (*version && !(*version)->empty()) {
    if (!isVersion(**version)) {
      return fail(ErrorCode::ValidationFailed, "settings.graphApiVersion: like v24.0");
    }
    read.graph_version = std::move(**version);
  }
  return read;
}

Result<WhatsAppSettings> readWhatsAppSettings(std::string_view json) {
  auto object = JsonObject::parse(json);
  if (!object) {
    return std::unexpected(object.error());
  }
  return readWhatsAppSettings(*object);
}

void writeWhatsAppSettings(JsonWriter& json, const WhatsAppSettings& settings) {
  json.beginObject()
      .field("phoneNumberId", settings.phone_number_id)
      .field("businessAccountId", settings.business_account_id)
      .field("graphApiUrl", settings.graph_url)
      .field("graphApiVersion", settings.graph_version)
      .endObject();
}

std::string whatsAppSettingsJson(const WhatsAppSettings& settings) {
  JsonWriter json;
  writeWhatsAppSettings(json, settings);
  return json.take();
}

Result<void> validateWhatsAppSecret(std::string_view field, std::string_view secret) {
  if (field == kAccessTokenField) {
    if (secret.size() < 20 || secret.size() > 512 || !isTokenText(secret)) {
      return fail(ErrorCode::ValidationFailed,
                  "accessToken: a System User's access token from Meta's Business Manager "
                  "(starts with EAA…)");
    }
    return {};
  }
  if (secret.size() < 16 || secret.size() > 128 || !isTokenText(secret)) {
    return fail(ErrorCode::ValidationFailed,
                "appSecret: the app secret from the Meta app's Settings → Basic (32 hex digits)");
  }
  return {};
}

}  // namespace parley::channels::whatsapp
