#pragma once
// Viber (C6) as a channel type, over the REST Bot API (chatapi.viber.com/pa, channels.md §5): the
// bot's auth token per channel (the secret: sealed, never shown), its sender name and avatar, an
// optional welcome message; texts, pictures, videos, files, locations, stickers and shared
// contacts in, delivered / seen / failed as statuses, unsubscribed as an opt-out; text, pictures,
// links, locations and choices as a keyboard out (viber_api.h). Viber lets a bot message only
// users who subscribed, at most 100 messages a user without a reply.
// Input: untrusted. A webhook call is taken only with X-Viber-Content-Signature equal to
// HMAC-SHA256 of the raw body under the channel's token (viber_signature.h, constant time).

#include "channels/registry.h"

namespace parley::channels::viber {

void registerViber(ChannelRegistry& registry, const ChannelServices& services);

}  // namespace parley::channels::viber
