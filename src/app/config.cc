#include "app/config.h"

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace parley::app {

Result<HostPort> parseListen(std::string_view listen) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return fail(ErrorCode::BadRequest, "--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
  }
  std::string_view host = listen.substr(0, colon);
  if (host.starts_with('[') && host.ends_with(']')) {
    host = host.substr(1, host.size() - 2);
  }
  const std::string_view port_text = listen.substr(colon + 1);
  unsigned port = 0;
  const auto [end, error] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    return fail(ErrorCode::BadRequest, "--listen port must be 0 to 65535");
  }
  return HostPort{std::string(host), static_cast<uint16_t>(port)};
}

Result<std::string> normalizePublicUrl(std::string_view url) {
  std::string normalized(url);
  while (normalized.ends_with('/')) {
    normalized.pop_back();
  }
  const size_t scheme = normalized.starts_with("https://")  ? 8
                        : normalized.starts_with("http://") ? 7
                                                            : 0;
  if (scheme == 0 || normalized.size() == scheme ||
      normalized.find_first_of("?# \t\r\n", scheme) != std::string::npos) {
    return fail(ErrorCode::ValidationFailed,
                "--public-url: an http(s) URL without query, e.g. https://parley.example.com");
  }
  return normalized;
}

std::optional<std::string> masterKeyFromEnvironment() {
  // Read once, then wiped where it was (what /proc/PID/environ shows) and removed from the
  // environment (child processes do not inherit it).
  static const std::optional<std::string> key = [] {
    std::optional<std::string> value;
    if (char* text = std::getenv("PARLEY_MASTER_KEY"); text && *text) {
      value = std::string(text);
      ::explicit_bzero(text, std::strlen(text));
    }
    ::unsetenv("PARLEY_MASTER_KEY");
    return value;
  }();
  return key;
}

}  // namespace parley::app
