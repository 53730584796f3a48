#pragma once
// The HTTP client's open connections between requests, per peer ("https://host:port"), and the TLS
// sessions that let a new connection to a peer skip the full handshake. Internal to net/: only
// http_client.cc includes it.
//
// A connection goes back to the pool when a final answer was read whole and the peer did not ask to
// close it; it is taken again only if its peer has not closed it meanwhile (a peek, skipped for a
// connection idle under kTrustedIdle). A close the peek cannot see (one still in flight) fails the
// request, which the client sends again on a new connection when it may be repeated.
// Limits: `max_idle_per_peer` per peer and kMaxIdle in all. A connection idle longer than
// `idle_timeout` is never reused; it is closed the next time the pool is used (no timer: until then
// an idle connection the peer closed holds its file descriptor).

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "net/asio.h"
// After net/asio.h, which must come first.
#include <boost/asio/ssl.hpp>

namespace parley::net {

// The client's streams run on its io_context's own executor type, not the type-erased
// any_io_executor: that erasure cost a fifth of the client's time per request.
using ClientExecutor = asio::io_context::executor_type;
using ClientStream = beast::basic_stream<tcp, ClientExecutor>;
using ClientTlsStream = beast::ssl_stream<ClientStream>;

// One open connection, plain or TLS, owned by one exchange at a time or by the pool.
struct HttpConnection {
  ClientStream::socket_type& socket() {
    return tls ? beast::get_lowest_layer(*tls).socket() : plain->socket();
  }
  void close() {
    boost::system::error_code ignored;
    if (tls || plain) {
      socket().close(ignored);
    }
  }
  // False when the peer has closed it (or sent something unasked on a plain connection).
  [[nodiscard]] bool looksOpen();

  std::optional<ClientStream> plain;
  std::optional<ClientTlsStream> tls;
  bool reused = false;  // it carried an exchange before the current one
  std::chrono::steady_clock::time_point idle_since;
};

class HttpConnectionPool {
 public:
  static constexpr size_t kMaxIdle = 256;
  static constexpr size_t kMaxSessions = 1024;
  static constexpr std::chrono::milliseconds kTrustedIdle{200};

  HttpConnectionPool(size_t max_idle_per_peer, std::chrono::milliseconds idle_timeout)
      : max_idle_per_peer_(max_idle_per_peer), idle_timeout_(idle_timeout) {}
  ~HttpConnectionPool();
  HttpConnectionPool(const HttpConnectionPool&) = delete;
  HttpConnectionPool& operator=(const HttpConnectionPool&) = delete;

  bool enabled() const { return max_idle_per_peer_ > 0; }
  // The most recently used open connection to `peer`, or null.
  [[nodiscard]] std::unique_ptr<HttpConnection> take(const std::string& peer);
  // Keeps `connection` for the next request to `peer`, or closes it when the pool is full.
  void put(const std::string& peer, std::unique_ptr<HttpConnection> connection);
  // Closes every idle connection.
  void clear();

  // TLS: offers the last resumable session with `peer` to a new connection's handshake, and
  // remembers the session of one that has read an answer (TLS 1.3 tickets arrive after the
  // handshake).
  void offerSession(const std::string& peer, SSL* ssl);
  void rememberSession(const std::string& peer, SSL* ssl);

 private:
  void dropExpired(std::chrono::steady_clock::time_point now);  // REQUIRES: mutex_ held

  const size_t max_idle_per_peer_;
  const std::chrono::milliseconds idle_timeout_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::vector<std::unique_ptr<HttpConnection>>> idle_;
  size_t idle_count_ = 0;
  std::unordered_map<std::string, SSL_SESSION*> sessions_;  // owned references
};

}  // namespace parley::net
