#pragma once
// A Viber channel's settings (C6) as JSON, in the API's spelling:
//   {"senderName":"Support","avatarUrl":"https://…/a.png","welcomeMessage":"Hi! Ask us anything.",
//    "apiBaseUrl":"https://chatapi.viber.com/pa"}
// senderName (1–28 characters) and avatarUrl are what every message shows as its sender;
// welcomeMessage (optional) answers conversation_started, the one message Viber lets a bot send to
// someone not subscribed yet; apiBaseUrl is Viber's REST API (a fake in tests). The bot's auth
// token is the channel's secret (never here, never shown).

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/json/json_reader.h"
#include "core/json/json_writer.h"

namespace parley::channels::viber {

struct ViberSettings {
  std::string sender_name;
  std::optional<std::string> avatar_url;
  std::optional<std::string> welcome_message;
  std::string api_base_url = "https://chatapi.viber.com/pa";
};

// ValidationFailed naming the field ("settings.senderName: …"); absent optional fields stay unset.
[[nodiscard]] Result<ViberSettings> readViberSettings(const JsonObject& settings);
[[nodiscard]] Result<ViberSettings> readViberSettings(std::string_view json);
void writeViberSettings(JsonWriter& json, const ViberSettings& settings);
std::string viberSettingsJson(const ViberSettings& settings);

// ValidationFailed unless it looks like a Viber auth token (letters, digits and '-', 10–100).
[[nodiscard]] Result<void> validateAuthToken(std::string_view token);

}  // namespace parley::channels::viber
