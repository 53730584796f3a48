#pragma once
// The use cases around routing: receive an inbound message, reply, pick, transfer, unassign,
// close, change an agent's state. It owns one routing engine per tenant on the routing loop's
// thread, feeds it every relevant change, persists what the engine decides, and reports outcomes
// to the observer only after they are durable (a crash between deciding and committing loses an
// unannounced decision, never a conversation: the rebuilt engine decides again).
//
// Every call is asynchronous; `done` runs once, on the routing thread or a storage thread.

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "channels/outbound_sink.h"
#include "conversations/queue_history.h"
#include "core/clock.h"
#include "core/conversation.h"
#include "routing/engine.h"
#include "storage/conversation_stores.h"

namespace parley::conversations {

struct CategoryWait {
  std::string category;  // empty: uncategorised
  size_t waiting = 0;
  TimePoint oldest;
};

// R7.
struct RoutingStats {
  size_t queue_length = 0;
  std::optional<TimePoint> oldest;
  std::vector<CategoryWait> by_category;
  std::vector<routing::AgentView> agents;
  storage::HandlingStats today;
  storage::WindowStats windows;
};

// Also hears how outbound messages fare (channels::DeliveryObserver: the outbox reports to it).
class RoutingObserver : public channels::DeliveryObserver {
 public:
  ~RoutingObserver() override = default;
  // Assignments and requeues, in order, once committed.
  virtual void routed(const TenantId& tenant, const std::vector<routing::Change>& changes) = 0;
  // A message stored in a conversation (inbound or outbound), once committed.
  virtual void messageAdded(const TenantId& tenant, const Conversation& conversation,
                            const Message& message) = 0;
  virtual void conversationClosed(const TenantId& tenant, const Conversation& conversation) = 0;
  // At most once a second per tenant while anything changes.
  virtual void statsChanged(const TenantId& tenant, const RoutingStats& stats) = 0;
  // channels::DeliveryObserver: an outbound message was sent or failed. Ignored unless overridden.
  void messageStatusChanged(const TenantId& /*tenant*/, const Conversation& /*conversation*/,
                            const Message& /*message*/) override {}
};

struct Inbound {
  storage::InboundMessage message;
  std::string text;  // the message's text, for keyword rules
  std::string entry_point;
};

// What an agent or an admin changes about an agent; unset fields stay.
struct AgentPatch {
  std::optional<routing::Presence> presence;
  std::optional<bool> auto_allocate;
  std::optional<int> capacity;
  std::optional<std::vector<std::pair<SkillId, bool>>> skills;  // replaces the list
};

class RoutingLoop;

class RoutingService {
 public:
  // Outbound messages go to `outbound` (when given) before a reply is answered.
  RoutingService(storage::Stores stores, const Clock& clock, RoutingObserver& observer,
                 channels::OutboundSink* outbound = nullptr);
  // Runs what was posted, then stops. Writes still in flight are finished by storage.
  ~RoutingService();

  // Loads every tenant from storage and allocates what waits; blocks until done.
  [[nodiscard]] Result<void> start();

  void receive(Inbound inbound, storage::Done<storage::ReceivedMessage> done);
  // An agent's answer (content is JSON); accepts a pending offer. Answered once the message is
  // stored and handed to the outbound sink (recorded for sending, or marked failed).
  void reply(TenantId tenant, ConversationId conversation, UserId author, std::string content,
             storage::Done<Message> done);
  void accept(TenantId tenant, ConversationId conversation, UserId agent, storage::Done<void> done);
  void pick(TenantId tenant, ConversationId conversation, UserId agent,
            storage::Done<routing::Change> done);
  void transferToAgent(TenantId tenant, ConversationId conversation, UserId agent,
                       storage::Done<routing::Change> done);
  void transferToCategory(TenantId tenant, ConversationId conversation, CategoryId category,
                          storage::Done<routing::Change> done);
  void unassign(TenantId tenant, ConversationId conversation, storage::Done<routing::Change> done);
  void close(TenantId tenant, ConversationId conversation, Actor actor,
             storage::Done<Conversation> done);
  // Storage closed these conversations already (a customer anonymised or erased): the engine lets
  // them go and their agents hear of it.
  void closedInStorage(TenantId tenant, std::vector<Conversation> closed);
  void updateAgent(TenantId tenant, UserId agent, AgentPatch patch,
                   storage::Done<AgentRouting> done);
  // A user was deactivated or deleted (A3, A4): routing forgets them, and their conversations go
  // back to the queue at their original places. Done once that is stored.
  void removeAgent(TenantId tenant, UserId agent, storage::Done<void> done);
  // Skills, categories or settings changed in storage, or a user was reactivated: apply them.
  void configChanged(TenantId tenant, storage::Done<void> done);

  // Dry run (R10): for a category (or uncategorised), or for a waiting conversation.
  void explain(TenantId tenant, std::optional<CategoryId> category,
               std::optional<ConversationId> conversation,
               storage::Done<routing::Explanation> done);
  // The first `limit` waiting, in allocation order, and how many wait in all.
  struct QueuePage {
    std::vector<routing::QueuedConversation> first;
    size_t total = 0;
  };
  void queue(TenantId tenant, size_t limit, storage::Done<QueuePage> done);
  void agent(TenantId tenant, UserId agent, storage::Done<routing::AgentView> done);
  void stats(TenantId tenant, storage::Done<RoutingStats> done);
  // The wallboard's series: queue length and longest wait per minute from `from` (at most a day).
  void queueHistory(TenantId tenant, TimePoint from, storage::Done<std::vector<QueuePoint>> done);

  struct Tenant;  // one tenant's engine and what goes with it; defined in the .cc

 private:
  Tenant& tenant(const TenantId& id);
  Result<void> load(Tenant& tenant);
  routing::Ms now() const;
  // Persists the changes, then reports them; `then` runs after the commit.
  void commit(Tenant& tenant, std::vector<routing::Change> changes,
              std::move_only_function<void(Result<void>)> then = {});
  void allocateAndCommit(Tenant& tenant);
  void finishManual(Tenant& tenant, Result<routing::Change> change,
                    storage::Done<routing::Change> done);
  void scheduleTick(Tenant& tenant);
  void recordQueue(Tenant& tenant);
  void statsDirty(Tenant& tenant);
  RoutingStats statsOf(Tenant& tenant, bool with_conversations);

  // Wraps a storage callback so the destructor can wait for it (it posts back to the loop).
  template <class T>
  storage::Done<T> tracked(storage::Done<T> done);

  storage::Stores stores_;
  const Clock& clock_;
  std::atomic<int> outstanding_{0};
  RoutingObserver& observer_;
  channels::OutboundSink* outbound_;
  std::unique_ptr<std::unordered_map<TenantId, std::unique_ptr<Tenant>>> tenants_;
  std::unique_ptr<RoutingLoop> loop_;  // last: its thread stops first
};

// JSON of an explanation ({"agent":…,"skipped":[…],…}): for the decision log and the dry run.
std::string explanationJson(const routing::Explanation& why);

}  // namespace parley::conversations
