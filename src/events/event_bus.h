#pragma once
// In-process publish/subscribe for live events (WebSocket pushes). Subscribers are called on the
// publisher's thread, outside the bus's lock, and must only hand the event on (post to their own
// strand). Thread-safe. A PostgreSQL LISTEN/NOTIFY bridge will feed the same bus across nodes.
//
// Resync (W4): every event of a tenant gets the next sequence number, written into its frame as
// "seq", and the last kKeptEvents (at most kKeptBytes of frames) are kept. A client that reconnects
// with the cursor it last saw
// ("<epoch>.<seq>") is sent what it missed, in order, before anything new; a cursor from another
// run of the server or older than what is kept gets one {"type":"resync"} frame instead: reload
// by REST.

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/ids.h"
#include "core/role.h"

namespace parley::events {

struct Event {
  TenantId tenant;
  std::optional<UserId> user;  // only this user's subscribers; everyone in the tenant if unset
  std::optional<SessionId> session;  // only subscribers of this session (e.g. "session.revoked")
  std::string json;                  // the frame to send, already rendered; "seq" is added
  bool closes = false;               // receivers close their connection after sending it
  std::optional<Permission> needs;   // only subscribers whose role has it (supervisors' statistics)
  // False: for whoever listens now; not numbered, not kept for resuming (web chat visitors' frames
  // and typing signals: nobody resumes them, and a visitor must not see the tenant's numbering).
  bool replayable = true;
  // The conversation whose customer the frame shows (a message, an assignment), so that erasing
  // that customer can take it out of what is kept for resuming; and what supervisors watching it
  // (W7) hear.
  std::optional<std::string> conversation;
  // Only for supervisors watching `conversation` (the agent's typing: the agent knows).
  bool for_watchers = false;
};

struct Audience {
  TenantId tenant;
  UserId user;
  std::optional<SessionId> session;  // unset for API tokens
  Role role = Role::Agent;
  // Only events addressed to `user` (web chat visitors: nothing of the tenant's traffic).
  bool only_addressed = false;
  // W7: a supervisor watching one conversation hears every frame about it, whoever it is for,
  // and nothing else. The caller checks that the role may.
  std::optional<std::string> watching;
};

class EventBus {
 public:
  using Subscriber = std::function<void(const std::shared_ptr<const Event>&)>;
  using SubscriptionId = uint64_t;

  static constexpr size_t kKeptEvents = 4096;
  static constexpr size_t kKeptBytes = 16 * 1024 * 1024;  // frames can hold a customer's image

  EventBus();
  // `since`: a cursor to resume after (replayed to this subscriber before it returns).
  SubscriptionId subscribe(Audience audience, Subscriber subscriber,
                           std::optional<std::string> since = std::nullopt);
  void unsubscribe(SubscriptionId id);
  void publish(Event event);
  size_t subscriberCount() const;
  // The position of the tenant's latest event, for a new client to resume from.
  std::string cursor(const TenantId& tenant) const;
  // Kept frames about these conversations become {"seq":N,"type":"redacted"}: a client resuming
  // keeps its numbering and learns nothing of them. Returns how many were replaced.
  size_t redact(const TenantId& tenant, const std::vector<std::string>& conversations);
  // Drops every kept frame of the tenant (it was deleted); a client resuming from before is asked
  // to resync. Returns how many were dropped.
  size_t forgetFrames(const TenantId& tenant);

 private:
  struct Subscription {
    Audience audience;
    // Shared, so a publish copies a pointer per receiver, not the callable.
    std::shared_ptr<const Subscriber> subscriber;
  };
  struct Recent {
    uint64_t last_seq = 0;
    std::deque<std::shared_ptr<const Event>> events;  // seq last_seq - size + 1 … last_seq
    size_t bytes = 0;                                 // of their frames
  };
  static bool reaches(const Audience& audience, const Event& event);

  const std::string epoch_;  // this run of the server
  mutable std::mutex mutex_;
  SubscriptionId next_id_ = 1;
  std::unordered_map<TenantId, std::unordered_map<SubscriptionId, Subscription>> by_tenant_;
  std::unordered_map<TenantId, Recent> recent_;
  std::unordered_map<SubscriptionId, TenantId> tenant_of_;
};

}  // namespace parley::events
