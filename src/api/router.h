#pragma once
// Maps method + path to a handler and enforces who may call it before the handler runs:
// authentication, CSRF for cookie-authenticated writes, and the route's permission (S5). Unknown
// paths are 404, known paths with another method 405. Patterns are literal segments and `{name}`
// placeholders.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/authenticator.h"
#include "api/http_types.h"
#include "api/rate_limiter.h"

namespace parley::api {

// One call to a handler. The handler owns it and must call `respond` exactly once, from any thread.
struct Call {
  Request request;
  std::optional<Principal> principal;  // set for every route that is not Public
  std::vector<std::string> params;     // the `{…}` segments, in order
  Respond respond;

  void fail(ErrorCode code, std::string message) {
    respond(Response::error({code, std::move(message)}));
  }
  void fail(const Error& error) { respond(Response::error(error)); }
};

using Handler = std::function<void(Call)>;

// 503 with Retry-After: the slow-work pool is full.
void respondBusy(Call& call);

// EnrolmentAllowed: signed in, and open also to a user who must set up a second factor first (S3):
// their profile, the enrolment itself, signing out. Every other signed-in route refuses them.
enum class Access { Public, SignedIn, EnrolmentAllowed };

class Router {
 public:
  explicit Router(Authenticator& authenticator) : authenticator_(authenticator) {}

  // Every request is counted against its client address, and a token's against the token; none
  // when unset.
  void useRateLimits(RateLimits* limits) { limits_ = limits; }
  // The rate limits of a request that is not dispatched here (a live socket's upgrade): the 429
  // answer when its address, or the API token of `principal` once known, is over its limit.
  std::optional<Response> rateLimit(const Request& request, const Principal* principal) const;

  void add(Method method, std::string pattern, Access access, Handler handler);
  void add(Method method, std::string pattern, Permission permission, Handler handler);

  void dispatch(Request request, Respond respond) const;

  // A route that takes bodies larger than the server's --max-body-bytes (a file upload).
  // REQUIRES: the route was added.
  void allowLargerBody(Method method, std::string_view pattern, size_t max_bytes);
  // The largest body a request to `method` `path` may carry: its route's, or `otherwise`. Asked
  // before the request is authenticated: the server grants it to signed-in callers only.
  size_t maxBodyBytes(Method method, std::string_view path, size_t otherwise) const;
  // The largest of every route's, or `otherwise` when larger.
  size_t largestBodyBytes(size_t otherwise) const;

  // Every route as "METHOD /pattern/{param}" (for the OpenAPI check).
  std::vector<std::pair<Method, std::string>> routes() const;

 private:
  struct Route {
    Method method;
    std::vector<std::string> segments;
    Access access;
    std::optional<Permission> permission;
    TokenScope scope;  // what an API token needs to call it
    Handler handler;
    size_t max_body_bytes = 0;  // 0: the server's limit
  };
  static std::optional<std::vector<std::string>> match(const Route& route,
                                                       const std::vector<std::string_view>& path);

  Authenticator& authenticator_;
  RateLimits* limits_ = nullptr;
  std::vector<Route> routes_;
};

}  // namespace parley::api
