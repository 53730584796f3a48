#pragma once
// Turns the routing service's durable outcomes into live-event frames on the bus (W4, R7):
// - "conversation.assigned" / "conversation.requeued" to the agents concerned,
// - "message.created" to the agent of the conversation,
// - "message.status" to the agent of the conversation when an outbound message is sent or fails,
// - "conversation.closed" to its agent,
// - "queue.changed" to everyone in the tenant, "stats" to those who may view routing.

#include "conversations/routing_service.h"
#include "events/event_bus.h"

namespace parley::api {

class LiveEvents final : public conversations::RoutingObserver {
 public:
  explicit LiveEvents(events::EventBus& bus) : bus_(bus) {}

  void routed(const TenantId& tenant, const std::vector<routing::Change>& changes) override;
  void messageAdded(const TenantId& tenant, const Conversation& conversation,
                    const Message& message) override;
  void conversationClosed(const TenantId& tenant, const Conversation& conversation) override;
  void messageStatusChanged(const TenantId& tenant, const Conversation& conversation,
                            const Message& message) override;
  void statsChanged(const TenantId& tenant, const conversations::RoutingStats& stats) override;

 private:
  events::EventBus& bus_;
};

}  // namespace parley::api
