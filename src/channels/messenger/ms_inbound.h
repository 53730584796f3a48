#pragma once
// A customer's Messenger or Instagram event (ms_webhook.h) as the inbound pipeline takes it: the
// sender's page-scoped id is the identity, the mid the provider id (Meta's retries are dropped by
// it), Meta's timestamp opens the 24-hour window, a quick reply or postback is the choice. An
// Instagram story reply or mention says so in the text, with the story's link (Meta forbids
// keeping story media). A file's content is added once it was downloaded (ms_pages.h).

#include <chrono>
#include <optional>

#include "channels/inbound_sink.h"
#include "channels/messenger/ms_webhook.h"

namespace parley::channels::messenger {

inline constexpr std::chrono::hours kReplyWindow{24};
inline constexpr std::chrono::hours kHumanAgentWindow{24 * 7};

// nullopt for events that are not the customer's messages (echoes, deliveries, reads, others).
std::optional<ChannelInbound> toInbound(const MsEvent& event, const TenantId& tenant,
                                        const ChannelId& channel);

// The first attachment Parley downloads (image, video, audio, file with a URL); null when none.
const MsAttachment* downloadable(const MsEvent& event);

}  // namespace parley::channels::messenger
