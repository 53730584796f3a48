#include <spdlog/spdlog.h>

#include "api/render.h"
#include "api/routes.h"
#include "auth/password.h"

namespace parley::api {
namespace {

void listUsers(ApiContext& context, Call call) {
  auto users = context.stores.users->listUsers(call.principal->tenant);
  if (!users) {
    call.fail(users.error());
    return;
  }
  call.respond(Response::json(200, itemsDocument(*users, renderUser)));
}

void getUser(ApiContext& context, Call call) {
  auto user = context.stores.users->findUser(call.principal->tenant, UserId{call.params[0]});
  if (!user) {
    call.fail(user.error());
    return;
  }
  call.respond(Response::json(200, userDocument(*user)));
}

void createUser(ApiContext& context, Call call) {
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto email = emailField(*body);
  auto password = body->requiredString("password", auth::kMaxPasswordLength);
  auto role_name = body->requiredString("role", 20);
  auto display_name = body->optionalString("displayName", 100);
  for (const Error* error :
       {email ? nullptr : &email.error(), password ? nullptr : &password.error(),
        role_name ? nullptr : &role_name.error(), display_name ? nullptr : &display_name.error()}) {
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
  storage::NewUser user{call.principal->tenant, *email,
                        display_name->value_or(email->substr(0, email->find('@'))), *role, ""};
  call.request.body = std::string();
  context.blocking.post([&context, call = std::move(call), user = std::move(user),
                         password = std::move(*password)](bool admitted) mutable {
    if (!admitted) {
      respondBusy(call);
      return;
    }
    auto hashed = auth::hashPassword(password);
    if (!hashed) {
      call.fail(hashed.error());
      return;
    }
    user.password_hash = std::move(*hashed);
    const Actor actor = call.principal->actor;
    context.stores.users->createUser(std::move(user), actor,
                                     [call = std::move(call)](Result<User> created) mutable {
                                       if (!created) {
                                         call.fail(created.error());
                                         return;
                                       }
                                       call.respond(Response::json(201, userDocument(*created)));
                                     });
  });
}

void patchUser(ApiContext& context, Call call) {
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto role_name = body->optionalString("role", 20);
  auto display_name = body->optionalString("displayName", 100);
  if (!role_name || !display_name) {
    call.fail(role_name ? display_name.error() : role_name.error());
    return;
  }
  storage::UserPatch patch;
  if (*role_name) {
    auto role = roleFromName(**role_name);
    if (!role) {
      call.fail(role.error());
      return;
    }
    patch.role = *role;
  }
  if (*display_name) {
    if ((*display_name)->empty()) {
      call.fail(ErrorCode::ValidationFailed, "displayName must not be empty");
      return;
    }
    patch.display_name = std::move(**display_name);
  }
  // Copies: `call` is moved into the callback, and argument evaluation order is unspecified.
  const TenantId tenant = call.principal->tenant;
  const UserId user{call.params[0]};
  const Actor actor = call.principal->actor;
  auto before = context.stores.users->findUser(tenant, user);
  if (!before) {
    call.fail(before.error());
    return;
  }
  const Role old_role = before->role;
  context.stores.users->updateUser(
      tenant, user, std::move(patch), actor,
      [&context, old_role, call = std::move(call)](Result<User> updated) mutable {
        if (!updated) {
          call.fail(updated.error());
          return;
        }
        const bool role_changed = updated->role != old_role;
        // A socket's audience is its role when it connected: after a role change the user's sockets
        // close once this frame is sent, and reconnect (resuming from their cursor) under the new
        // role.
        auto answer = [&context, role_changed, user = *updated, call = std::move(call)]() mutable {
          publishUserUpdated(context, user, role_changed);
          call.respond(Response::json(200, userDocument(user)));
        };
        if (!role_changed || isAllowed(updated->role, Permission::HandleConversations)) {
          answer();
          return;
        }
        // No longer someone who chats: out of routing before the answer (their conversations follow
        // the offline grace period like anyone else's).
        context.routing.updateAgent(
            updated->tenant_id, updated->id,
            conversations::AgentPatch{.presence = routing::Presence::Offline},
            [answer = std::move(answer)](Result<AgentRouting>) mutable { answer(); });
      });
}

// The live API tokens that act for `user`: the store revokes them with the user, and their sockets
// are closed after it. (One made in between is refused at its next request, and its socket at its
// next periodic check.)
std::vector<ApiTokenId> tokensActingFor(ApiContext& context, const TenantId& tenant,
                                        const UserId& user) {
  std::vector<ApiTokenId> ids;
  if (auto tokens = context.stores.tokens->listTokens(tenant)) {
    for (const ApiToken& token : *tokens) {
      if (token.created_by == user) {
        ids.push_back(token.id);
      }
    }
  }
  return ids;
}

// After a user was deactivated or deleted: their sockets and those of the tokens that acted for
// them close now (sign-out does the same), and routing forgets them before the answer, their
// conversations back in the queue at their places.
void leaveAfterDeactivation(ApiContext& context, Call call, const User& user,
                            const std::vector<ApiTokenId>& tokens) {
  std::vector<UserId> audiences{user.id};
  for (const ApiTokenId& token : tokens) {
    audiences.push_back(UserId{token.value});  // a token's sockets hear as the token
  }
  for (UserId& audience : audiences) {
    context.events.publish(events::Event{.tenant = user.tenant_id,
                                         .user = std::move(audience),
                                         .json = R"({"type":"session.revoked"})",
                                         .closes = true,
                                         .replayable = false});
  }
  context.routing.removeAgent(
      user.tenant_id, user.id,
      [&context, user, call = std::move(call)](Result<void> removed) mutable {
        if (!removed) {  // stored already; routing catches up at start
          spdlog::error("routing did not let {} go: {}", user.id.value, removed.error().message);
        }
        publishUserUpdated(context, user, false);
        call.respond(Response::json(200, userDocument(user)));
      });
}

// POST /api/v1/users/{id}/deactivate and /reactivate (A3).
void setActive(ApiContext& context, Call call, bool active) {
  const TenantId tenant = call.principal->tenant;
  const UserId user{call.params[0]};
  const Actor actor = call.principal->actor;
  if (!active && call.principal->user && *call.principal->user == user) {
    call.fail(ErrorCode::Conflict, "you cannot deactivate yourself");
    return;
  }
  std::vector<ApiTokenId> tokens;
  if (!active) {
    tokens = tokensActingFor(context, tenant, user);
  }
  context.stores.users->setUserActive(
      tenant, user, active, actor,
      [&context, active, tokens = std::move(tokens),
       call = std::move(call)](Result<User> updated) mutable {
        if (!updated) {
          call.fail(updated.error());
          return;
        }
        if (!active) {
          leaveAfterDeactivation(context, std::move(call), *updated, tokens);
          return;
        }
        // Back in routing with the settings they had.
        context.routing.configChanged(
            updated->tenant_id,
            [&context, user = *updated, call = std::move(call)](Result<void>) mutable {
              publishUserUpdated(context, user, false);
              call.respond(Response::json(200, userDocument(user)));
            });
      });
}

void deactivateUser(ApiContext& context, Call call) { setActive(context, std::move(call), false); }
void reactivateUser(ApiContext& context, Call call) { setActive(context, std::move(call), true); }

// DELETE /api/v1/users/{id} {"confirm":"delete"} (A4): irreversible, so typed.
void deleteUser(ApiContext& context, Call call) {
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto confirm = body->optionalString("confirm", 20);
  if (!confirm || !*confirm || **confirm != "delete") {
    call.fail(ErrorCode::ValidationFailed, R"(confirm with {"confirm":"delete"})");
    return;
  }
  const TenantId tenant = call.principal->tenant;
  const UserId user{call.params[0]};
  const Actor actor = call.principal->actor;
  if (call.principal->user && *call.principal->user == user) {
    call.fail(ErrorCode::Conflict, "you cannot delete yourself");
    return;
  }
  std::vector<ApiTokenId> tokens = tokensActingFor(context, tenant, user);
  context.stores.users->deleteUser(
      tenant, user, actor,
      [&context, tokens = std::move(tokens), call = std::move(call)](Result<User> deleted) mutable {
        if (!deleted) {
          call.fail(deleted.error());
          return;
        }
        leaveAfterDeactivation(context, std::move(call), *deleted, tokens);
      });
}

}  // namespace

void publishUserUpdated(ApiContext& context, const User& user, bool reconnect) {
  JsonWriter event;
  event.beginObject().field("type", "user.updated").key("user");
  renderUser(event, user);
  event.endObject();
  context.events.publish(
      events::Event{user.tenant_id, user.id, std::nullopt, event.take(), reconnect});
}

void addUserRoutes(Router& router, ApiContext& context) {
  router.add(Method::Get, "/api/v1/users", Permission::ViewUsers, withContext(context, listUsers));
  router.add(Method::Post, "/api/v1/users", Permission::ManageUsers,
             withContext(context, createUser));
  router.add(Method::Get, "/api/v1/users/{id}", Permission::ViewUsers,
             withContext(context, getUser));
  router.add(Method::Patch, "/api/v1/users/{id}", Permission::ManageUsers,
             withContext(context, patchUser));
  router.add(Method::Delete, "/api/v1/users/{id}", Permission::ManageUsers,
             withContext(context, deleteUser));
  router.add(Method::Post, "/api/v1/users/{id}/deactivate", Permission::ManageUsers,
             withContext(context, deactivateUser));
  router.add(Method::Post, "/api/v1/users/{id}/reactivate", Permission::ManageUsers,
             withContext(context, reactivateUser));
}

}  // namespace parley::api
