#pragma once
// How the HTTP server listens and what it tolerates (S1, S7).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "http/client_address.h"

namespace parley::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: the OS picks a free port
  size_t threads = 0;    // 0: one per core
  size_t max_body_bytes = 1 << 20;
  size_t max_header_bytes = 8 * 1024;
  std::chrono::seconds request_timeout{
      30};  // for every read: headers, body, the next keep-alive request
  std::chrono::seconds shutdown_grace{10};  // in-flight work gets this long after SIGTERM
  bool tls = false;
  std::filesystem::path tls_cert_file;
  std::filesystem::path tls_key_file;
  bool behind_tls_proxy = false;  // read X-Forwarded-For and mark cookies Secure
  // Peers whose X-Forwarded-For entries are believed (client_address.h).
  std::vector<IpNetwork> trusted_proxies = loopbackNetworks();
  std::filesystem::path web_root;      // the built web UI; empty: no static files
  size_t websocket_queue_limit = 256;  // frames queued for one slow client before it is closed
  std::chrono::seconds live_recheck{
      30};  // how often a live socket's session or token is re-checked
};

}  // namespace parley::http
