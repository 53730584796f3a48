#pragma once
// In-process publish/subscribe for live events (WebSocket pushes). Subscribers are called on the
// publisher's thread, outside the bus's lock, and must only hand the event on (post to their own
// strand). Thread-safe. A PostgreSQL LISTEN/NOTIFY bridge will feed the same bus across nodes.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/ids.h"
#include "core/role.h"

namespace parley::events {

struct Event {
  TenantId tenant;
  std::optional<UserId> user;  // only this user's subscribers; everyone in the tenant if unset
  std::optional<SessionId> session;  // only subscribers of this session (e.g. "session.revoked")
  std::string json;                  // the frame to send, already rendered
  bool closes = false;               // receivers close their connection after sending it
  std::optional<Permission> needs;   // only subscribers whose role has it (supervisors' statistics)
};

struct Audience {
  TenantId tenant;
  UserId user;
  std::optional<SessionId> session;  // unset for API tokens
  Role role = Role::Agent;
};

class EventBus {
 public:
  using Subscriber = std::function<void(const std::shared_ptr<const Event>&)>;
  using SubscriptionId = uint64_t;

  SubscriptionId subscribe(Audience audience, Subscriber subscriber);
  void unsubscribe(SubscriptionId id);
  void publish(Event event);
  size_t subscriberCount() const;

 private:
  struct Subscription {
    Audience audience;
    Subscriber subscriber;
  };
  mutable std::mutex mutex_;
  SubscriptionId next_id_ = 1;
  std::unordered_map<TenantId, std::unordered_map<SubscriptionId, Subscription>> by_tenant_;
  std::unordered_map<SubscriptionId, TenantId> tenant_of_;
};

}  // namespace parley::events
