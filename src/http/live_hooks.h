#pragma once

#include <functional>
#include <optional>
#include <string>

#include "api/authenticator.h"
#include "core/error.h"
#include "core/ids.h"

namespace parley::http {

// What the API says about live-event sockets (/api/v1/live): their first frame, and when a
// signed-in person's socket opens and closes (presence follows the connection).
struct LiveHooks {
  // The first frame, given the cursor the socket resumes from and the conversation it watches
  // (W7), if any; an error refuses the socket.
  std::function<Result<std::string>(const api::Principal&, const std::string& cursor,
                                    const std::optional<std::string>& watching)>
      hello;
  // A user's socket (not an API token's); called on the socket's event loop.
  std::function<void(const TenantId&, const UserId&)> opened = [](const TenantId&, const UserId&) {
  };
  std::function<void(const TenantId&, const UserId&)> closed = [](const TenantId&, const UserId&) {
  };
};

}  // namespace parley::http
