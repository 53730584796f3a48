#pragma once
// Stops what still runs for a deleted tenant (P4): its channels' connections (SMPP binds, Telegram
// polling, Viber and Meta webhooks are refused by storage already) and its live sockets, which are
// told {"type":"tenant.deleted"} and closed. Storage refuses its sessions, tokens and webhooks from
// the deletion's commit on; this is the part that lives in memory. A deletion through the API
// locks out at once; one by `parley admin delete-tenant` in another process is noticed by the
// look every 30 s.

#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "channels/channel_registry.h"
#include "core/clock.h"
#include "core/scheduler.h"
#include "events/event_bus.h"
#include "storage/stores.h"

namespace parley::app {

class TenantLockout {
 public:
  TenantLockout(storage::Stores stores, const channels::ChannelRegistry& channels,
                events::EventBus& events, std::unique_ptr<Scheduler> scheduler, const Clock& clock);

  // Remembers the tenants in use, then looks every 30 s for ones deleted elsewhere.
  void start();
  // Any thread.
  void lockOut(const TenantId& tenant);

 private:
  void look();

  storage::Stores stores_;
  const channels::ChannelRegistry& channels_;
  events::EventBus& events_;
  const Clock& clock_;
  std::mutex mutex_;
  std::set<std::string> active_;          // tenants seen in use at the last look
  std::unique_ptr<Scheduler> scheduler_;  // last: its thread stops first
};

}  // namespace parley::app
