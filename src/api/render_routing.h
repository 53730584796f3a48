#pragma once
// JSON shapes of routing and conversations (docs/api.md, "Shapes").

#include <string>

#include "api/render.h"
#include "conversations/routing_service.h"
#include "core/conversation.h"
#include "core/json/json_writer.h"
#include "routing/engine.h"

namespace parley::api {

void renderSkill(JsonWriter& json, const Skill& skill);
void renderCategory(JsonWriter& json, const Category& category);
void renderAgent(JsonWriter& json, const routing::AgentView& agent);
void renderConversation(JsonWriter& json, const Conversation& conversation);
void renderMessage(JsonWriter& json, const Message& message);
void renderNote(JsonWriter& json, const Note& note);
void renderDecision(JsonWriter& json, const RoutingDecision& decision);
void renderQueued(JsonWriter& json, const routing::QueuedConversation& queued);
void renderChange(JsonWriter& json, const routing::Change& change);
void renderStats(JsonWriter& json, const conversations::RoutingStats& stats);

}  // namespace parley::api
