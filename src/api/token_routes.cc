#include "api/render.h"
#include "api/routes.h"
#include "auth/secrets.h"
#include "privacy/crypto.h"

namespace parley::api {
namespace {

void listTokens(ApiContext& context, Call call) {
  auto tokens = context.stores.tokens->listTokens(call.principal->tenant);
  if (!tokens) {
    call.fail(tokens.error());
    return;
  }
  call.respond(Response::json(200, itemsDocument(*tokens, renderToken)));
}

void createToken(ApiContext& context, Call call) {
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto name = body->requiredString("name", 100);
  auto role_name = body->optionalString("role", 20);
  auto scope_names = body->optionalStrings("scopes", 16, 40);
  auto expires = body->optionalString("expiresAt", 40);
  if (!name || !role_name || !scope_names || !expires) {
    call.fail(!name          ? name.error()
              : !role_name   ? role_name.error()
              : !scope_names ? scope_names.error()
                             : expires.error());
    return;
  }
  const auto role = parseRole(role_name->value_or("admin"));
  if (!role || name->empty()) {
    call.fail(ErrorCode::ValidationFailed,
              "name must not be empty; role must be admin, supervisor, agent or dpo");
    return;
  }
  // Without scopes, a token may do all its role allows (as tokens made before scopes existed).
  const std::vector<std::string> names = scope_names->value_or(std::vector<std::string>{"admin"});
  const auto scopes = parseTokenScopes(names);
  if (!scopes || *scopes == 0) {
    call.fail(ErrorCode::ValidationFailed,
              "scopes: one or more of conversations:read, conversations:write, messages:send, "
              "contacts:read, contacts:write, channels:inbound, reports:read, admin");
    return;
  }
  const TimePoint now = context.clock.now();
  std::optional<TimePoint> expires_at;
  if (*expires) {
    expires_at = parseRfc3339(**expires);
    if (!expires_at || *expires_at <= now) {
      call.fail(ErrorCode::ValidationFailed, "expiresAt must be a time in the future (RFC 3339)");
      return;
    }
  }
  ApiToken token{call.principal->tenant,
                 privacy::newId<TokenTag>(),
                 std::move(*name),
                 *role,
                 now,
                 std::nullopt};
  token.scopes = tokenScopeNames(*scopes);
  token.expires_at = expires_at;
  token.created_by = call.principal->actingUser();
  std::string secret = auth::newApiTokenSecret();
  const std::string secret_hash = auth::secretHash(secret);
  const Actor actor = call.principal->actor;
  context.stores.tokens->createToken(
      std::move(token), secret_hash, actor,
      [call = std::move(call), secret = std::move(secret)](Result<ApiToken> created) mutable {
        if (!created) {
          call.fail(created.error());
          return;
        }
        JsonWriter json;
        json.beginObject().key("token");
        renderToken(json, *created);
        json.field("secret", secret).endObject();
        call.respond(Response::json(201, json.take()));
      });
}

void revokeToken(ApiContext& context, Call call) {
  // Copies: `call` is moved into the callback, and argument evaluation order is unspecified.
  const TenantId tenant = call.principal->tenant;
  const ApiTokenId token{call.params[0]};
  const Actor actor = call.principal->actor;
  context.stores.tokens->revokeToken(
      tenant, token, actor,
      [&context, call = std::move(call), tenant, token](Result<void> revoked) mutable {
        if (!revoked) {
          call.fail(revoked.error());
          return;
        }
        // The token's live sockets (their audience's user is the token) close now, as sign-out
        // closes a session's, not at their next periodic check.
        context.events.publish(events::Event{.tenant = tenant,
                                             .user = UserId{token.value},
                                             .json = R"({"type":"session.revoked"})",
                                             .closes = true,
                                             .replayable = false});
        call.respond(Response::noContent());
      });
}

}  // namespace

void addTokenRoutes(Router& router, ApiContext& context) {
  router.add(Method::Get, "/api/v1/tokens", Permission::ManageUsers,
             withContext(context, listTokens));
  router.add(Method::Post, "/api/v1/tokens", Permission::ManageUsers,
             withContext(context, createToken));
  router.add(Method::Delete, "/api/v1/tokens/{id}", Permission::ManageUsers,
             withContext(context, revokeToken));
}

}  // namespace parley::api
