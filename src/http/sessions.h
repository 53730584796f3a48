#pragma once
// The per-connection coroutines. Each runs on its connection's event-loop thread.

#include "http/server_context.h"
#include "net/asio.h"

namespace parley::http {

// Serves HTTP/1.1 requests on one connection until the client leaves, a read times out, or the
// server stops; hands WebSocket upgrades of /api/v1/live to serveWebSocket.
template <class Stream>
asio::awaitable<void> serveHttp(Stream stream, ServerContext& context, std::string remote_address);

// Runs an accepted-and-authenticated live-event socket: pushes the principal's events, bounded
// queue. `credentials` (the upgrade request as the API saw it) are re-checked periodically: a
// socket whose session expired or was revoked elsewhere, or whose token was revoked, is closed.
// `watching`: a supervisor's socket for one conversation (W7), hearing every frame about it.
template <class Stream>
asio::awaitable<void> serveWebSocket(Stream stream, ServerContext& context,
                                     bhttp::request<bhttp::string_body> upgrade,
                                     api::Principal principal, std::string hello, std::string since,
                                     std::optional<std::string> watching, api::Request credentials);

// Runs a web chat visitor's socket (api/widget.h): pushes events addressed to the visitor, hands
// the visitor's frames to the API.
template <class Stream>
asio::awaitable<void> serveVisitorSocket(Stream stream, ServerContext& context,
                                         bhttp::request<bhttp::string_body> upgrade,
                                         api::Visitor visitor);

}  // namespace parley::http
