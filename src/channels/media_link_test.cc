// Links providers fetch agents' files through: signed for one file of one tenant, for an hour.
#include "channels/media_link.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace parley::channels {
namespace {

const privacy::SecretKey kKey(std::string(32, 'k'));
const TenantId kTenant{"ten_a"};
const MediaId kMedia{"med_0123"};
const TimePoint kNow = TimePoint{} + std::chrono::hours(24 * 365 * 50);

struct Link {
  std::string expires;
  std::string sig;
};

Link parse(const std::string& url) {
  const std::string prefix =
      "https://parley.example/api/v1/media/med_0123/shared?tenant=ten_a&expires=";
  EXPECT_TRUE(url.starts_with(prefix)) << url;
  const std::string rest = url.substr(prefix.size());
  const size_t amp = rest.find("&sig=");
  return {rest.substr(0, amp), rest.substr(amp + 5)};
}

TEST(SharedMediaLink, OpensItsFileUntilItExpires) {
  const Link link = parse(
      sharedMediaUrl("https://parley.example", kKey, kTenant, kMedia, kNow + kMediaLinkLifetime));
  EXPECT_TRUE(verifySharedMedia(kKey, kTenant, kMedia, link.expires, link.sig, kNow));
  EXPECT_TRUE(
      verifySharedMedia(kKey, kTenant, kMedia, link.expires, link.sig, kNow + kMediaLinkLifetime));
  EXPECT_FALSE(verifySharedMedia(kKey, kTenant, kMedia, link.expires, link.sig,
                                 kNow + kMediaLinkLifetime + std::chrono::seconds(1)));
}

TEST(SharedMediaLink, NothingElseOpensIt) {
  const Link link = parse(
      sharedMediaUrl("https://parley.example", kKey, kTenant, kMedia, kNow + kMediaLinkLifetime));
  EXPECT_FALSE(verifySharedMedia(kKey, kTenant, MediaId{"med_0124"}, link.expires, link.sig, kNow));
  EXPECT_FALSE(verifySharedMedia(kKey, TenantId{"ten_b"}, kMedia, link.expires, link.sig, kNow));
  EXPECT_FALSE(verifySharedMedia(privacy::SecretKey(std::string(32, 'x')), kTenant, kMedia,
                                 link.expires, link.sig, kNow));
  // A later expiry with the same signature, or a malformed one.
  const std::string later = std::to_string(std::stoll(link.expires) + 3600);
  EXPECT_FALSE(verifySharedMedia(kKey, kTenant, kMedia, later, link.sig, kNow));
  for (std::string_view expires : {"", "abc", "12x", "-1", "99999999999999999999999"}) {
    EXPECT_FALSE(verifySharedMedia(kKey, kTenant, kMedia, expires, link.sig, kNow)) << expires;
  }
  EXPECT_FALSE(verifySharedMedia(kKey, kTenant, kMedia, link.expires, "", kNow));
  EXPECT_FALSE(verifySharedMedia(kKey, kTenant, kMedia, link.expires, link.sig + "00", kNow));
}

TEST(SharedMediaLink, StoredFilesInContentBecomeLinksAndNothingElseChanges) {
  const std::string stored =
      R"({"media":{"id":"med_0123","url":"/api/v1/media/med_0123","mimeType":"image/png","name":"a.png","size":12,"caption":"hi"}})";
  auto shared = withSharedMediaLinks(stored, "https://parley.example", kKey, kTenant, kNow);
  ASSERT_TRUE(shared.has_value()) << shared.error().message;
  const auto json = nlohmann::json::parse(*shared);
  const Link link = parse(json["media"]["url"].get<std::string>());
  EXPECT_TRUE(verifySharedMedia(kKey, kTenant, kMedia, link.expires, link.sig, kNow));
  EXPECT_EQ(json["media"]["caption"], "hi");
  EXPECT_EQ(json["media"]["size"], 12);

  for (const std::string& content : std::vector<std::string>{
           R"({"text":"hello"})", R"({"media":{"url":"https://cdn.example/a.png","caption":null}})",
           "not json"}) {
    auto same = withSharedMediaLinks(content, "", kKey, kTenant, kNow);
    ASSERT_TRUE(same.has_value());
    EXPECT_EQ(*same, content);
  }
  auto unreachable = withSharedMediaLinks(stored, "", kKey, kTenant, kNow);
  ASSERT_FALSE(unreachable.has_value());
  EXPECT_NE(unreachable.error().message.find("--public-url"), std::string::npos);
}

}  // namespace
}  // namespace parley::channels
