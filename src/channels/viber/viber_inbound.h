#pragma once
// A Viber "message" callback as the message Parley stores (C6), pure: the user's id is the
// contact's identity and their name the contact's name, message_token the provider id that makes
// Viber's retries duplicates. Text as text; a picture, video or file as media with Viber's own URL
// (which expires: the bots fetch the file into the media store and replace it); a location as a
// location; stickers and shared contacts named; a tap on a keyboard button arrives as its text.

#include <optional>

#include "channels/inbound_sink.h"
#include "channels/viber/viber_callback.h"

namespace parley::channels::viber {

// nullopt for callbacks that are not messages.
std::optional<ChannelInbound> toInbound(const Callback& callback, const TenantId& tenant,
                                        const ChannelId& channel);

}  // namespace parley::channels::viber
