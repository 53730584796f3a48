#pragma once
// What every connection shares: the options, the API, the live-event bus, static files and the
// registry used to close idle connections at shutdown. Owned by Server; outlives every connection.

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "api/authenticator.h"
#include "api/metrics.h"
#include "api/router.h"
#include "events/event_bus.h"
#include "http/live_hooks.h"
#include "http/server_options.h"
#include "http/static_files.h"
#include "http/widget_hooks.h"

namespace parley::http {

// Connections register a closer; at shutdown it is called (on any thread, possibly more than once:
// closers must be idempotent) and must post the
// actual close onto its connection's event loop: idle keep-alive reads end soon, WebSockets are
// closed with "going away", requests in flight finish first.
class ConnectionRegistry {
 public:
  using Closer = std::function<void()>;

  uint64_t add(Closer closer);
  void remove(uint64_t id);
  void closeAll();
  size_t size() const;

 private:
  mutable std::mutex mutex_;
  uint64_t next_id_ = 1;
  std::unordered_map<uint64_t, Closer> closers_;
};

struct ServerContext {
  const ServerOptions& options;
  api::Router& router;
  api::Authenticator& authenticator;
  api::Metrics& metrics;
  events::EventBus& events;
  const StaticFiles& files;
  ConnectionRegistry& connections;
  std::atomic<bool>& stopping;
  // The first frame of a live-event socket ({"type":"hello",…}), rendered by the API, and who
  // opens and closes them.
  LiveHooks live;
  WidgetHooks widget;
};

}  // namespace parley::http
