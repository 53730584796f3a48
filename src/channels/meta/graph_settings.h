#pragma once
// What WhatsApp, Messenger and Instagram channels' settings share: where the Graph API is (a
// setting, so tests point it at a local fake), Meta's numeric ids, and the two secrets every such
// channel has (an access token and the app's secret, stored sealed).

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/json/json_reader.h"
#include "core/json/json_writer.h"

namespace parley::channels::meta {

inline constexpr std::string_view kDefaultGraphUrl = "https://graph.facebook.com";
inline constexpr std::string_view kDefaultGraphVersion = "v24.0";
inline constexpr std::string_view kAccessTokenField = "accessToken";
inline constexpr std::string_view kAppSecretField = "appSecret";

struct GraphEndpoint {
  std::string url = std::string(kDefaultGraphUrl);  // no trailing slash
  std::string version = std::string(kDefaultGraphVersion);
};

// "graphApiUrl" and "graphApiVersion" of a channel's settings (absent: the defaults);
// ValidationFailed naming the field.
[[nodiscard]] Result<GraphEndpoint> readGraphEndpoint(const JsonObject& settings);
// Writes those two fields into the settings object being written.
void writeGraphEndpoint(JsonWriter& json, const GraphEndpoint& endpoint);

// Meta's ids of numbers, accounts and pages: 1–32 digits.
bool isNumericId(std::string_view id);

// ValidationFailed when `secret` cannot be Meta's `field` (kAccessTokenField or kAppSecretField);
// `token_hint` says where the token comes from.
[[nodiscard]] Result<void> validateMetaSecret(std::string_view field, std::string_view secret,
                                              std::string_view token_hint);

}  // namespace parley::channels::meta
