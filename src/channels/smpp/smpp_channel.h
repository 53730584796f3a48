#pragma once
// SMS over SMPP 3.4 (C1) as a channel type: an SMS center's host, port, login (the password is
// the secret) and sender id; texts only, choices as a numbered list (channels/render.h). The
// binds, the outbound submits and the inbound texts run in net/smpp_gateway.h.
// Input: untrusted (the SMS center); authenticated by the bind's credentials.

#include "channels/registry.h"

namespace parley::channels::smpp {

void registerSmpp(ChannelRegistry& registry, const ChannelServices& services);

}  // namespace parley::channels::smpp
