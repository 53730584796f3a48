#pragma once
// Telegram (C5) as a channel type, over the Bot API (core.telegram.org/bots/api, channels.md §4):
// a bot token per channel (the secret: sealed, never shown), updates by webhook or long polling
// (telegram_settings.h), texts, photos, documents, locations and shared contacts in, edits shown
// as edited, inline-keyboard presses as the option they name; text, choices as an inline keyboard,
// photos and documents by URL and locations out (bot_api.h). No delivery or read receipts exist
// for bots.
// Input: untrusted. A webhook call is taken only with X-Telegram-Bot-Api-Secret-Token equal to the
// channel's secret (telegram_settings.h webhookSecret, compared in constant time); polled updates
// come from the Bot API over TLS with the bot's token.

#include "channels/registry.h"

namespace parley::channels::telegram {

void registerTelegram(ChannelRegistry& registry, const ChannelServices& services);

}  // namespace parley::channels::telegram
