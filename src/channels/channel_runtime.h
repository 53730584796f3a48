#pragma once
// The channels an admin configures (SMS over SMPP today) run while the server runs: connections
// kept up, restarted when their configuration changes. What the API needs of them.

#include <functional>
#include <optional>
#include <string>

#include "core/channel.h"
#include "core/clock.h"
#include "core/error.h"

namespace parley::channels {

struct ChannelStatus {
  // "bound" (every bind up), "connecting", "disconnected", "refused" (credentials), "disabled".
  std::string state = "disabled";
  std::string detail;  // a sentence for the admin
  std::optional<TimePoint> since;
};

class ChannelRuntime {
 public:
  virtual ~ChannelRuntime() = default;
  // The channel was saved or deleted: (re)start it from storage as it now is, or stop it.
  virtual void changed(const TenantId& tenant, const ChannelId& channel) = 0;
  virtual ChannelStatus status(const TenantId& tenant, const ChannelId& channel) const = 0;
  // A real connection with these settings (saved or not): ok once the provider accepted the
  // credentials, else the reason. `done` once, on any thread, within about 15 s.
  virtual void test(ChannelConfig config, std::move_only_function<void(Result<void>)> done) = 0;
};

}  // namespace parley::channels
