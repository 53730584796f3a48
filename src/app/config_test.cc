#include "app/config.h"

#include <gtest/gtest.h>

namespace parley::app {
namespace {

TEST(ParseListen, AcceptsHostAndPort) {
  auto parsed = parseListen("127.0.0.1:8080");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->host, "127.0.0.1");
  EXPECT_EQ(parsed->port, 8080);
  EXPECT_EQ(parseListen("[::1]:0")->host, "::1");
  EXPECT_EQ(parseListen("localhost:0")->port, 0);
}

TEST(ParseListen, RejectsWhatIsNotHostPort) {
  for (const char* bad : {"8080", ":8080", "host:", "host:65536", "host:80x", "host:-1"}) {
    EXPECT_FALSE(parseListen(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace parley::app
