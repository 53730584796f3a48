#pragma once
// The reply window of WhatsApp, Messenger and Instagram (R11): after the customer's last message
// the business may answer freely for 24 hours; after that the provider refuses free-form messages
// (WhatsApp: error 131047, after accepting the call) and only a template, or a tagged message,
// goes. Parley refuses such a reply before it is queued, with a reason the agent can act on.

#include <string>
#include <string_view>

#include "channels/channel_type.h"
#include "core/conversation.h"
#include "core/error.h"

namespace parley::channels {

// ReplyWindowClosed when `capabilities` has a reply window and the conversation's closed before
// `now`: the message says when, and what may still be sent (`capabilities.after_window`). A
// conversation without a recorded window (the customer never wrote on this channel) counts as
// closed. Within `capabilities.tagged_window` of the customer's last message it stays open (the
// reply goes tagged as a human agent's).
[[nodiscard]] Result<void> checkReplyWindow(const Capabilities& capabilities,
                                            const Conversation& conversation, TimePoint now);

// "3 h 5 min", "45 min", "2 d 4 h": how long ago something was, for the agent.
std::string roughDuration(std::chrono::seconds duration);

}  // namespace parley::channels
