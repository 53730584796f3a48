// What the Workspace needs beyond conversations: canned responses (W3), replies agents insert by
// shortcut (agents read them; admins and supervisors keep them), and the caller's own statistics.
#include <algorithm>

#include "api/idempotency.h"
#include "api/render.h"
#include "api/render_routing.h"
#include "api/routes.h"
#include "storage/conversation_stores.h"

namespace parley::api {
namespace {

constexpr size_t kMaxShortcutBytes = 32;
constexpr size_t kMaxTextBytes = 4096;

void renderCannedResponse(JsonWriter& json, const CannedResponse& response) {
  json.beginObject()
      .field("id", response.id.value)
      .field("shortcut", response.shortcut)
      .field("text", response.text)
      .field("createdAt", formatRfc3339(response.created_at))
      .field("updatedAt", formatRfc3339(response.updated_at))
      .endObject();
}

void listCannedResponses(ApiContext& context, Call call) {
  auto responses = context.stores.canned_responses->listCannedResponses(call.principal->tenant);
  if (!responses) {
    call.fail(responses.error());
    return;
  }
  call.respond(Response::json(200, itemsDocument(*responses, renderCannedResponse)));
}

// Creates (empty id) or replaces; the store checks the shortcut's form and its uniqueness.
void saveCannedResponse(ApiContext& context, Call call, CannedResponseId id, int status) {
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto shortcut = body->requiredString("shortcut", kMaxShortcutBytes);
  auto text = body->requiredString("text", kMaxTextBytes);
  if (!shortcut || !text) {
    call.fail(shortcut ? text.error() : shortcut.error());
    return;
  }
  CannedResponse response{.tenant_id = call.principal->tenant,
                          .id = std::move(id),
                          .shortcut = std::move(*shortcut),
                          .text = std::move(*text)};
  context.stores.canned_responses->saveCannedResponse(
      std::move(response), [call = std::move(call), status](Result<CannedResponse> saved) mutable {
        if (!saved) {
          call.fail(saved.error());
          return;
        }
        call.respond(
            Response::json(status, document("cannedResponse", *saved, renderCannedResponse)));
      });
}

void createCannedResponse(ApiContext& context, Call call) {
  saveCannedResponse(context, std::move(call), CannedResponseId{}, 201);
}

void replaceCannedResponse(ApiContext& context, Call call) {
  CannedResponseId id{call.params[0]};
  saveCannedResponse(context, std::move(call), std::move(id), 200);
}

void deleteCannedResponse(ApiContext& context, Call call) {
  // Copies: `call` is moved into the callback, and argument evaluation order is unspecified.
  const TenantId tenant = call.principal->tenant;
  CannedResponseId id{call.params[0]};
  context.stores.canned_responses->deleteCannedResponse(
      tenant, std::move(id), [call = std::move(call)](Result<void> deleted) mutable {
        if (!deleted) {
          call.fail(deleted.error());
          return;
        }
        call.respond(Response::noContent());
      });
}

// Today (UTC) for the caller: the conversations they closed (their agent was the caller); and the
// team's queue and who is available.
void getMyStats(ApiContext& context, Call call) {
  if (!call.principal->user) {
    call.fail(ErrorCode::Forbidden, "API tokens have no statistics of their own");
    return;
  }
  const TenantId tenant = call.principal->tenant;
  const TimePoint today = std::chrono::floor<std::chrono::days>(context.clock.now());
  auto mine =
      context.stores.conversations->agentHandlingStats(tenant, *call.principal->user, today);
  if (!mine) {
    call.fail(mine.error());
    return;
  }
  context.routing.stats(tenant, [call = std::move(call),
                                 mine = *mine](Result<conversations::RoutingStats> team) mutable {
    if (!team) {
      call.fail(team.error());
      return;
    }
    const auto available = std::count_if(team->agents.begin(), team->agents.end(),
                                         [](const routing::AgentView& agent) {
                                           return agent.presence == routing::Presence::Available;
                                         });
    JsonWriter json;
    json.beginObject()
        .key("stats")
        .beginObject()
        .key("today")
        .beginObject()
        .key("handled")
        .number(mine.closed)
        .key("averageFirstResponseSeconds")
        .number(static_cast<int64_t>(mine.average_first_response_seconds + 0.5))
        .key("averageHandlingSeconds")
        .number(static_cast<int64_t>(mine.average_handling_seconds + 0.5))
        .endObject()
        .key("team")
        .beginObject()
        .key("queueLength")
        .number(static_cast<int64_t>(team->queue_length))
        .key("oldestEnqueuedAt")
        .optionalString(team->oldest ? std::optional(formatRfc3339(*team->oldest)) : std::nullopt)
        .key("agentsAvailable")
        .number(static_cast<int64_t>(available))
        .key("handledToday")
        .number(team->today.closed)
        .endObject()
        .endObject()
        .endObject();
    call.respond(Response::json(200, json.take()));
  });
}

}  // namespace

void addWorkspaceRoutes(Router& router, ApiContext& context) {
  router.add(Method::Get, "/api/v1/me/stats", Permission::HandleConversations,
             withContext(context, getMyStats));
  router.add(Method::Get, "/api/v1/canned-responses", Permission::HandleConversations,
             withContext(context, listCannedResponses));
  router.add(Method::Post, "/api/v1/canned-responses", Permission::ManageCannedResponses,
             idempotent(context, withContext(context, createCannedResponse)));
  router.add(Method::Put, "/api/v1/canned-responses/{id}", Permission::ManageCannedResponses,
             withContext(context, replaceCannedResponse));
  router.add(Method::Delete, "/api/v1/canned-responses/{id}", Permission::ManageCannedResponses,
             withContext(context, deleteCannedResponse));
}

}  // namespace parley::api
