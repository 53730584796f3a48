#include "api/render.h"
#include "api/routes.h"
#include "auth/password.h"
#include "auth/secrets.h"
#include "privacy/blind_index.h"
#include "privacy/crypto.h"

namespace parley::api {
namespace {

constexpr size_t kMaxUserAgentBytes = 256;

std::string cookie(std::string_view name, std::string_view value, int64_t max_age_seconds,
                   bool http_only, bool secure) {
  std::string header = std::string(name) + "=" + std::string(value) +
                       "; Path=/; SameSite=Strict; Max-Age=" + std::to_string(max_age_seconds);
  if (http_only) {
    header += "; HttpOnly";
  }
  if (secure) {
    header += "; Secure";
  }
  return header;
}

void addSessionCookies(Response& response, const ApiContext& context, std::string_view secret,
                       std::string_view csrf, int64_t max_age) {
  response.headers.emplace_back(
      "Set-Cookie", cookie(kSessionCookie, secret, max_age, true, context.secure_cookies));
  response.headers.emplace_back("Set-Cookie",
                                cookie(kCsrfCookie, csrf, max_age, false, context.secure_cookies));
}

void publishRevoked(ApiContext& context, const Principal& principal, const SessionId& session) {
  context.events.publish(events::Event{principal.tenant, principal.user, session,
                                       R"({"type":"session.revoked"})", true});
}

// Every sign-in checks the password this many times, whatever the email: against the person's
// users in their oldest tenants (or the one named), and against nothing for the rest. How long it
// takes then tells nobody how many tenants have a user with that email (an admin could otherwise
// add an email and time a sign-in to learn whether other tenants have it). A person in more
// tenants reaches the others by naming one.
constexpr size_t kPasswordChecksPerSignIn = 3;

// {"tenants":[{"id","name"}]}: the password is right in several tenants; the client asks which
// and signs in again with "tenant". Said only to someone who knows the password for each.
void respondChooseTenant(ApiContext& context, Call call, const std::vector<User>& users) {
  JsonWriter json;
  json.beginObject().key("tenants").beginArray();
  for (const User& user : users) {
    auto tenant = context.stores.tenants->findTenant(user.tenant_id);
    json.beginObject()
        .field("id", user.tenant_id.value)
        .field("name", tenant ? tenant->name : user.tenant_id.value)
        .endObject();
  }
  json.endArray().endObject();
  call.respond(Response::json(200, json.take()));
}

// Runs on the blocking pool: the password check is deliberately slow.
void finishSignIn(ApiContext& context, Call call, std::string email, std::string password,
                  std::optional<std::string> tenant, std::string account) {
  auto found = context.stores.users->findUsersByEmail(email);
  if (!found) {
    call.fail(found.error());
    return;
  }
  if (tenant) {
    std::erase_if(*found, [&](const storage::UserCredentials& each) {
      return each.user.tenant_id.value != *tenant;
    });
  }
  if (found->size() > kPasswordChecksPerSignIn) {
    found->resize(kPasswordChecksPerSignIn);
  }
  std::vector<User> matching;
  for (storage::UserCredentials& candidate : *found) {
    if (auth::verifyPassword(candidate.password_hash, password)) {
      matching.push_back(std::move(candidate.user));
    }
  }
  for (size_t check = found->size(); check < kPasswordChecksPerSignIn; ++check) {
    auth::burnVerificationTime(password);
  }
  if (matching.empty()) {  // counted as a failure already, when the attempt began
    call.fail(ErrorCode::InvalidCredentials, "email or password is wrong");
    return;
  }
  context.throttle.recordSuccess(account, call.request.remote_address);
  if (matching.size() > 1) {
    respondChooseTenant(context, std::move(call), matching);
    return;
  }
  User& user = matching.front();
  if (!user.active()) {  // said only to someone who knows the password
    call.fail(ErrorCode::Forbidden, "this account is deactivated: ask an admin of your workspace");
    return;
  }
  if (user.two_factor_since) {
    respondSecondFactorNeeded(context, std::move(call), user);
    return;
  }
  respondSignedIn(context, std::move(call), std::move(user), 200);
}

}  // namespace

void respondSignedIn(ApiContext& context, Call call, User user, int status) {
  if (!user.active()) {  // deactivated between the password and the second factor
    call.fail(ErrorCode::Forbidden, "this account is deactivated: ask an admin of your workspace");
    return;
  }
  const TimePoint now = context.clock.now();
  const auth::SessionPolicy& policy = context.authenticator.policy();
  Session session{privacy::newId<SessionTag>(),
                  user.tenant_id,
                  user.id,
                  auth::newCsrfToken(),
                  call.request.user_agent.substr(0, kMaxUserAgentBytes),
                  now,
                  now,
                  now + policy.absolute};
  std::string secret = auth::newSessionSecret();
  const std::string secret_hash = auth::secretHash(secret);
  context.stores.sessions->createSession(
      session, secret_hash,
      [&context, call = std::move(call), user = std::move(user), secret = std::move(secret),
       status](Result<Session> created) mutable {
        if (!created) {
          call.fail(created.error());
          return;
        }
        JsonWriter json;
        json.beginObject().key("user");
        renderUser(json, user);
        json.field("csrfToken", created->csrf_token).endObject();
        Response response = Response::json(status, json.take());
        const auto max_age = std::chrono::duration_cast<std::chrono::seconds>(
            context.authenticator.policy().absolute);
        addSessionCookies(response, context, secret, created->csrf_token, max_age.count());
        call.respond(std::move(response));
      });
}

namespace {

void signIn(ApiContext& context, Call call) {
  // Login CSRF: a foreign page must not sign a browser in to an account of its choosing.
  if (!isSameOrigin(call.request)) {
    call.fail(ErrorCode::CsrfFailed, "sign-in from a foreign origin");
    return;
  }
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto email = body->requiredString("email", 320);
  auto password = body->requiredString("password", auth::kMaxPasswordLength);
  auto tenant = body->optionalString("tenant", 64);  // the one chosen when several answered
  if (!email || !password || !tenant) {
    call.fail(!email ? email.error() : !password ? password.error() : tenant.error());
    return;
  }
  std::string account = privacy::normalizeEmail(*email);
  if (auto wait = context.throttle.beginAttempt(account, call.request.remote_address)) {
    Response response =
        Response::error({ErrorCode::TooManyAttempts, "too many failed sign-ins; try again later"});
    response.headers.emplace_back("Retry-After", std::to_string(wait->count()));
    call.respond(std::move(response));
    return;
  }
  call.request.body = std::string();  // parsed already; a queued job keeps only what it needs
  context.blocking.post([&context, call = std::move(call), email = std::move(*email),
                         password = std::move(*password), tenant = std::move(*tenant),
                         account = std::move(account)](bool admitted) mutable {
    if (!admitted) {
      respondBusy(call);
      return;
    }
    finishSignIn(context, std::move(call), std::move(email), std::move(password), std::move(tenant),
                 std::move(account));
  });
}

void signOut(ApiContext& context, Call call) {
  if (!call.principal->isCookieAuthenticated()) {
    call.fail(ErrorCode::Forbidden, "API tokens are revoked through /api/v1/tokens");
    return;
  }
  // Copies: `call` is moved into the callback, and argument evaluation order is unspecified.
  const TenantId tenant = call.principal->tenant;
  const UserId user = *call.principal->user;
  const SessionId session = call.principal->session->id;
  context.stores.sessions->revokeSession(
      tenant, user, session,
      [&context, call = std::move(call), session](Result<void> revoked) mutable {
        if (!revoked && revoked.error().code != ErrorCode::NotFound) {
          call.fail(revoked.error());
          return;
        }
        publishRevoked(context, *call.principal, session);
        Response response = Response::noContent();
        addSessionCookies(response, context, "", "", 0);
        call.respond(std::move(response));
      });
}

bool requireUser(Call& call) {
  if (!call.principal->user) {
    call.fail(ErrorCode::Forbidden, "API tokens have no profile or sessions");
    return false;
  }
  return true;
}

void getMe(ApiContext& context, Call call) {
  if (!requireUser(call)) {
    return;
  }
  auto user = context.stores.users->findUser(call.principal->tenant, *call.principal->user);
  if (!user) {
    call.fail(user.error());
    return;
  }
  call.respond(Response::json(200, userDocument(*user)));
}

void patchMe(ApiContext& context, Call call) {
  if (!requireUser(call)) {
    return;
  }
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto display_name = body->requiredString("displayName", 100);
  if (!display_name || display_name->empty()) {
    call.fail(display_name ? Error{ErrorCode::ValidationFailed, "displayName must not be empty"}
                           : display_name.error());
    return;
  }
  // Copies: `call` is moved into the callback, and argument evaluation order is unspecified.
  const TenantId tenant = call.principal->tenant;
  const UserId user = *call.principal->user;
  const Actor actor = call.principal->actor;
  context.stores.users->updateDisplayName(
      tenant, user, std::move(*display_name), actor,
      [&context, call = std::move(call)](Result<User> updated) mutable {
        if (!updated) {
          call.fail(updated.error());
          return;
        }
        publishUserUpdated(context, *updated);
        call.respond(Response::json(200, userDocument(*updated)));
      });
}

void listMySessions(ApiContext& context, Call call) {
  if (!requireUser(call)) {
    return;
  }
  const Principal& principal = *call.principal;
  auto sessions = context.stores.sessions->listSessions(principal.tenant, *principal.user);
  if (!sessions) {
    call.fail(sessions.error());
    return;
  }
  const TimePoint now = context.clock.now();
  JsonWriter json;
  json.beginObject().key("items").beginArray();
  for (const Session& session : *sessions) {
    if (auth::isSessionLive(session, context.authenticator.policy(), now)) {
      renderSession(json, session, principal.session && principal.session->id == session.id);
    }
  }
  json.endArray().endObject();
  call.respond(Response::json(200, json.take()));
}

void revokeMySession(ApiContext& context, Call call) {
  if (!call.principal->user) {
    call.fail(ErrorCode::NotFound, "no such session");  // a token owns no sessions
    return;
  }
  // Copies: `call` is moved into the callback, and argument evaluation order is unspecified.
  const TenantId tenant = call.principal->tenant;
  const UserId user = *call.principal->user;
  const SessionId session{call.params[0]};
  context.stores.sessions->revokeSession(
      tenant, user, session,
      [&context, call = std::move(call), session](Result<void> revoked) mutable {
        if (!revoked) {
          call.fail(revoked.error());
          return;
        }
        publishRevoked(context, *call.principal, session);
        call.respond(Response::noContent());
      });
}

}  // namespace

void addAuthRoutes(Router& router, ApiContext& context) {
  auto bind = [&context](auto handler) { return withContext(context, handler); };
  router.add(Method::Post, "/api/v1/auth/sign-in", Access::Public, bind(signIn));
  router.add(Method::Post, "/api/v1/auth/sign-out", Access::EnrolmentAllowed, bind(signOut));
  router.add(Method::Get, "/api/v1/me", Access::EnrolmentAllowed, bind(getMe));
  router.add(Method::Patch, "/api/v1/me", Access::SignedIn, bind(patchMe));
  router.add(Method::Get, "/api/v1/me/sessions", Access::SignedIn, bind(listMySessions));
  router.add(Method::Delete, "/api/v1/me/sessions/{id}", Access::SignedIn, bind(revokeMySession));
}

}  // namespace parley::api
