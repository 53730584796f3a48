#pragma once
// HttpClient over Boost.Beast: HTTP/1.1 over TCP or TLS (OpenSSL). Connections are kept alive
// between requests, per peer (scheme, host and port), and TLS sessions are resumed, so a provider
// or webhook called again skips the TCP and TLS handshakes; each request still has a connection of
// its own while it runs, so a slow or broken peer only ever holds its own requests. This header
// stays free of Asio and Beast so that app/ compiles fast.
//
// TLS: the peer's certificate chain is verified against the system's trust store (plus `ca_file`
// when given) and must name the URL's host (DNS name or IP address); SNI is sent for DNS names.
// `verify_peer = false` turns all of that off: for tests against self-signed peers only.
//
// Limits: every request ends within its own timeout (resolving, connecting, TLS, writing and
// reading together), connecting within `connect_timeout`; an answer's headers are limited to
// 16 KiB and its body to `max_response_bytes`. Redirects are not followed (a 3xx is an answer).
//
// Addresses: a URL whose host resolves only to loopback, private, link-local, shared (CGNAT),
// multicast or unspecified addresses is refused (BadRequest, so a delivery fails at once) unless
// `allow_private_addresses`: tenants' webhook URLs must not reach into the operator's network
// (SSRF). The check is on the resolved addresses that are then connected to, so a DNS name pointing
// inward is refused as well.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/http_client.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace parley::net {

struct HttpClientOptions {
  bool verify_peer = true;
  std::filesystem::path ca_file;  // PEM certificates to trust besides the system's
  std::chrono::milliseconds connect_timeout{5000};
  size_t max_response_bytes = 1024 * 1024;
  std::string user_agent = "Parley";
  // Idle connections kept per peer; 0 closes each connection after its request
  // ("Connection: close").
  size_t max_idle_per_peer = 8;
  // Below the keep-alive time of common servers (nginx 75 s, Node.js 5 s is the exception: a
  // connection it closed is noticed before reuse, or the request is retried once).
  std::chrono::milliseconds idle_timeout{30'000};
  bool allow_private_addresses = false;  // for peers on the operator's own network (and tests)
};

// False for the addresses a tenant's URL must not reach (see above); true for public ones.
// An unparsable string is not public.
[[nodiscard]] bool isPublicAddress(std::string_view ip);

class BeastHttpClient final : public HttpClient {
 public:
  // Runs on an event-loop thread of its own. BadRequest when `ca_file` cannot be read.
  [[nodiscard]] static Result<std::unique_ptr<BeastHttpClient>> create(HttpClientOptions options);
  // Runs on `io`, which the caller runs on one thread for as long as the client lives (the
  // exchanges share no strand).
  [[nodiscard]] static Result<std::unique_ptr<BeastHttpClient>> create(HttpClientOptions options,
                                                                       boost::asio::io_context& io);
  // Refuses new requests (their callbacks run at once with NotReady), cancels those in flight
  // (their callbacks run with NotReady), and returns once every callback has run.
  // REQUIRES: not called on a thread that runs the io_context passed in.
  ~BeastHttpClient() override;

  // HttpClient. Never blocks: the exchange runs on the event loop; callbacks run there.
  void send(HttpRequest request, Done done) override;

  struct Impl;  // defined in the .cc

 private:
  explicit BeastHttpClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace parley::net
