#pragma once
// Stops what still runs for a deleted tenant (P4): its channels' connections (SMPP binds, Telegram
// polling; Viber and Meta webhooks are refused by storage already), its key in this process's
// cache, and its live sockets, which are told {"type":"tenant.deleted"} and closed. Storage refuses
// its sessions, tokens, invites and webhooks from the deletion's commit on; this is the part that
// lives in memory. A deletion through the API locks out at once; one by `parley admin
// delete-tenant` in another process is noticed by the look every 30 s, which also starts the
// channels of a tenant an operator undeleted.

#include <atomic>
#include <functional>
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
  // `forget_key` drops the tenant's key from this process's cache.
  TenantLockout(storage::Stores stores, const channels::ChannelRegistry& channels,
                events::EventBus& events, std::function<void(const TenantId&)> forget_key,
                std::unique_ptr<Scheduler> scheduler, const Clock& clock);

  // Remembers the tenants in use, then looks every 30 s.
  void start();
  // Any thread.
  void lockOut(const TenantId& tenant);
  // Does nothing more: storage is about to close (its last callbacks may still call lockOut).
  void stop() { stopping_ = true; }

 private:
  void look();
  // Each channel's runtime re-reads it from storage: stopped when its tenant is gone, started when
  // it is back.
  void channelsChanged(const TenantId& tenant);

  storage::Stores stores_;
  const channels::ChannelRegistry& channels_;
  events::EventBus& events_;
  std::function<void(const TenantId&)> forget_key_;
  const Clock& clock_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::set<std::string> active_;          // tenants seen in use at the last look
  std::unique_ptr<Scheduler> scheduler_;  // last: its thread stops first
};

}  // namespace parley::app
