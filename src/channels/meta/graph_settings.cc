#include "channels/meta/graph_settings.h"

#include <algorithm>

namespace parley::channels::meta {
namespace {

constexpr size_t kMaxUrlBytes = 300;

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
         isNumericId(version.substr(1, dot - 1)) && isNumericId(version.substr(dot + 1)) &&
         version.size() <= 10;
}

bool isTokenText(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
           c == '_' || c == '.' || c == '|';
  });
}

}  // namespace

bool isNumericId(std::string_view id) {
  return !id.empty() && id.size() <= 32 &&
         std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result<GraphEndpoint> readGraphEndpoint(const JsonObject& settings) {
  auto url = settings.optionalString("graphApiUrl", kMaxUrlBytes);
  auto version = settings.optionalString("graphApiVersion", 16);
  if (!url || !version) {
    return std::unexpected(
        Error{ErrorCode::ValidationFailed, "settings." + (!url ? url : version).error().message});
  }
  GraphEndpoint read;
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
    read.url = std::move(base);
  }
  if (*version && !(*version)->empty()) {
    if (!isVersion(**version)) {
      return fail(ErrorCode::ValidationFailed, "settings.graphApiVersion: like v24.0");
    }
    read.version = std::move(**version);
  }
  return read;
}

void writeGraphEndpoint(JsonWriter& json, const GraphEndpoint& endpoint) {
  json.field("graphApiUrl", endpoint.url).field("graphApiVersion", endpoint.version);
}

Result<void> validateMetaSecret(std::string_view field, std::string_view secret,
                                std::string_view token_hint) {
  if (field == kAccessTokenField) {
    if (secret.size() < 20 || secret.size() > 512 || !isTokenText(secret)) {
      return fail(ErrorCode::ValidationFailed, "accessToken: " + std::string(token_hint));
    }
    return {};
  }
  if (secret.size() < 16 || secret.size() > 128 || !isTokenText(secret)) {
    return fail(ErrorCode::ValidationFailed,
                "appSecret: the app secret from the Meta app's Settings → Basic (32 hex digits)");
  }
  return {};
}

}  // namespace parley::channels::meta
