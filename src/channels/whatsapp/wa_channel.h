#pragma once
// WhatsApp (C2) as a channel type, over Meta's WhatsApp Business Cloud API (channels.md §1): a
// business phone number's id per channel, its access token and the Meta app's secret (both
// sealed, never shown); texts, files, locations, contacts, button and list replies and reactions
// in, sent / delivered / read / failed as ticks; text, files by link, choices as reply buttons or
// a list, and locations out (wa_api.h). Free-form replies go only within 24 hours of the
// customer's last message (Capabilities::reply_window; channels/reply_window.h).
// Input: untrusted. A webhook POST is taken only with X-Hub-Signature-256 equal to HMAC-SHA256 of
// the raw body under the app secret (meta/meta_signature.h, constant time), before it is parsed;
// the handshake GET only with the channel's verify token (meta/verification.h).

#include "channels/channel_registry.h"
#include "channels/registry.h"

namespace parley::channels::whatsapp {

void registerWhatsApp(ChannelRegistry& registry, const ChannelServices& services);

}  // namespace parley::channels::whatsapp
