#pragma once
// A customer's WhatsApp message (wa_webhook.h) as the inbound pipeline takes it: the sender's
// wa_id is the identity, the wamid the provider id (Meta's retries are dropped by it), Meta's
// timestamp opens the 24-hour window, a pressed button or list row is the choice, and a location
// keeps its coordinates. A file's content is added once it was downloaded (wa_numbers.h).

#include <chrono>

#include "channels/inbound_sink.h"
#include "channels/whatsapp/wa_webhook.h"

namespace parley::channels::whatsapp {

inline constexpr std::chrono::hours kReplyWindow{24};

ChannelInbound toInbound(const WaMessage& message, const TenantId& tenant,
                         const ChannelId& channel);

}  // namespace parley::channels::whatsapp
