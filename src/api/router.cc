#include "api/router.h"

#include <algorithm>
#include <cctype>

namespace parley::api {
namespace {

std::vector<std::string_view> splitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const size_t end = path.find('/');
    segments.push_back(path.substr(0, end));
    if (end == std::string_view::npos) {
      break;
    }
    path.remove_prefix(end);
  }
  return segments;
}

// Every '%' starts a two-digit hex escape.
bool hasWellFormedEscapes(std::string_view text) {
  for (size_t index = 0; index < text.size(); ++index) {
    if (text[index] != '%') {
      continue;
    }
    if (index + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[index + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(text[index + 2]))) {
      return false;
    }
    index += 2;
  }
  return true;
}

}  // namespace

void respondBusy(Call& call) {
  Response response =
      Response::error({ErrorCode::NotReady, "the server is busy; try again shortly"});
  response.headers.emplace_back("Retry-After", "1");
  call.respond(std::move(response));
}

void Router::add(Method method, std::string pattern, Access access, Handler handler) {
  std::vector<std::string> segments;
  for (std::string_view segment : splitPath(pattern)) {
    segments.emplace_back(segment);
  }
  routes_.push_back(Route{method, std::move(segments), access, std::nullopt,
                          requiredScope(method, pattern), std::move(handler)});
}

std::vector<std::pair<Method, std::string>> Router::routes() const {
  std::vector<std::pair<Method, std::string>> listed;
  for (const Route& route : routes_) {
    std::string pattern;
    for (const std::string& segment : route.segments) {
      pattern += "/" + segment;
    }
    listed.emplace_back(route.method, std::move(pattern));
  }
  return listed;
}

void Router::add(Method method, std::string pattern, Permission permission, Handler handler) {
  add(method, std::move(pattern), Access::SignedIn, std::move(handler));
  routes_.back().permission = permission;
}

void Router::allowLargerBody(Method method, std::string_view pattern, size_t max_bytes) {
  const std::vector<std::string_view> segments = splitPath(pattern);
  for (Route& route : routes_) {
    if (route.method == method && std::equal(route.segments.begin(), route.segments.end(),
                                             segments.begin(), segments.end())) {
      route.max_body_bytes = max_bytes;
    }
  }
}

size_t Router::maxBodyBytes(Method method, std::string_view path, size_t otherwise) const {
  const std::vector<std::string_view> segments = splitPath(path);
  for (const Route& route : routes_) {
    if (route.method == method && route.max_body_bytes != 0 && match(route, segments)) {
      return route.max_body_bytes;
    }
  }
  return otherwise;
}

size_t Router::largestBodyBytes(size_t otherwise) const {
  size_t largest = otherwise;
  for (const Route& route : routes_) {
    largest = std::max(largest, route.max_body_bytes);
  }
  return largest;
}

std::optional<std::vector<std::string>> Router::match(const Route& route,
                                                      const std::vector<std::string_view>& path) {
  if (route.segments.size() != path.size()) {
    return std::nullopt;
  }
  std::vector<std::string> params;
  for (size_t index = 0; index < path.size(); ++index) {
    const std::string& expected = route.segments[index];
    if (expected.starts_with('{')) {
      params.emplace_back(path[index]);
    } else if (expected != path[index]) {
      return std::nullopt;
    }
  }
  return params;
}

std::optional<Response> Router::rateLimit(const Request& request,
                                          const Principal* principal) const {
  if (!limits_) {
    return std::nullopt;
  }
  if (!principal && limits_->per_address.limits()) {
    if (const RateDecision decision = limits_->per_address.take(request.remote_address);
        !decision.allowed) {
      return rateLimited(decision, "address");
    }
  }
  if (principal && principal->token && limits_->per_token.limits()) {
    if (const RateDecision decision = limits_->per_token.take(principal->token->value);
        !decision.allowed) {
      return rateLimited(decision, "API token");
    }
  }
  return std::nullopt;
}

void Router::dispatch(Request request, Respond respond) const {
  if (!hasWellFormedEscapes(request.path) || !hasWellFormedEscapes(request.query)) {
    respond(Response::error({ErrorCode::BadRequest, "malformed percent-escape in the URL"}));
    return;
  }
  if (limits_ && limits_->per_address.limits()) {
    const RateDecision decision = limits_->per_address.take(request.remote_address);
    if (!decision.allowed) {
      respond(rateLimited(decision, "address"));
      return;
    }
  }
  const std::vector<std::string_view> path = splitPath(request.path);
  const Route* found = nullptr;
  std::vector<std::string> params;
  bool path_exists = false;
  const Method method = request.method == Method::Head ? Method::Get : request.method;
  for (const Route& route : routes_) {
    auto matched = match(route, path);
    if (!matched) {
      continue;
    }
    path_exists = true;
    if (route.method == method) {
      found = &route;
      params = std::move(*matched);
      break;
    }
  }
  if (!found) {
    respond(Response::error(path_exists
                                ? Error{ErrorCode::MethodNotAllowed, "method not allowed here"}
                                : Error{ErrorCode::NotFound, "no such endpoint"}));
    return;
  }
  Call call{std::move(request), std::nullopt, std::move(params), std::move(respond)};
  if (found->access != Access::Public) {
    auto principal = authenticator_.authenticate(call.request);
    if (!principal) {
      call.fail(principal.error());
      return;
    }
    if (principal->must_enrol_two_factor && found->access != Access::EnrolmentAllowed) {
      call.fail(ErrorCode::TwoFactorRequired,
                "your role signs in with a second factor: set it up in your profile first");
      return;
    }
    if (found->permission && !isAllowed(principal->role, *found->permission)) {
      call.fail(ErrorCode::Forbidden, "your role may not do this");
      return;
    }
    if (!holds(principal->scopes, found->scope)) {
      call.fail(ErrorCode::Forbidden,
                "this API token lacks the scope " + std::string(tokenScopeName(found->scope)));
      return;
    }
    if (principal->token && limits_ && limits_->per_token.limits()) {
      const RateDecision decision = limits_->per_token.take(principal->token->value);
      if (!decision.allowed) {
        call.respond(rateLimited(decision, "API token"));
        return;
      }
      // An integration sees how much room it has left on every answer.
      call.respond = [respond = std::move(call.respond), decision](Response response) mutable {
        addRateLimitHeaders(response, decision);
        respond(std::move(response));
      };
    }
    call.principal = std::move(*principal);
  }
  found->handler(std::move(call));
}

}  // namespace parley::api
