#pragma once
// The first frame of a live-event socket.

#include <string>

#include "api/api_context.h"
#include "api/principal.h"

namespace parley::api {

// {"type":"hello","cursor":…,"user":User} for a signed-in user; {"type":"hello","cursor":…,
// "tokenId":…,"role":…} for a token. Events after the cursor follow.
[[nodiscard]] Result<std::string> liveHello(ApiContext& context, const Principal& principal,
                                            const std::string& cursor);

}  // namespace parley::api
