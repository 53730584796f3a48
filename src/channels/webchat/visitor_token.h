#pragma once
// A web chat visitor's token (C7): who the visitor is on one channel, signed so that nobody can
// make a token for another visitor. Stateless: "vt_" + visitor id + "." + keyed BLAKE2b (hex) of
// tenant, channel and visitor id. The visitor id is the contact's identity on the channel. The
// page keeps the token in sessionStorage (localStorage with the site's consent flag).

#include <optional>
#include <string>
#include <string_view>

#include "core/channel.h"
#include "privacy/crypto.h"

namespace parley::channels::webchat {

struct VisitorTag {
  static constexpr const char* kPrefix = "vis_";
};
using VisitorId = Id<VisitorTag>;

std::string visitorToken(const privacy::SecretKey& key, const TenantId& tenant,
                         const ChannelId& channel, const VisitorId& visitor);
// The visitor the token names on that channel; none when it is malformed or signed for another
// tenant, channel or key.
std::optional<VisitorId> verifyVisitorToken(const privacy::SecretKey& key, const TenantId& tenant,
                                            const ChannelId& channel, std::string_view token);

}  // namespace parley::channels::webchat
