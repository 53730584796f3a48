#pragma once
// Reading a URL's query string ("a=1&b=x%20y"), for the API's routes and for providers' calls to
// webhooks (Meta's verification handshake).

#include <string>
#include <string_view>

namespace parley {

// The value of one query parameter, percent-decoded ('+' stays '+'); empty when absent.
std::string queryParameter(std::string_view query, std::string_view name);

}  // namespace parley
