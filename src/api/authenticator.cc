#include "api/authenticator.h"

#include "auth/secrets.h"
#include "privacy/crypto.h"

namespace parley::api {

Authenticator::Authenticator(storage::Stores stores, const Clock& clock, auth::SessionPolicy policy)
    : stores_(stores), clock_(clock), policy_(policy) {}

bool isSameOrigin(const Request& request) {
  if (request.origin.empty()) {
    return true;
  }
  const size_t scheme_end = request.origin.find("://");
  if (scheme_end == std::string::npos) {
    return false;
  }
  return std::string_view(request.origin).substr(scheme_end + 3) == request.host;
}

Result<Principal> Authenticator::authenticate(const Request& request, bool record_use) {
  constexpr std::string_view kBearer = "Bearer ";
  if (request.authorization.starts_with(kBearer)) {
    return fromToken(std::string_view(request.authorization).substr(kBearer.size()), record_use);
  }
  const std::string secret = cookieValue(request.cookie, kSessionCookie);
  if (secret.empty()) {
    return fail(ErrorCode::Unauthenticated, "sign in, or send an API token");
  }
  auto principal = fromSession(secret, record_use);
  if (!principal) {
    return principal;
  }
  if (isUnsafe(request.method)) {
    if (!isSameOrigin(request)) {
      return fail(ErrorCode::CsrfFailed, "request from a foreign origin");
    }
    if (!privacy::equalsConstantTime(request.csrf_token, principal->session->csrf_token)) {
      return fail(ErrorCode::CsrfFailed, "missing or wrong X-CSRF-Token header");
    }
  }
  return principal;
}

Result<Principal> Authenticator::fromToken(std::string_view secret, bool record_use) {
  auto token = stores_.tokens->findTokenBySecretHash(auth::secretHash(secret));
  if (!token) {
    return fail(ErrorCode::Unauthenticated, "unknown or revoked API token");
  }
  const TimePoint now = clock_.now();
  if (token->expires_at && now >= *token->expires_at) {
    return fail(ErrorCode::Unauthenticated, "the API token expired");
  }
  if (record_use) {
    noteTokenUse(*token, now);
  }
  Principal principal{token->tenant_id, token->role,  Actor{Actor::Kind::Token, token->id.value},
                      std::nullopt,     std::nullopt, token->id};
  // A scope this version does not know grants nothing.
  principal.scopes = parseTokenScopes(token->scopes).value_or(0);
  principal.token_creator = token->created_by;
  return principal;
}

Result<Principal> Authenticator::fromSession(std::string_view secret, bool record_use) {
  auto session = stores_.sessions->findSessionBySecretHash(auth::secretHash(secret));
  const TimePoint now = clock_.now();
  if (!session || !auth::isSessionLive(*session, policy_, now)) {
    return fail(ErrorCode::Unauthenticated, "session expired or signed out");
  }
  auto user = stores_.users->findUser(session->tenant_id, session->user_id);
  // Deactivation revokes sessions, but a sign-in that was in flight may have made one after.
  if (!user || !user->active()) {
    return fail(ErrorCode::Unauthenticated, "session expired or signed out");
  }
  if (record_use && auth::needsTouch(*session, policy_, now)) {
    stores_.sessions->touchSession(session->tenant_id, session->id, now);
  }
  Principal principal{
      session->tenant_id, user->role,          Actor{Actor::Kind::User, user->id.value},
      user->id,           std::move(*session), std::nullopt};
  if (!user->two_factor_since) {
    auto policy = stores_.two_factor->twoFactorPolicy(user->tenant_id);
    if (!policy) {
      return std::unexpected(policy.error());
    }
    principal.must_enrol_two_factor = policy->appliesTo(user->role);
  }
  return principal;
}

void Authenticator::noteTokenUse(const ApiToken& token, TimePoint now) {
  {
    std::lock_guard lock(token_use_mutex_);
    auto [entry, inserted] = token_last_written_.try_emplace(token.id.value, now);
    if (!inserted) {
      if (now - entry->second < std::chrono::minutes(1)) {
        return;
      }
      entry->second = now;
    }
  }
  stores_.tokens->touchToken(token.tenant_id, token.id, now);
}

}  // namespace parley::api
