#pragma once
// Messenger (C3) and Instagram (C4) as channel types, over Meta's Messenger Platform (channels.md
// §2, §3): a Facebook page's id per channel (Instagram: also its professional account's id), the
// page access token and the Meta app's secret (both sealed, never shown), whether the page may
// tag late replies as a human agent's; texts, quick replies, postbacks, files, reactions, story
// replies and mentions (Instagram) in, deliveries as ticks; text, files by link and choices as
// quick replies out (ms_api.h). Replies go within 24 hours of the customer's last message, and up
// to 7 days tagged HUMAN_AGENT when the page has that permission.
// Input: untrusted. Webhooks are taken only with a valid X-Hub-Signature-256 over the raw body
// under the app secret, before they are parsed; the handshake GET only with the channel's verify
// token (meta/verification.h).

#include "channels/channel_registry.h"
#include "channels/registry.h"

namespace parley::channels::messenger {

void registerMessenger(ChannelRegistry& registry, const ChannelServices& services);

}  // namespace parley::channels::messenger
