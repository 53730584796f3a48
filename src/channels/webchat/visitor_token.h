#pragma once
// A web chat visitor's token (C7): who the visitor is on one channel, signed so that nobody can
// make a token for another visitor, and expiring, so that a copied token left unused stops working:
//   "vt_" + visitor id + "." + issue time (Unix seconds) + "." + MAC (hex)
// The MAC is a keyed BLAKE2b of the visitor id and the issue time under the channel's visitor key
// (visitorTokenKey): bound to the tenant and channel, and to the channel's key epoch, so that
// "sign out every visitor" (a new epoch) ends every token of the channel at once.
// A token lasts kVisitorTokenLifetime from its issue; each session call issues a fresh one, so a
// visitor who comes back within that time keeps their conversation. (Sliding: a copied token
// renewed at least that often keeps working until the channel's visitors are signed out.) The
// visitor id is the contact's identity on the channel. The page keeps the token in sessionStorage
// (localStorage with the site's consent flag).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/channel.h"
#include "core/clock.h"
#include "privacy/crypto.h"

namespace parley::channels::webchat {

struct VisitorTag {
  static constexpr const char* kPrefix = "vis_";
};
using VisitorId = Id<VisitorTag>;

inline constexpr std::chrono::hours kVisitorTokenLifetime{24 * 30};

// The key a channel's tokens are signed with: from the node's visitor key, the tenant, the channel
// and the channel's epoch secret (ChannelConfig.secret of a web chat channel, sealed under the
// tenant's key at rest; "" until visitors were first signed out).
privacy::SecretKey visitorTokenKey(const privacy::SecretKey& node_key,
                                   const ChannelConfig& channel);

std::string visitorToken(const privacy::SecretKey& channel_key, const VisitorId& visitor,
                         TimePoint issued);
// The visitor the token names; none when it is malformed, signed under another key (tenant,
// channel or epoch), expired, or issued in the future.
std::optional<VisitorId> verifyVisitorToken(const privacy::SecretKey& channel_key,
                                            std::string_view token, TimePoint now);

}  // namespace parley::channels::webchat
