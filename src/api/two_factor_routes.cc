// Two-factor sign-in (S3): the second step of signing in, a user's own enrolment (secret, QR URI,
// confirmation by a first code, recovery codes shown once), turning it off, an admin's reset, and
// the tenant's policy of which roles must use it. The policy is enforced for every request by the
// authenticator and the router (Principal::must_enrol_two_factor).
#include "api/render.h"
#include "api/routes.h"
#include "auth/sign_in_challenge.h"
#include "auth/totp.h"

namespace parley::api {
namespace {

constexpr size_t kMaxCodeBytes = 32;

// What a sign-in challenge is bound to: spending a code or a recovery code changes it.
std::string factorState(const storage::SecondFactor& factor) {
  return std::to_string(factor.last_step) + ":" + std::to_string(factor.recovery_codes_left);
}

// Failed codes count against the user (and the address) in the sign-in throttle, beside failed
// passwords: five wrong codes in 15 minutes and the user waits.
std::string throttleAccount(const UserId& user) { return "second-factor:" + user.value; }

void respondThrottled(Call& call, std::chrono::seconds wait) {
  Response response =
      Response::error({ErrorCode::TooManyAttempts, "too many wrong codes; try again later"});
  response.headers.emplace_back("Retry-After", std::to_string(wait.count()));
  call.respond(std::move(response));
}

void renderStatus(JsonWriter& json, const User& user, const storage::SecondFactor* factor,
                  bool required) {
  json.beginObject()
      .key("enabled")
      .boolean(user.two_factor_since.has_value())
      .key("enabledAt")
      .optionalString(user.two_factor_since ? std::optional(formatRfc3339(*user.two_factor_since))
                                            : std::nullopt)
      .key("recoveryCodesLeft")
      .number(factor && factor->confirmed_at ? static_cast<int64_t>(factor->recovery_codes_left)
                                             : 0)
      .key("required")
      .boolean(required)
      .endObject();
}

// {"twoFactor": {enabled, enabledAt, recoveryCodesLeft, required}}, plus `codes` as
// "recoveryCodes" when given (shown once).
Result<std::string> statusDocument(ApiContext& context, const TenantId& tenant, const UserId& id,
                                   const std::vector<std::string>* codes = nullptr) {
  auto user = context.stores.users->findUser(tenant, id);
  if (!user) {
    return std::unexpected(user.error());
  }
  auto policy = context.stores.two_factor->twoFactorPolicy(tenant);
  if (!policy) {
    return std::unexpected(policy.error());
  }
  auto factor = context.stores.two_factor->findSecondFactor(tenant, id);
  if (!factor && factor.error().code != ErrorCode::NotFound) {
    return std::unexpected(factor.error());
  }
  JsonWriter json;
  json.beginObject().key("twoFactor");
  renderStatus(json, *user, factor ? &*factor : nullptr, policy->appliesTo(user->role));
  if (codes) {
    json.key("recoveryCodes").beginArray();
    for (const std::string& code : *codes) {
      json.string(code);
    }
    json.endArray();
  }
  json.endObject();
  return json.take();
}

void respondStatus(ApiContext& context, Call& call, int status,
                   const std::vector<std::string>* codes = nullptr) {
  auto document = statusDocument(context, call.principal->tenant, *call.principal->user, codes);
  if (!document) {
    call.fail(document.error());
    return;
  }
  call.respond(Response::json(status, std::move(*document)));
}

// The {"code"} a request carries: the app's current code.
Result<std::string> codeOf(const Request& request) {
  auto body = jsonBody(request);
  if (!body) {
    return std::unexpected(body.error());
  }
  return body->requiredString("code", kMaxCodeBytes);
}

bool requireUser(Call& call) {
  if (!call.principal->user) {
    call.fail(ErrorCode::Forbidden, "API tokens sign in with no second factor");
    return false;
  }
  return true;
}

std::vector<std::string> normalized(const std::vector<std::string>& codes) {
  std::vector<std::string> result;
  for (const std::string& code : codes) {
    result.push_back(auth::normalizeRecoveryCode(code));
  }
  return result;
}

// Checks a current code of the user's confirmed second factor and spends its step, then calls
// `next`; answers the call itself when the code is wrong, reused or throttled.
void withCurrentCode(ApiContext& context, Call call, std::string code,
                     std::move_only_function<void(Call)> next) {
  const TenantId tenant = call.principal ? call.principal->tenant : TenantId{};
  const UserId user = call.principal && call.principal->user ? *call.principal->user : UserId{};
  const std::string address = call.request.remote_address;
  if (auto wait = context.throttle.beginAttempt(throttleAccount(user), address)) {
    respondThrottled(call, *wait);
    return;
  }
  auto factor = context.stores.two_factor->findSecondFactor(tenant, user);
  if (!factor || !factor->confirmed_at) {
    call.fail(ErrorCode::Conflict, "two-factor sign-in is off");
    return;
  }
  auto step = auth::matchTotp(factor->secret, code, context.clock.now(), factor->last_step);
  if (!step) {
    call.fail(ErrorCode::InvalidCredentials, "the code is wrong or was used already");
    return;
  }
  context.stores.two_factor->useStep(
      tenant, user, *step,
      [&context, call = std::move(call), next = std::move(next), user,
       address](Result<void> used) mutable {
        if (!used) {
          call.fail(
              used.error().code == ErrorCode::Conflict
                  ? Error{ErrorCode::InvalidCredentials, "the code is wrong or was used already"}
                  : used.error());
          return;
        }
        context.throttle.recordSuccess(throttleAccount(user), address);
        next(std::move(call));
      });
}

// POST /api/v1/auth/sign-in/second-factor {challenge, code | recoveryCode}
void signInSecondFactor(ApiContext& context, Call call) {
  if (!isSameOrigin(call.request)) {
    call.fail(ErrorCode::CsrfFailed, "sign-in from a foreign origin");
    return;
  }
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto token = body->requiredString("challenge", 512);
  auto code = body->optionalString("code", kMaxCodeBytes);
  auto recovery = body->optionalString("recoveryCode", kMaxCodeBytes);
  if (!token || !code || !recovery) {
    call.fail(!token ? token.error() : !code ? code.error() : recovery.error());
    return;
  }
  if (code->has_value() == recovery->has_value()) {
    call.fail(ErrorCode::ValidationFailed, "send either code or recoveryCode");
    return;
  }
  const TimePoint now = context.clock.now();
  // The challenge names the user; it is checked against their factor's state as it is now.
  auto named = auth::readSignInChallenge(*token);
  auto user = named ? context.stores.users->findUser(named->tenant, named->user)
                    : Result<User>(fail(ErrorCode::NotFound, "no challenge"));
  auto factor = user ? context.stores.two_factor->findSecondFactor(user->tenant_id, user->id)
                     : Result<storage::SecondFactor>(fail(ErrorCode::NotFound, "no user"));
  if (!factor || !factor->confirmed_at ||
      !auth::checkSignInChallenge(*context.sign_in_challenge_key, *token, now,
                                  factorState(*factor))) {
    call.fail(ErrorCode::InvalidCredentials, "the sign-in expired; enter your password again");
    return;
  }
  const std::string account = throttleAccount(user->id);
  const std::string address = call.request.remote_address;
  if (auto wait = context.throttle.beginAttempt(account, address)) {
    respondThrottled(call, *wait);
    return;
  }
  auto signedIn = [&context, user = *user, account, address](Result<void> proven,
                                                             Call call) mutable {
    if (!proven) {
      call.fail(ErrorCode::InvalidCredentials, "the code is wrong or was used already");
      return;
    }
    context.throttle.recordSuccess(account, address);
    respondSignedIn(context, std::move(call), std::move(user), 200);
  };
  if (recovery->has_value()) {
    context.stores.two_factor->useRecoveryCode(
        user->tenant_id, user->id, auth::normalizeRecoveryCode(**recovery),
        Actor{Actor::Kind::User, user->id.value},
        [call = std::move(call), signedIn = std::move(signedIn)](Result<size_t> left) mutable {
          signedIn(left ? Result<void>() : std::unexpected(left.error()), std::move(call));
        });
    return;
  }
  auto step = auth::matchTotp(factor->secret, **code, now, factor->last_step);
  if (!step) {
    signedIn(fail(ErrorCode::InvalidCredentials, "wrong code"), std::move(call));
    return;
  }
  context.stores.two_factor->useStep(
      user->tenant_id, user->id, *step,
      [call = std::move(call), signedIn = std::move(signedIn)](Result<void> used) mutable {
        signedIn(used, std::move(call));
      });
}

// GET /api/v1/me/two-factor
void getMyTwoFactor(ApiContext& context, Call call) {
  if (requireUser(call)) {
    respondStatus(context, call, 200);
  }
}

// POST /api/v1/me/two-factor: a new secret, waiting for its first code. 201 {secret, otpauthUri}.
void startMyTwoFactor(ApiContext& context, Call call) {
  if (!requireUser(call)) {
    return;
  }
  const TenantId tenant = call.principal->tenant;
  const UserId user_id = *call.principal->user;
  auto user = context.stores.users->findUser(tenant, user_id);
  auto organisation = context.stores.tenants->findTenant(tenant);
  if (!user || !organisation) {
    call.fail(!user ? user.error() : organisation.error());
    return;
  }
  std::string secret = auth::newTotpSecret();
  JsonWriter json;
  json.beginObject()
      .field("secret", auth::base32Encode(secret))
      .field("otpauthUri",
             auth::otpauthUri("Parley (" + organisation->name + ")", user->email, secret))
      .endObject();
  context.stores.two_factor->startEnrolment(
      tenant, user_id, std::move(secret),
      [call = std::move(call), document = json.take()](Result<void> started) mutable {
        if (!started) {
          call.fail(started.error());
          return;
        }
        call.respond(Response::json(201, std::move(document)));
      });
}

// POST /api/v1/me/two-factor/confirm {code}: the first code turns it on; the recovery codes are
// in the answer, and nowhere else ever again.
void confirmMyTwoFactor(ApiContext& context, Call call) {
  if (!requireUser(call)) {
    return;
  }
  auto code = codeOf(call.request);
  if (!code) {
    call.fail(code.error());
    return;
  }
  const TenantId tenant = call.principal->tenant;
  const UserId user = *call.principal->user;
  auto factor = context.stores.two_factor->findSecondFactor(tenant, user);
  if (!factor || factor->confirmed_at) {
    call.fail(ErrorCode::Conflict,
              factor ? "two-factor sign-in is on already" : "start the enrolment first");
    return;
  }
  auto step = auth::matchTotp(factor->secret, *code, context.clock.now(), 0);
  if (!step) {
    call.fail(ErrorCode::ValidationFailed,
              "the code does not match: check that the phone's clock is right, and type the "
              "code the app shows now");
    return;
  }
  auto codes = std::make_shared<std::vector<std::string>>(auth::newRecoveryCodes());
  const Actor actor = call.principal->actor;
  context.stores.two_factor->confirmEnrolment(
      tenant, user, factor->secret, *step, normalized(*codes), actor,
      [&context, call = std::move(call), codes](Result<void> confirmed) mutable {
        if (!confirmed) {
          call.fail(confirmed.error());
          return;
        }
        respondStatus(context, call, 200, codes.get());
      });
}

// POST /api/v1/me/two-factor/recovery-codes {code}: ten new codes; the old ones stop working.
void replaceMyRecoveryCodes(ApiContext& context, Call call) {
  if (!requireUser(call)) {
    return;
  }
  auto code = codeOf(call.request);
  if (!code) {
    call.fail(code.error());
    return;
  }
  withCurrentCode(context, std::move(call), std::move(*code), [&context](Call call) {
    auto codes = std::make_shared<std::vector<std::string>>(auth::newRecoveryCodes());
    const TenantId tenant = call.principal->tenant;
    const UserId user = *call.principal->user;
    const Actor actor = call.principal->actor;
    context.stores.two_factor->replaceRecoveryCodes(
        tenant, user, normalized(*codes), actor,
        [&context, call = std::move(call), codes](Result<void> replaced) mutable {
          if (!replaced) {
            call.fail(replaced.error());
            return;
          }
          respondStatus(context, call, 200, codes.get());
        });
  });
}

// DELETE /api/v1/me/two-factor {code}: turns it off, unless the tenant requires it of the role.
void removeMyTwoFactor(ApiContext& context, Call call) {
  if (!requireUser(call)) {
    return;
  }
  auto code = codeOf(call.request);
  if (!code) {
    call.fail(code.error());
    return;
  }
  auto policy = context.stores.two_factor->twoFactorPolicy(call.principal->tenant);
  if (!policy) {
    call.fail(policy.error());
    return;
  }
  if (policy->appliesTo(call.principal->role)) {
    call.fail(ErrorCode::Conflict, "your organisation requires a second factor for your role");
    return;
  }
  withCurrentCode(context, std::move(call), std::move(*code), [&context](Call call) {
    const TenantId tenant = call.principal->tenant;
    const UserId user = *call.principal->user;
    const Actor actor = call.principal->actor;
    context.stores.two_factor->removeSecondFactor(
        tenant, user, actor, [&context, call = std::move(call)](Result<void> removed) mutable {
          if (!removed) {
            call.fail(removed.error());
            return;
          }
          respondStatus(context, call, 200);
        });
  });
}

// DELETE /api/v1/users/{id}/two-factor: an admin resets a user's second factor (a lost phone).
// The user signs in with the password alone next time, and enrols again if their role must.
void resetUserTwoFactor(ApiContext& context, Call call) {
  const TenantId tenant = call.principal->tenant;
  const UserId user{call.params[0]};
  if (auto found = context.stores.users->findUser(tenant, user); !found) {
    call.fail(found.error());
    return;
  }
  const Actor actor = call.principal->actor;
  context.stores.two_factor->removeSecondFactor(
      tenant, user, actor,
      [&context, call = std::move(call), tenant, user](Result<void> removed) mutable {
        if (!removed) {
          call.fail(removed.error());
          return;
        }
        // Reconnecting, their sockets are checked again: refused if their role requires a
        // second factor they no longer have.
        if (auto updated = context.stores.users->findUser(tenant, user)) {
          publishUserUpdated(context, *updated, /*reconnect=*/true);
        }
        call.respond(Response::noContent());
      });
}

std::string securityDocument(const storage::TwoFactorPolicy& policy) {
  JsonWriter json;
  json.beginObject().key("security").beginObject().key("twoFactorRequiredFor").beginArray();
  for (Role role : policy.required_for) {
    json.string(roleName(role));
  }
  json.endArray().endObject().endObject();
  return json.take();
}

// GET /api/v1/settings/security
void getSecurity(ApiContext& context, Call call) {
  auto policy = context.stores.two_factor->twoFactorPolicy(call.principal->tenant);
  if (!policy) {
    call.fail(policy.error());
    return;
  }
  call.respond(Response::json(200, securityDocument(*policy)));
}

// PUT /api/v1/settings/security {twoFactorRequiredFor: [role…]}
void putSecurity(ApiContext& context, Call call) {
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto names = body->optionalStrings("twoFactorRequiredFor", 8, 20);
  if (!names || !names->has_value()) {
    call.fail(names ? Error{ErrorCode::ValidationFailed, "twoFactorRequiredFor is required"}
                    : names.error());
    return;
  }
  storage::TwoFactorPolicy policy;
  for (const std::string& name : **names) {
    auto role = roleFromName(name);
    if (!role) {
      call.fail(role.error());
      return;
    }
    if (!policy.appliesTo(*role)) {
      policy.required_for.push_back(*role);
    }
  }
  const TenantId tenant = call.principal->tenant;
  const Actor actor = call.principal->actor;
  context.stores.two_factor->setTwoFactorPolicy(
      tenant, std::move(policy), actor,
      [call = std::move(call)](Result<storage::TwoFactorPolicy> saved) mutable {
        if (!saved) {
          call.fail(saved.error());
          return;
        }
        call.respond(Response::json(200, securityDocument(*saved)));
      });
}

}  // namespace

void respondSecondFactorNeeded(ApiContext& context, Call call, const User& user) {
  const TimePoint now = context.clock.now();
  auto factor = context.stores.two_factor->findSecondFactor(user.tenant_id, user.id);
  if (!factor) {
    call.fail(factor.error());
    return;
  }
  JsonWriter json;
  json.beginObject()
      .key("twoFactor")
      .beginObject()
      .field("challenge", auth::issueSignInChallenge(*context.sign_in_challenge_key, user.tenant_id,
                                                     user.id, now, factorState(*factor)))
      .field("expiresAt", formatRfc3339(now + auth::kSignInChallengeLifetime))
      .endObject()
      .endObject();
  call.respond(Response::json(200, json.take()));
}

void addTwoFactorRoutes(Router& router, ApiContext& context) {
  auto bind = [&context](auto handler) { return withContext(context, handler); };
  router.add(Method::Post, "/api/v1/auth/sign-in/second-factor", Access::Public,
             bind(signInSecondFactor));
  router.add(Method::Get, "/api/v1/me/two-factor", Access::EnrolmentAllowed, bind(getMyTwoFactor));
  router.add(Method::Post, "/api/v1/me/two-factor", Access::EnrolmentAllowed,
             bind(startMyTwoFactor));
  router.add(Method::Post, "/api/v1/me/two-factor/confirm", Access::EnrolmentAllowed,
             bind(confirmMyTwoFactor));
  router.add(Method::Post, "/api/v1/me/two-factor/recovery-codes", Access::SignedIn,
             bind(replaceMyRecoveryCodes));
  router.add(Method::Delete, "/api/v1/me/two-factor", Access::SignedIn, bind(removeMyTwoFactor));
  router.add(Method::Delete, "/api/v1/users/{id}/two-factor", Permission::ManageUsers,
             bind(resetUserTwoFactor));
  router.add(Method::Get, "/api/v1/settings/security", Permission::ManageUsers, bind(getSecurity));
  router.add(Method::Put, "/api/v1/settings/security", Permission::ManageUsers, bind(putSecurity));
}

}  // namespace parley::api
