#include "http/client_address.h"

#include <arpa/inet.h>

namespace parley::http {
namespace {

std::optional<std::array<uint8_t, 16>> parseAddress(std::string_view text) {
  if (text.starts_with('[') && text.ends_with(']')) {
    text = text.substr(1, text.size() - 2);
  }
  if (text.empty() || text.size() > 45) {
    return std::nullopt;
  }
  const std::string address(text);
  std::array<uint8_t, 16> bytes{};
  if (inet_pton(AF_INET6, address.c_str(), bytes.data()) == 1) {
    return bytes;
  }
  std::array<uint8_t, 4> v4{};
  if (inet_pton(AF_INET, address.c_str(), v4.data()) == 1) {
    bytes[10] = 0xFF;
    bytes[11] = 0xFF;
    std::copy(v4.begin(), v4.end(), bytes.begin() + 12);
    return bytes;
  }
  return std::nullopt;
}

bool contains(const IpNetwork& network, const std::array<uint8_t, 16>& address) {
  int bits = network.prefix_bits;
  for (size_t index = 0; index < 16 && bits > 0; ++index, bits -= 8) {
    const uint8_t mask = bits >= 8 ? 0xFF : static_cast<uint8_t>(0xFF << (8 - bits));
    if ((network.bytes[index] & mask) != (address[index] & mask)) {
      return false;
    }
  }
  return true;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

// An entry as some proxies write it, with a port ("1.2.3.4:5678", "[2001:db8::1]:443"): the
// address alone.
std::string_view withoutPort(std::string_view entry) {
  if (entry.starts_with('[')) {
    const size_t close = entry.find(']');
    return close == std::string_view::npos ? entry : entry.substr(1, close - 1);
  }
  const size_t colon = entry.find(':');
  if (colon != std::string_view::npos && entry.find(':', colon + 1) == std::string_view::npos) {
    return entry.substr(0, colon);  // IPv4 with a port; an IPv6 address has several colons
  }
  return entry;
}

}  // namespace

std::optional<IpNetwork> parseIpNetwork(std::string_view text) {
  const size_t slash = text.find('/');
  const bool v4 = text.substr(0, slash).find(':') == std::string_view::npos;
  auto address = parseAddress(text.substr(0, slash));
  if (!address) {
    return std::nullopt;
  }
  IpNetwork network{.bytes = *address, .prefix_bits = 128};
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    int bits = 0;
    if (digits.empty() || digits.size() > 3) {
      return std::nullopt;
    }
    for (char c : digits) {
      if (c < '0' || c > '9') {
        return std::nullopt;
      }
      bits = bits * 10 + (c - '0');
    }
    if (bits > (v4 ? 32 : 128)) {
      return std::nullopt;
    }
    network.prefix_bits = v4 ? 96 + bits : bits;
  }
  return network;
}

std::vector<IpNetwork> loopbackNetworks() {
  return {*parseIpNetwork("127.0.0.0/8"), *parseIpNetwork("::1")};
}

bool isInAny(const std::vector<IpNetwork>& networks, std::string_view address) {
  auto parsed = parseAddress(trimmed(address));
  if (!parsed) {
    return false;
  }
  for (const IpNetwork& network : networks) {
    if (contains(network, *parsed)) {
      return true;
    }
  }
  return false;
}

std::string clientAddress(std::string_view peer, std::string_view forwarded_for,
                          const std::vector<IpNetwork>& trusted_proxies) {
  std::string_view client = peer;
  while (isInAny(trusted_proxies, client) && !forwarded_for.empty()) {
    const size_t comma = forwarded_for.rfind(',');
    const std::string_view entry = withoutPort(
        trimmed(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1)));
    forwarded_for =
        comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    if (!parseAddress(entry)) {
      break;  // not an address (a proxy's "unknown", garbage): the last trusted hop is all we know
    }
    client = entry;
  }
  return std::string(client);
}

}  // namespace parley::http
