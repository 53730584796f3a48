#pragma once
// What a channel type runs while the server runs (SMS over SMPP: binds to the SMS center;
// Telegram: long polling): started with the server, restarted when an admin changes one of its
// channels, asked for each channel's status, and asked to try settings for real.

#include <functional>
#include <optional>
#include <string>

#include "channels/inbound_sink.h"
#include "core/channel.h"
#include "core/clock.h"
#include "core/error.h"

namespace parley::channels {

struct ChannelStatus {
  // "bound" / "connected" (working), "connecting", "disconnected", "refused" (credentials),
  // "ready" (nothing to keep up), "disabled".
  std::string state = "disabled";
  std::string detail;  // a sentence for the admin
  std::optional<TimePoint> since;
};

// A channel's status changed; the API tells admins (channel.updated). Any thread.
using StatusChanged = std::function<void(const TenantId&, const ChannelId&)>;

class ChannelRuntime {
 public:
  virtual ~ChannelRuntime() = default;
  // Starts every enabled channel of the type; what their contacts send goes to `inbound`, which
  // must stay until stop() returned. Called once, after storage, routing and the outbox started.
  [[nodiscard]] virtual Result<void> start(InboundSink& inbound, StatusChanged status_changed) = 0;
  // Stops every channel, answering what is in flight; attempts made afterwards are answered Retry.
  virtual void stop() = 0;
  // The channel was saved or deleted: (re)start it from storage as it now is, or stop it.
  virtual void changed(const TenantId& tenant, const ChannelId& channel) = 0;
  virtual ChannelStatus status(const TenantId& tenant, const ChannelId& channel) const = 0;
  // A real connection with these settings (saved or not): ok once the provider accepted the
  // credentials, else the reason. `done` once, on any thread, within about 15 s.
  virtual void test(ChannelConfig config, std::move_only_function<void(Result<void>)> done) = 0;
  // A contact was erased or anonymised: whatever the runtime holds in memory from their `identity`
  // on the channel (SMS parts waiting for the rest of their text) is dropped. Any thread.
  virtual void forgetContact(const TenantId& /*tenant*/, const ChannelId& /*channel*/,
                             std::string_view /*identity*/) {}
};

}  // namespace parley::channels
