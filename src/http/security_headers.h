#pragma once
// Headers every answer carries: no sniffing, no framing, a strict CSP, HSTS under TLS.

#include <string_view>
#include <utility>
#include <vector>

namespace parley::http {

inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

inline std::vector<std::pair<std::string_view, std::string_view>> securityHeaders(bool tls) {
  std::vector<std::pair<std::string_view, std::string_view>> headers = {
      {"X-Content-Type-Options", "nosniff"},
      {"Content-Security-Policy", kContentSecurityPolicy},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
  };
  if (tls) {
    headers.emplace_back("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
  return headers;
}

}  // namespace parley::http
