#include "api/live_events.h"

#include "api/render_routing.h"

namespace parley::api {

void LiveEvents::routed(const TenantId& tenant, const std::vector<routing::Change>& changes) {
  for (const routing::Change& change : changes) {
    auto frame = [&](std::string_view type) {
      JsonWriter json;
      json.beginObject().field("type", type).key("change");
      renderChange(json, change);
      json.endObject();
      return json.take();
    };
    if (change.kind == routing::Change::Kind::Assigned && change.agent) {
      bus_.publish({.tenant = tenant,
                    .user = UserId{*change.agent},
                    .json = frame("conversation.assigned"),
                    .conversation = change.conversation});
    }
    if (change.previous_agent && change.previous_agent != change.agent) {
      bus_.publish({.tenant = tenant,
                    .user = UserId{*change.previous_agent},
                    .json = frame("conversation.requeued"),
                    .conversation = change.conversation});
    }
  }
}

void LiveEvents::messageAdded(const TenantId& tenant, const Conversation& conversation,
                              const Message& message) {
  if (!conversation.agent_id || conversation.state != ConversationState::Assigned) {
    return;  // nobody holds it yet: the allocation event will bring the agent to it
  }
  JsonWriter json;
  json.beginObject().field("type", "message.created").key("message");
  renderMessage(json, message);
  json.endObject();
  bus_.publish({.tenant = tenant,
                .user = conversation.agent_id,
                .json = json.take(),
                .conversation = conversation.id.value});
}

// To whoever holds the conversation, closed or not: the status is about their own reply.
void LiveEvents::messageStatusChanged(const TenantId& tenant, const Conversation& conversation,
                                      const Message& message) {
  if (!conversation.agent_id) {
    return;
  }
  JsonWriter json;
  json.beginObject().field("type", "message.status").key("message");
  renderMessage(json, message);
  json.endObject();
  bus_.publish({.tenant = tenant,
                .user = conversation.agent_id,
                .json = json.take(),
                .conversation = conversation.id.value});
}

void LiveEvents::conversationClosed(const TenantId& tenant, const Conversation& conversation) {
  if (!conversation.agent_id) {
    return;
  }
  JsonWriter json;
  json.beginObject().field("type", "conversation.closed").key("conversation");
  renderConversation(json, conversation);
  json.endObject();
  bus_.publish({.tenant = tenant,
                .user = conversation.agent_id,
                .json = json.take(),
                .conversation = conversation.id.value});
}

void LiveEvents::statsChanged(const TenantId& tenant, const conversations::RoutingStats& stats) {
  JsonWriter queue;
  queue.beginObject()
      .field("type", "queue.changed")
      .key("queueLength")
      .number(static_cast<int64_t>(stats.queue_length))
      .key("oldestEnqueuedAt");
  if (stats.oldest) {
    queue.string(formatRfc3339(*stats.oldest));
  } else {
    queue.null();
  }
  queue.endObject();
  bus_.publish({.tenant = tenant, .json = queue.take()});

  JsonWriter json;
  json.beginObject().field("type", "stats").key("stats");
  renderStats(json, stats);
  json.endObject();
  bus_.publish({.tenant = tenant, .json = json.take(), .needs = Permission::ViewRouting});
}

}  // namespace parley::api
