#pragma once
// The API's routes, one function per area; each adds its routes to the router. Handlers parse, call
// storage (or a use case), render; they never block a network thread on slow work.

#include <functional>
#include <memory>

#include "api/api_context.h"
#include "api/render.h"
#include "api/router.h"
#include "core/json/json_reader.h"

namespace parley::api {

void addHealthRoutes(Router& router, ApiContext& context);
void addAuthRoutes(Router& router, ApiContext& context);
void addUserRoutes(Router& router, ApiContext& context);
void addTokenRoutes(Router& router, ApiContext& context);
void addTwoFactorRoutes(Router& router, ApiContext& context);
void addContactRoutes(Router& router, ApiContext& context);
// Before addContactRoutes: /contacts/imports and /contacts/export are not contact ids.
void addContactImportRoutes(Router& router, ApiContext& context);
void addAuditRoutes(Router& router, ApiContext& context);
void addTenantRoutes(Router& router, ApiContext& context);
void addUsageRoutes(Router& router, ApiContext& context);
void addReportRoutes(Router& router, ApiContext& context);
void addRoutingRoutes(Router& router, ApiContext& context);
void addConversationRoutes(Router& router, ApiContext& context);
void addChannelRoutes(Router& router, ApiContext& context);
void addTemplateRoutes(Router& router, ApiContext& context);
void addMediaRoutes(Router& router, ApiContext& context);
void addPrivacyRoutes(Router& router, ApiContext& context);
void addBackupRoutes(Router& router, ApiContext& context);
// The backup status as GET /settings/backups and /readyz show it, and its /metrics lines.
std::string backupStatusJson(const backup::BackupStatus& status);
std::string backupMetrics(const backup::BackupStatus& status);
// Answers with a file of the media store, read on the blocking pool, when `may_see` allows its
// conversation; NotFound otherwise, as for an unknown id.
void serveMedia(ApiContext& context, Call call, const TenantId& tenant, const MediaId& id,
                std::function<bool(const Conversation&)> may_see);
// Who sees a conversation: its agent, anyone while it waits in the queue, and those who see all
// routing (supervisors, admins).
bool maySeeConversation(const Principal& principal, const Conversation& conversation);
// The conversation `call.params[0]` names, if this caller may see it; NotFound otherwise, so the
// ids of other agents' conversations reveal nothing. Every route on one conversation starts here.
[[nodiscard]] Result<Conversation> visibleConversation(ApiContext& context, const Call& call);
// The conversation `call.params[0]` names, for acting on it (replying, attaching): its agent or a
// supervisor or admin; 403 for another agent who can see it, 404 for one who cannot.
[[nodiscard]] Result<Conversation> ownConversation(ApiContext& context, const Call& call);
// A live {"type":"channel.updated","channel":Channel} frame to the tenant's admins (an SMS
// channel's connection changed state).
void announceChannel(ApiContext& context, const TenantId& tenant, const ChannelId& channel);
// GET /api/v1/openapi.json: the embedded OpenAPI document (api/openapi.h).
void addOpenApiRoutes(Router& router, ApiContext& context);

void addInviteRoutes(Router& router, ApiContext& context);
void addWorkspaceRoutes(Router& router, ApiContext& context);

// Every route of /api/v1 and the operational endpoints.
std::unique_ptr<Router> buildRouter(ApiContext& context);

// Binds a handler written as a free function of the context.
inline Handler withContext(ApiContext& context, void (*handler)(ApiContext&, Call)) {
  return [&context, handler](Call call) { handler(context, std::move(call)); };
}

// A storage callback that answers `status` with {"<name>": …}, or the error.
template <class T>
storage::Done<T> answerWith(Call call, int status, std::string_view name,
                            void (*render)(JsonWriter&, const T&)) {
  return [call = std::move(call), status, name, render](Result<T> result) mutable {
    if (!result) {
      call.fail(result.error());
      return;
    }
    call.respond(Response::json(status, document(name, *result, render)));
  };
}

// Starts a session for `user`, who has just proven who they are (sign-in, an accepted invite), and
// answers `status` with {"user":User,"csrfToken"} and the session cookies.
void respondSignedIn(ApiContext& context, Call call, User user, int status);
// The password was right and `user` has a second factor: answers 200
// {"twoFactor":{"challenge","expiresAt"}}, to be sent back with a code, and starts no session.
void respondSecondFactorNeeded(ApiContext& context, Call call, const User& user);

// Sends {"type":"user.updated","user":User} to the user's live sockets; with `reconnect` they close
// after it, so that they come back subscribed under the user's new role.
void publishUserUpdated(ApiContext& context, const User& user, bool reconnect = false);

// Records that the caller read personal data (P9): `entity` `entity_id` (a contact, a
// conversation), `what` ("read", "read.messages", "export"…); never a value.
void recordRead(ApiContext& context, const Principal& reader, std::string entity,
                std::string entity_id, std::string what);

inline constexpr size_t kMaxEmailBytes = 254;
// An `@` with text on both sides, and no whitespace.
bool looksLikeEmail(std::string_view email);

// A user's email and role as a request names them (creating a user, inviting one): 422 otherwise.
[[nodiscard]] Result<std::string> emailField(const JsonObject& body);
[[nodiscard]] Result<Role> roleFromName(std::string_view name);

// The request's JSON object body: UnsupportedMediaType unless sent as application/json.
[[nodiscard]] Result<JsonObject> jsonBody(const Request& request);

// The required `from` and `until` query parameters: RFC 3339 times, or dates, which start at
// midnight `utc_offset_minutes` east of UTC (an `until` date counts its whole day).
struct Period {
  TimePoint from, until;
};
[[nodiscard]] Result<Period> periodParameters(const Request& request, int utc_offset_minutes = 0);

// The `limit` query parameter: `fallback` when absent, else digits only, from 1 to `max`.
[[nodiscard]] Result<size_t> limitParameter(const Request& request, size_t fallback, size_t max);

}  // namespace parley::api
