#pragma once
// Who is calling: a signed-in user (by session cookie) or an integration (by API token).

#include <optional>

#include "core/model.h"

namespace parley::api {

struct Principal {
  TenantId tenant;
  Role role = Role::Agent;
  Actor actor;                     // what the audit log records
  std::optional<UserId> user;      // set for sessions
  std::optional<Session> session;  // set for cookie-authenticated calls
  std::optional<ApiTokenId> token;

  bool isCookieAuthenticated() const { return session.has_value(); }
};

}  // namespace parley::api
