#pragma once
// A Telegram channel's settings (C5) as JSON, in the API's spelling:
//   {"mode":"webhook","apiBaseUrl":"https://api.telegram.org"}
// mode: "webhook" (Telegram POSTs updates to the channel's webhook URL, which needs Parley's public
// URL) or "polling" (Parley long-polls getUpdates; works behind NAT). apiBaseUrl: Telegram's, or a
// local Bot API server. The bot token is the channel's secret (never here, never shown).

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/json/json_reader.h"
#include "core/json/json_writer.h"

namespace parley::channels::telegram {

enum class UpdateMode { Webhook, Polling };

struct TelegramSettings {
  UpdateMode mode = UpdateMode::Webhook;
  std::string api_base_url = "https://api.telegram.org";
};

// Absent fields take their defaults; ValidationFailed naming the field otherwise.
[[nodiscard]] Result<TelegramSettings> readTelegramSettings(const JsonObject& settings);
[[nodiscard]] Result<TelegramSettings> readTelegramSettings(std::string_view json);
void writeTelegramSettings(JsonWriter& json, const TelegramSettings& settings);
std::string telegramSettingsJson(const TelegramSettings& settings);

// The secret_token Parley gives setWebhook for a channel and expects back in
// X-Telegram-Bot-Api-Secret-Token: HMAC-SHA256 of the channel id under the bot token, in hex (64
// characters of Telegram's allowed set). Derived, so nothing more is stored, and a new token
// gives a new secret.
std::string webhookSecret(std::string_view bot_token, std::string_view channel_id);

}  // namespace parley::channels::telegram
