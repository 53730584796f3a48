#pragma once
// The HTTP/WebSocket server (Boost.Beast, C++20 coroutines, one thread per core). This header stays
// free of Asio and Beast so that app/ compiles fast.
//
// Lifecycle: construct → listen() → runUntilSignalled() → destroy. On SIGINT/SIGTERM the server
// stops accepting, closes idle connections, lets requests in flight finish (up to shutdown_grace),
// then returns.

#include <functional>
#include <memory>
#include <optional>

#include "api/authenticator.h"
#include "api/metrics.h"
#include "api/router.h"
#include "core/error.h"
#include "events/event_bus.h"
#include "http/live_hooks.h"
#include "http/server_options.h"
#include "http/widget_hooks.h"

namespace parley::http {

class Server {
 public:
  Server(ServerOptions options, api::Router& router, api::Authenticator& authenticator,
         api::Metrics& metrics, events::EventBus& events, LiveHooks live, WidgetHooks widget = {});
  ~Server();

  // Binds the listening socket and returns the port (useful with port 0). Refuses a non-loopback
  // address without TLS unless the server sits behind a TLS proxy; fails on unreadable TLS files.
  [[nodiscard]] Result<uint16_t> listen();

  // Serves until SIGINT or SIGTERM. `on_stopping` runs as soon as the signal arrives (readiness
  // off).
  void runUntilSignalled(std::function<void()> on_stopping);

  bool isStopping() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace parley::http
