#pragma once
// The HTTP request and response as the API sees them: plain data, no Beast. The network layer fills
// a Request, and sends whatever Response the API hands to `Respond`, from whichever thread it is
// called on.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/query_string.h"

namespace parley::api {

enum class Method { Get, Head, Post, Put, Patch, Delete, Options, Other };

// Methods that change state: cookie-authenticated calls with these need the CSRF header.
inline bool isUnsafe(Method method) {
  return method == Method::Post || method == Method::Put || method == Method::Patch ||
         method == Method::Delete;
}

struct Request {
  Method method = Method::Get;
  std::string path;   // decoded of nothing: ids and names in paths are plain ASCII
  std::string query;  // after '?', raw
  std::string body;
  // The headers the API reads.
  std::string content_type;
  std::string cookie;
  std::string authorization;
  std::string csrf_token;       // X-CSRF-Token
  std::string idempotency_key;  // Idempotency-Key (I1)
  std::string origin;
  std::string host;
  std::string user_agent;
  std::string remote_address;
  // Every X-… header (names in lower case), for channels' webhooks: providers sign with them.
  std::vector<std::pair<std::string, std::string>> x_headers;
  bool secure = false;  // arrived over TLS, or from the TLS proxy we were told we sit behind
};

// A body too large to hold at once (an export), made piece by piece while it is sent.
class BodyStream {
 public:
  virtual ~BodyStream() = default;
  // The next piece; empty once the body is complete. An error cuts the connection, so the client
  // sees a truncated body, never a complete-looking one. Called on the network thread, one piece
  // at a time: each call may read storage, but briefly.
  [[nodiscard]] virtual Result<std::string> next() = 0;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Set-Cookie, Retry-After…
  // When set, the body (sent chunked) comes from here and `body` is ignored.
  std::shared_ptr<BodyStream> stream;

  static Response json(int status, std::string body);
  static Response noContent();
  // The one error shape: {"error":{"code":"…","message":"…"}} with the code's status.
  static Response error(const Error& error);
};

int httpStatus(ErrorCode code);

using Respond = std::move_only_function<void(Response)>;

// The value of one cookie; empty when absent.
std::string cookieValue(std::string_view cookie_header, std::string_view name);

}  // namespace parley::api
