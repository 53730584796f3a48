#pragma once
// Who is calling: a signed-in user (by session cookie) or an integration (by API token).

#include <optional>

#include "api/token_scopes.h"
#include "core/model.h"

namespace parley::api {

struct Principal {
  TenantId tenant;
  Role role = Role::Agent;
  Actor actor;                     // what the audit log records
  std::optional<UserId> user;      // set for sessions
  std::optional<Session> session;  // set for cookie-authenticated calls
  std::optional<ApiTokenId> token;
  // For API tokens: the user the token acts for (ApiToken::created_by), if any.
  std::optional<UserId> token_creator;
  // The tenant requires a second factor of this user's role and they have none yet: until they
  // set one up, they may only do that (and sign out). Never set for API tokens.
  bool must_enrol_two_factor = false;
  // What an API token may do within its role; a session holds every scope.
  TokenScopes scopes = kAllTokenScopes;

  bool isCookieAuthenticated() const { return session.has_value(); }
  // The user a token made now acts for: this user, or the user this token acts for.
  std::optional<UserId> actingUser() const { return user ? user : token_creator; }
};

}  // namespace parley::api
