#include "http/client_address.h"

#include <gtest/gtest.h>

namespace parley::http {
namespace {

std::vector<IpNetwork> networks(std::initializer_list<const char*> texts) {
  std::vector<IpNetwork> parsed;
  for (const char* text : texts) {
    auto network = parseIpNetwork(text);
    EXPECT_TRUE(network) << text;
    parsed.push_back(*network);
  }
  return parsed;
}

TEST(ClientAddress, NetworksMatchTheirAddressesOnly) {
  const auto trusted = networks({"10.0.0.0/8", "192.168.1.7", "fd00::/8"});
  EXPECT_TRUE(isInAny(trusted, "10.200.3.4"));
  EXPECT_TRUE(isInAny(trusted, "::ffff:10.1.1.1")) << "IPv4-mapped, as a dual-stack socket says";
  EXPECT_TRUE(isInAny(trusted, "192.168.1.7"));
  EXPECT_FALSE(isInAny(trusted, "192.168.1.8"));
  EXPECT_TRUE(isInAny(trusted, "fd12::1"));
  EXPECT_FALSE(isInAny(trusted, "11.0.0.1"));
  EXPECT_FALSE(isInAny(trusted, "not an address"));
  for (const char* bad : {"", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x", "300.1.1.1"}) {
    EXPECT_FALSE(parseIpNetwork(bad)) << bad;
  }
}

TEST(ClientAddress, APeerThatIsNoTrustedProxyIsTheClientWhateverItSends) {
  EXPECT_EQ(clientAddress("203.0.113.9", "198.51.100.1", loopbackNetworks()), "203.0.113.9");
}

TEST(ClientAddress, TrustedProxiesAreWalkedBackToTheFirstUntrustedAddress) {
  const auto trusted = networks({"127.0.0.1", "10.0.0.0/8"});
  // The client forged the first entry; the outer proxy (10.0.0.5) saw 198.51.100.7, and the
  // local proxy saw 10.0.0.5.
  EXPECT_EQ(clientAddress("127.0.0.1", "1.2.3.4, 198.51.100.7, 10.0.0.5", trusted), "198.51.100.7");
  EXPECT_EQ(clientAddress("127.0.0.1", "198.51.100.7", trusted), "198.51.100.7");
  EXPECT_EQ(clientAddress("127.0.0.1", "", trusted), "127.0.0.1");
  EXPECT_EQ(clientAddress("127.0.0.1", "10.0.0.5", trusted), "10.0.0.5")
      << "only proxies: the farthest one is all there is";
  EXPECT_EQ(clientAddress("127.0.0.1", "unknown, 10.0.0.5", trusted), "10.0.0.5");
  EXPECT_EQ(clientAddress("127.0.0.1", "2001:db8::1 ,  10.0.0.5", trusted), "2001:db8::1");
  EXPECT_EQ(clientAddress("127.0.0.1", "198.51.100.7:5678, 10.0.0.5:80", trusted), "198.51.100.7")
      << "entries with ports, as some proxies write them";
  EXPECT_EQ(clientAddress("127.0.0.1", "[2001:db8::1]:443", trusted), "2001:db8::1");
}

}  // namespace
}  // namespace parley::http
