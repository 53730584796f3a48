#pragma once
// Agent presence follows the connection (issue 17, item 7): when the last of a person's live
// sockets closes (the browser closed, the laptop asleep), they are set offline once `grace` has
// passed without a socket, and their conversations follow the routing engine's offline rule
// (back to the queue at their original place after the tenant's offline grace, R5). When a socket
// opens again, the presence they had chosen comes back, unless someone changed it meanwhile.
// People who are not agents (no routing profile) are left alone.
//
// What to restore is kept in memory: after a restart, a person set offline this way sets their
// presence again themselves. Thread-safe.

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "conversations/routing_service.h"
#include "core/scheduler.h"

namespace parley::conversations {

class ConnectionPresence {
 public:
  // `grace` zero: presence never follows the connection.
  ConnectionPresence(RoutingService& routing, std::unique_ptr<Scheduler> scheduler,
                     const Clock& clock, Millis grace);
  ~ConnectionPresence();

  void opened(const TenantId& tenant, const UserId& user);
  void closed(const TenantId& tenant, const UserId& user);
  // Starts no more checks (the due ones run now). Routing may still answer the last ones: destroy
  // this only after routing has stopped.
  void stop();

 private:
  using Key = std::pair<TenantId, UserId>;
  struct Person {
    int sockets = 0;
    uint64_t generation = 0;  // counts closes to none, so a late check of an older one does nothing
    std::optional<routing::Presence> restore;  // what they had before this set them offline
  };
  void checkGone(const Key& key, uint64_t generation);
  void setOffline(const Key& key);
  void restore(const Key& key, routing::Presence presence);

  RoutingService& routing_;
  const Clock& clock_;
  const Millis grace_;
  std::mutex mutex_;
  std::map<Key, Person> people_;
  std::atomic<bool> stopped_{false};
  std::unique_ptr<Scheduler> scheduler_;  // last: its thread stops before the rest goes
};

}  // namespace parley::conversations
