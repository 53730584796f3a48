#pragma once
// Reading a URL's query string ("a=1&b=x%20y"), for the API's routes and for providers' calls to
// webhooks (Meta's verification handshake).

#include <string>
#include <string_view>

namespace parley {

// The value of one query parameter, percent-decoded ('+' stays '+'); empty when absent.
std::string queryParameter(std::string_view query, std::string_view name);
// RFC 3986 percent-encoding of everything but unreserved characters (A-Z a-z 0-9 - . _ ~), for a
// value placed in a URL's path segment or query.
std::string percentEncode(std::string_view text);

}  // namespace parley
