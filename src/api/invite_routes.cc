// Invites (A2): an admin invites someone by email and role; the UI shows the link
// <origin>/invite#<token>. Its holder looks the invite up, sets a password, and is signed in as a
// new user of the tenant. The token is shown once (only its hash is stored), works once, and
// expires after storage::kInviteLifetime.
#include "api/render.h"
#include "api/routes.h"
#include "auth/password.h"
#include "auth/secrets.h"

namespace parley::api {
namespace {

constexpr size_t kMaxTokenBytes = 128;
constexpr size_t kMaxDisplayNameBytes = 100;

void renderInvite(JsonWriter& json, const Invite& invite) {
  json.beginObject()
      .field("id", invite.id.value)
      .field("email", invite.email)
      .field("role", roleName(invite.role))
      .field("displayName", invite.display_name)
      .field("createdAt", formatRfc3339(invite.created_at))
      .field("expiresAt", formatRfc3339(invite.expires_at))
      .field("createdBy", invite.created_by)
      .endObject();
}

// An optional display name must not be empty when given.
Result<std::optional<std::string>> displayNameOf(const JsonObject& body) {
  auto display_name = body.optionalString("displayName", kMaxDisplayNameBytes);
  if (display_name && *display_name && (*display_name)->empty()) {
    return fail(ErrorCode::ValidationFailed, "displayName must not be empty");
  }
  return display_name;
}

void createInvite(ApiContext& context, Call call) {
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto email = emailField(*body);
  auto role_name = body->requiredString("role", 20);
  auto display_name = displayNameOf(*body);
  for (const Error* error :
       {email ? nullptr : &email.error(), role_name ? nullptr : &role_name.error(),
        display_name ? nullptr : &display_name.error()}) {
    if (error) {
      call.fail(*error);
      return;
    }
  }
  const auto role = roleFromName(*role_name);
  if (!role) {
    call.fail(role.error());
    return;
  }
  // Copies: `call` is moved into the callback, and argument evaluation order is unspecified.
  const Actor actor = call.principal->actor;
  storage::NewInvite invite{call.principal->tenant, std::move(*email), *role,
                            std::move(*display_name), actor.id};
  std::string token = auth::newInviteToken();
  std::string token_hash = auth::secretHash(token);
  context.stores.invites->createInvite(
      std::move(invite), std::move(token_hash), actor,
      [call = std::move(call), token = std::move(token)](Result<Invite> created) mutable {
        if (!created) {
          call.fail(created.error());
          return;
        }
        JsonWriter json;
        json.beginObject().key("invite");
        renderInvite(json, *created);
        json.field("token", token).endObject();
        call.respond(Response::json(201, json.take()));
      });
}

void listInvites(ApiContext& context, Call call) {
  auto invites = context.stores.invites->listPendingInvites(call.principal->tenant);
  if (!invites) {
    call.fail(invites.error());
    return;
  }
  call.respond(Response::json(200, itemsDocument(*invites, renderInvite)));
}

void deleteInvite(ApiContext& context, Call call) {
  // Copies: `call` is moved into the callback, and argument evaluation order is unspecified.
  const TenantId tenant = call.principal->tenant;
  const InviteId invite{call.params[0]};
  const Actor actor = call.principal->actor;
  context.stores.invites->revokeInvite(tenant, invite, actor,
                                       [call = std::move(call)](Result<void> revoked) mutable {
                                         if (!revoked) {
                                           call.fail(revoked.error());
                                           return;
                                         }
                                         call.respond(Response::noContent());
                                       });
}

// The token from the body, as the hash storage knows it by.
Result<std::string> tokenHashOf(const JsonObject& body) {
  auto token = body.requiredString("token", kMaxTokenBytes);
  if (!token) {
    return std::unexpected(token.error());
  }
  return auth::secretHash(*token);
}

// Public: what the invitee sees before choosing a password.
void lookupInvite(ApiContext& context, Call call) {
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto token_hash = tokenHashOf(*body);
  if (!token_hash) {
    call.fail(token_hash.error());
    return;
  }
  auto invite = context.stores.invites->findPendingInvite(*token_hash);
  if (!invite) {
    call.fail(invite.error());
    return;
  }
  JsonWriter json;
  json.beginObject()
      .key("invite")
      .beginObject()
      .field("email", invite->email)
      .field("role", roleName(invite->role))
      .field("displayName", invite->display_name)
      .field("expiresAt", formatRfc3339(invite->expires_at))
      .endObject()
      .endObject();
  call.respond(Response::json(200, json.take()));
}

// Public: there is no session yet, so no CSRF token; like sign-in, a foreign Origin is refused.
void acceptInvite(ApiContext& context, Call call) {
  if (!isSameOrigin(call.request)) {
    call.fail(ErrorCode::CsrfFailed, "invite accepted from a foreign origin");
    return;
  }
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto token_hash = tokenHashOf(*body);
  auto password = body->requiredString("password", auth::kMaxPasswordLength);
  auto display_name = displayNameOf(*body);
  for (const Error* error :
       {token_hash ? nullptr : &token_hash.error(), password ? nullptr : &password.error(),
        display_name ? nullptr : &display_name.error()}) {
    if (error) {
      call.fail(*error);
      return;
    }
  }
  // Checked again when the user is created; this spares hashing for a dead link.
  if (auto pending = context.stores.invites->findPendingInvite(*token_hash); !pending) {
    call.fail(pending.error());
    return;
  }
  call.request.body = std::string();  // parsed already; a queued job keeps only what it needs
  context.blocking.post([&context, call = std::move(call), token_hash = std::move(*token_hash),
                         password = std::move(*password),
                         display_name = std::move(*display_name)](bool admitted) mutable {
    if (!admitted) {
      respondBusy(call);
      return;
    }
    auto hashed = auth::hashPassword(password);
    if (!hashed) {
      call.fail(hashed.error());
      return;
    }
    context.stores.invites->acceptInvite(
        std::move(token_hash), std::move(*hashed), std::move(display_name),
        [&context, call = std::move(call)](Result<User> created) mutable {
          if (!created) {
            call.fail(created.error());
            return;
          }
          respondSignedIn(context, std::move(call), std::move(*created), 201);
        });
  });
}

}  // namespace

void addInviteRoutes(Router& router, ApiContext& context) {
  router.add(Method::Get, "/api/v1/invites", Permission::ManageUsers,
             withContext(context, listInvites));
  // Not idempotent on purpose: a kept answer would keep the token, which is stored only hashed.
  router.add(Method::Post, "/api/v1/invites", Permission::ManageUsers,
             withContext(context, createInvite));
  router.add(Method::Delete, "/api/v1/invites/{id}", Permission::ManageUsers,
             withContext(context, deleteInvite));
  router.add(Method::Post, "/api/v1/invites/lookup", Access::Public,
             withContext(context, lookupInvite));
  router.add(Method::Post, "/api/v1/invites/accept", Access::Public,
             withContext(context, acceptInvite));
}

}  // namespace parley::api
