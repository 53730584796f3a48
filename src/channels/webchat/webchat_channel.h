#pragma once
// The web chat widget (C7) as a channel type: the sites allowed to embed it and its look; agents'
// typing and read receipts reach the visitor. Its visitors' endpoints (session, WebSocket) are in
// api/widget.h; nothing runs in the background.
// Input: untrusted (anyone's browser); visitors hold signed tokens (webchat/visitor_token.h).

#include "channels/registry.h"

namespace parley::channels::webchat {

void registerWebchat(ChannelRegistry& registry, const ChannelServices& services);

}  // namespace parley::channels::webchat
