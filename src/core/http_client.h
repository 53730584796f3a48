#pragma once
// What a lower layer asks of an HTTP peer (the outbox calls webhooks and providers through it).
// `http/` implements it with Beast and `app/` injects it; tests use a fake.

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"

namespace parley {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "POST";
  std::string url;  // http:// or https://, with host, optional port and target
  HttpHeaders headers;
  std::string body;
  // The whole exchange: resolving, connecting, TLS, writing and reading the answer.
  std::chrono::milliseconds timeout{10'000};
  // The largest answer body taken (PayloadTooLarge above it); 0: the client's own limit. A file
  // download sets its own.
  size_t max_response_bytes = 0;
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
};

class HttpClient {
 public:
  using Done = std::move_only_function<void(Result<HttpResponse>)>;

  virtual ~HttpClient() = default;
  // Starts the exchange and returns at once; `done` runs exactly once, on a thread of the
  // client's, with the peer's answer whatever its status, or with an error when no answer came:
  // BadRequest (a URL the client cannot use), RequestTimeout, PayloadTooLarge (the answer is
  // bigger than the client accepts), NotReady (the peer could not be reached, TLS failed, the
  // connection broke, or the client is shutting down).
  virtual void send(HttpRequest request, Done done) = 0;
};

}  // namespace parley
