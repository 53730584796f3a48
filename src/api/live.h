#pragma once
// The first frame of a live-event socket.

#include <string>

#include "api/api_context.h"
#include "api/principal.h"

namespace parley::api {

// {"type":"hello","user":User} for a signed-in user; {"type":"hello","tokenId":…,"role":…} for a
// token.
[[nodiscard]] Result<std::string> liveHello(ApiContext& context, const Principal& principal);

}  // namespace parley::api
