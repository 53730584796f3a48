#include "http/request_framing.h"

#include <gtest/gtest.h>

namespace parley::http {
namespace {

RequestHead usual() { return RequestHead{.version = 11, .target = "/healthz", .host_fields = 1}; }

TEST(RequestFraming, AnOrdinaryRequestPasses) {
  EXPECT_FALSE(framingFault(usual()));
  RequestHead chunked = usual();
  chunked.transfer_encodings = {"Chunked"};
  EXPECT_FALSE(framingFault(chunked));
  RequestHead old = usual();
  old.version = 10;
  old.host_fields = 0;
  EXPECT_FALSE(framingFault(old)) << "HTTP/1.0 may omit Host";
}

TEST(RequestFraming, Http11NeedsExactlyOneHost) {
  RequestHead none = usual();
  none.host_fields = 0;
  EXPECT_TRUE(framingFault(none));
  RequestHead two = usual();
  two.host_fields = 2;
  EXPECT_TRUE(framingFault(two));
  two.version = 10;
  EXPECT_TRUE(framingFault(two)) << "two Hosts are ambiguous in any version";
}

TEST(RequestFraming, TheTargetIsAPath) {
  for (std::string_view target : {"*", "../x", "x", "", "http://example.com/", "?a=1"}) {
    RequestHead head = usual();
    head.target = target;
    EXPECT_TRUE(framingFault(head)) << target;
  }
  RequestHead options = usual();
  options.target = "*";
  options.is_options = true;
  EXPECT_FALSE(framingFault(options)) << "OPTIONS * asks about the server";
}

// `gzip, chunked` ends in chunked, but gzip is not a coding Parley undoes.
TEST(RequestFraming, ATransferEncodingMustEndInChunked) {
  const std::vector<std::vector<std::string_view>> refused = {
      {"chunked, gzip"},   {"gzip"},          {"identity"},        {""}, {" , "},
      {"chunked", "gzip"}, {"gzip, chunked"}, {"chunked, chunked"}};
  RequestHead old = usual();
  old.version = 10;
  old.transfer_encodings = {"chunked"};
  EXPECT_TRUE(framingFault(old)) << "HTTP/1.0 with a Transfer-Encoding";
  for (const auto& fields : refused) {
    RequestHead head = usual();
    head.transfer_encodings = fields;
    EXPECT_TRUE(framingFault(head)) << fields.front();
  }
}

}  // namespace
}  // namespace parley::http
