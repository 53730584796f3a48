#pragma once
// `parley serve` settings: from the config file, then PARLEY_* environment variables, then flags
// (CLI11 applies that order). Every option is documented in README.md.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace parley::app {

struct ServeConfig {
  std::filesystem::path data_dir = "./data";
  std::string listen = "127.0.0.1:8080";
  std::filesystem::path web_root;  // empty: web/dist beside the source tree the binary was built in
  bool tls = false;
  std::filesystem::path tls_cert;
  std::filesystem::path tls_key;
  bool behind_tls_proxy = false;
  size_t threads = 0;
  size_t max_body_bytes = 1 << 20;
  int64_t request_timeout_seconds = 30;
  int64_t shutdown_grace_seconds = 10;
  int64_t session_idle_minutes = 30;
  int64_t session_absolute_hours = 12;
  int64_t live_recheck_seconds = 30;
  std::filesystem::path webhook_ca_file;  // trusted for outbound webhooks besides the system's CAs
  bool webhook_allow_private =
      false;  // let webhooks reach loopback/private addresses (SSRF guard off)
  std::string log_level = "info";
  std::string log_format = "text";  // or "json": one object per line (json_log_formatter.h)
  // Where providers (Telegram's webhooks…) reach Parley: "https://parley.example.com". "" unknown.
  std::string public_url;
  // Start even when contacts name keys the key store lacks (a lost or older parley-keys.db): they
  // are marked erased. Off: the start fails and says how many.
  bool accept_lost_contact_keys = false;
  // Requests a second (S7), with ten seconds' worth as a burst; 0 turns a limit off.
  double rate_limit_per_token = 100;
  double rate_limit_per_address = 200;
  double rate_limit_widget_per_address = 10;  // web chat sessions and sockets started
  // With --behind-tls-proxy: peers whose X-Forwarded-For is believed (addresses or networks).
  std::vector<std::string> trusted_proxies = {"127.0.0.0/8", "::1"};
  // An agent whose last live socket closed is set offline this long after (0: never).
  int64_t presence_grace_seconds = 120;
  // Backups (O1): daily at this UTC time ("off": none), into this directory (empty:
  // DATA/backups), the newest `backup_keep` kept, and `backup_keep_keys` of the key store.
  std::string backup_at = "03:00";
  std::filesystem::path backup_dir;
  size_t backup_keep = 14;
  size_t backup_keep_keys = 3;
};

// A public URL as given: http(s), a host, no query or fragment; trailing slashes dropped.
// ValidationFailed otherwise.
[[nodiscard]] Result<std::string> normalizePublicUrl(std::string_view url);

struct HostPort {
  std::string host;
  uint16_t port;
};

// "127.0.0.1:8080", "[::1]:0", "localhost:8080".
[[nodiscard]] Result<HostPort> parseListen(std::string_view listen);

// The master key from PARLEY_MASTER_KEY, when set.
std::optional<std::string> masterKeyFromEnvironment();

}  // namespace parley::app
