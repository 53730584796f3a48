#include "api/render_routing.h"

namespace parley::api {
namespace {

void optionalTime(JsonWriter& json, std::string_view name, const std::optional<TimePoint>& at) {
  json.key(name);
  if (at) {
    json.string(formatRfc3339(*at));
  } else {
    json.null();
  }
}

void optionalMs(JsonWriter& json, std::string_view name, const std::optional<routing::Ms>& at) {
  optionalTime(json, name, at ? std::optional(fromUnixMillis(*at)) : std::nullopt);
}

void strings(JsonWriter& json, const std::vector<std::string>& values) {
  json.beginArray();
  for (const std::string& value : values) {
    json.string(value);
  }
  json.endArray();
}

template <class Tag>
void ids(JsonWriter& json, const std::vector<Id<Tag>>& values) {
  json.beginArray();
  for (const auto& value : values) {
    json.string(value.value);
  }
  json.endArray();
}

}  // namespace

void renderSkill(JsonWriter& json, const Skill& skill) {
  json.beginObject()
      .field("id", skill.id.value)
      .field("name", skill.name)
      .field("createdAt", formatRfc3339(skill.created_at))
      .endObject();
}

void renderCategory(JsonWriter& json, const Category& category) {
  json.beginObject()
      .field("id", category.id.value)
      .field("name", category.name)
      .key("priority")
      .number(category.priority)
      .key("position")
      .number(category.position)
      .key("skills");
  ids(json, category.skills);
  json.key("relaxation").beginArray();
  for (const RelaxationStepConfig& step : category.relaxation) {
    json.beginObject().key("afterSeconds").number(step.after_seconds).key("anyOf").beginArray();
    for (const auto& alternative : step.any_of) {
      ids(json, alternative);
    }
    json.endArray().endObject();
  }
  json.endArray().key("offerTimeoutSeconds").number(category.offer_timeout_seconds);
  json.key("windowBoost");
  if (category.window_boost_seconds > 0) {
    json.beginObject()
        .key("withinSeconds")
        .number(category.window_boost_seconds)
        .key("priority")
        .number(category.window_boost_priority)
        .endObject();
  } else {
    json.null();
  }
  json.key("rules").beginObject().key("channels");
  strings(json, category.channels);
  json.key("keywords");
  strings(json, category.keywords);
  json.key("entryPoints");
  strings(json, category.entry_points);
  json.endObject().field("createdAt", formatRfc3339(category.created_at)).endObject();
}

void renderAgent(JsonWriter& json, const routing::AgentView& agent) {
  json.beginObject()
      .field("userId", agent.id)
      .field("presence", routing::presenceName(agent.presence))
      .key("autoAllocate")
      .boolean(agent.auto_allocate)
      .key("capacity")
      .number(agent.capacity)
      .key("load")
      .number(agent.load)
      .key("missedOffers")
      .number(agent.missed_offers)
      .key("skills")
      .beginArray();
  for (const auto& [skill, active] : agent.skills) {
    json.beginObject().field("skillId", skill).key("active").boolean(active).endObject();
  }
  json.endArray().key("conversations");
  strings(json, agent.conversations);
  json.endObject();
}

void renderConversation(JsonWriter& json, const Conversation& c) {
  json.beginObject()
      .field("id", c.id.value)
      .field("contactId", c.contact_id.value)
      .field("channel", c.channel)
      .key("categoryId")
      .optionalString(c.category_id ? std::optional(c.category_id->value) : std::nullopt)
      .field("state", conversationStateName(c.state))
      .key("agentId")
      .optionalString(c.agent_id ? std::optional(c.agent_id->value) : std::nullopt)
      .key("manual")
      .boolean(c.manual)
      .field("enqueuedAt", formatRfc3339(c.enqueued_at));
  optionalTime(json, "assignedAt", c.assigned_at);
  optionalTime(json, "offerDeadline", c.offer_deadline);
  optionalTime(json, "firstResponseAt", c.first_response_at);
  optionalTime(json, "closedAt", c.closed_at);
  json.field("createdAt", formatRfc3339(c.created_at))
      .field("lastMessageAt", formatRfc3339(c.last_message_at));
  optionalTime(json, "customerLastMessageAt", c.customer_last_at);
  optionalTime(json, "replyWindowClosesAt", c.reply_window_closes_at);
  json.endObject();
}

void renderMessage(JsonWriter& json, const Message& message) {
  json.beginObject()
      .field("id", message.id.value)
      .field("conversationId", message.conversation_id.value)
      .field("direction", message.direction == Direction::Inbound ? "inbound" : "outbound")
      .key("content")
      .raw(message.content.empty() ? std::string_view("{}") : message.content)  // {}: erased
      .field("status", deliveryStatusName(message.status))
      .key("statusReason")
      .optionalString(message.status_reason)
      .key("providerMessageId")
      .optionalString(message.provider_message_id)
      .key("authorId")
      .optionalString(message.author_id ? std::optional(message.author_id->value) : std::nullopt)
      // "token": an integration wrote it through the API (a bot, a CRM), not a person.
      .key("authorKind")
      .optionalString(!message.author_id ? std::nullopt
                      : message.author_id->value.starts_with(TokenTag::kPrefix)
                          ? std::optional<std::string>("token")
                          : std::optional<std::string>("user"))
      .field("createdAt", formatRfc3339(message.created_at))
      .endObject();
}

void renderNote(JsonWriter& json, const Note& note) {
  json.beginObject()
      .field("id", note.id.value)
      .field("conversationId", note.conversation_id.value)
      .field("authorId", note.author_id.value)
      .field("text", note.text)
      .field("createdAt", formatRfc3339(note.created_at))
      .endObject();
}

void renderDecision(JsonWriter& json, const RoutingDecision& decision) {
  json.beginObject()
      .key("seq")
      .number(decision.seq)
      .field("at", formatRfc3339(decision.at))
      .field("cause", decision.cause)
      .key("agentId")
      .optionalString(decision.agent_id ? std::optional(decision.agent_id->value) : std::nullopt)
      .key("explanation")
      .raw(decision.explanation_json.empty() ? "null" : decision.explanation_json)
      .endObject();
}

void renderQueued(JsonWriter& json, const routing::QueuedConversation& queued) {
  json.beginObject()
      .field("conversationId", queued.id)
      .key("categoryId")
      .optionalString(queued.category.empty() ? std::nullopt : std::optional(queued.category))
      .key("priority")
      .number(queued.priority)
      .field("enqueuedAt", formatRfc3339(fromUnixMillis(queued.enqueued_at)))
      .key("requires")
      .beginArray();
  for (const auto& alternative : queued.any_of) {
    strings(json, alternative);
  }
  json.endArray().endObject();
}

void renderChange(JsonWriter& json, const routing::Change& change) {
  json.beginObject()
      .field("conversationId", change.conversation)
      .field("kind", change.kind == routing::Change::Kind::Assigned ? "assigned" : "requeued")
      .field("cause", routing::changeCauseName(change.cause))
      .key("agentId")
      .optionalString(change.agent)
      .key("previousAgentId")
      .optionalString(change.previous_agent);
  optionalMs(json, "offerDeadline", change.offer_deadline);
  json.endObject();
}

void renderStats(JsonWriter& json, const conversations::RoutingStats& stats) {
  json.beginObject().key("queueLength").number(static_cast<int64_t>(stats.queue_length));
  optionalTime(json, "oldestEnqueuedAt", stats.oldest);
  json.key("byCategory").beginArray();
  for (const conversations::CategoryWait& wait : stats.by_category) {
    json.beginObject()
        .key("categoryId")
        .optionalString(wait.category.empty() ? std::nullopt : std::optional(wait.category))
        .key("waiting")
        .number(static_cast<int64_t>(wait.waiting))
        .field("oldestEnqueuedAt", formatRfc3339(wait.oldest))
        .endObject();
  }
  json.endArray().key("agents").beginObject();
  int by_presence[3] = {};
  int64_t load = 0, capacity = 0;
  for (const routing::AgentView& agent : stats.agents) {
    ++by_presence[static_cast<int>(agent.presence)];
    if (agent.presence == routing::Presence::Available) {
      load += agent.load;
      capacity += agent.capacity;
    }
  }
  json.key("available")
      .number(by_presence[0])
      .key("away")
      .number(by_presence[1])
      .key("offline")
      .number(by_presence[2])
      .key("load")
      .number(load)
      .key("capacity")
      .number(capacity)
      .key("list")
      .beginArray();
  for (const routing::AgentView& agent : stats.agents) {
    json.beginObject()
        .field("userId", agent.id)
        .field("presence", routing::presenceName(agent.presence))
        .key("load")
        .number(agent.load)
        .key("capacity")
        .number(agent.capacity)
        .key("missedOffers")
        .number(agent.missed_offers)
        .endObject();
  }
  json.endArray().endObject();
  json.key("today")
      .beginObject()
      .key("handled")
      .number(stats.today.closed)
      .key("averageFirstResponseSeconds")
      .number(static_cast<int64_t>(stats.today.average_first_response_seconds + 0.5))
      .key("averageHandlingSeconds")
      .number(static_cast<int64_t>(stats.today.average_handling_seconds + 0.5))
      .endObject()
      .key("windows")
      .beginObject()
      .key("closingWithinHour")
      .number(stats.windows.closing_within_hour)
      .key("expiredUnansweredToday")
      .number(stats.windows.expired_unanswered_today)
      .endObject();
  json.endObject();
}

}  // namespace parley::api
