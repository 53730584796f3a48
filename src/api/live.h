#pragma once
// The first frame of a live-event socket.

#include <optional>
#include <string>

#include "api/api_context.h"
#include "api/principal.h"

namespace parley::api {

// {"type":"hello","cursor":…,"user":User} for a signed-in user; {"type":"hello","cursor":…,
// "tokenId":…,"role":…} for a token. Events after the cursor follow. A socket `watching` a
// conversation (W7) must name one of the tenant's (404 otherwise), and is on the read audit.
[[nodiscard]] Result<std::string> liveHello(ApiContext& context, const Principal& principal,
                                            const std::string& cursor,
                                            const std::optional<std::string>& watching);

}  // namespace parley::api
