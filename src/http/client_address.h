#pragma once
// Who the client is when a proxy stands in front (S7): X-Forwarded-For is believed only as far as
// it was written by proxies Parley trusts. Walking the header from its end (what the nearest
// proxy appended) back, each trusted proxy's entry leads to the next; the first address that is
// not a trusted proxy is the client. Anything a client wrote before that is ignored, and a peer
// that is not a trusted proxy is the client itself, whatever it sends.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::http {

// An IPv4 or IPv6 network ("10.0.0.0/8", "::1", "192.168.1.7"); IPv4 held as IPv4-mapped IPv6.
struct IpNetwork {
  std::array<uint8_t, 16> bytes{};
  int prefix_bits = 128;
};

std::optional<IpNetwork> parseIpNetwork(std::string_view text);
// 127.0.0.0/8 and ::1: a proxy on the same machine.
std::vector<IpNetwork> loopbackNetworks();
bool isInAny(const std::vector<IpNetwork>& networks, std::string_view address);

std::string clientAddress(std::string_view peer, std::string_view forwarded_for,
                          const std::vector<IpNetwork>& trusted_proxies);

}  // namespace parley::http
