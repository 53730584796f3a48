#include "channels/viber/viber_inbound.h"

#include <gtest/gtest.h>

namespace parley::channels::viber {
namespace {

const TenantId kTenant{"ten_1"};
const ChannelId kChannel{"chn_vb"};

Callback parsed(std::string_view body) {
  auto callback = parseCallback(body);
  EXPECT_TRUE(callback) << callback.error().message;
  return callback ? *callback : Callback{};
}

TEST(ViberInbound, ATextIsStoredWithTheUserAsIdentityAndTheExactToken) {
  auto inbound = toInbound(parsed(R"({"event":"message","timestamp":1717000000000,
      "message_token":4912661846655238145,
      "sender":{"id":"01234567890A=","name":"Ana","language":"de","country":"DE","api_version":10},
      "message":{"type":"text","text":"Hello","tracking_data":"ticket-4711"},"silent":false})"),
                           kTenant, kChannel);
  ASSERT_TRUE(inbound);
  EXPECT_EQ(inbound->identity, "01234567890A=");
  EXPECT_EQ(inbound->contact_name, "Ana");
  EXPECT_EQ(inbound->text, "Hello");
  EXPECT_EQ(inbound->provider_message_id, "4912661846655238145");
  EXPECT_FALSE(inbound->content);
}

TEST(ViberInbound, APictureIsMediaWithItsCaption) {
  auto inbound = toInbound(parsed(R"({"event":"message","timestamp":1,"message_token":7,
      "sender":{"id":"u1"},"message":{"type":"picture","media":"https://m.example/a.jpg",
      "thumbnail":"https://m.example/t.jpg","text":"receipt"}})"),
                           kTenant, kChannel);
  ASSERT_TRUE(inbound);
  EXPECT_EQ(inbound->text, "receipt");
  EXPECT_EQ(inbound->content,
            R"({"media":{"url":"https://m.example/a.jpg","mimeType":null,"caption":"receipt"}})");
}

TEST(ViberInbound, ALocationIsALocationAndStickersAreNamed) {
  auto location = toInbound(parsed(R"({"event":"message","timestamp":1,"message_token":8,
      "sender":{"id":"u1"},"message":{"type":"location","location":{"lat":52.52,"lon":13.405}}})"),
                            kTenant, kChannel);
  ASSERT_TRUE(location);
  EXPECT_EQ(location->content,
            R"({"location":{"latitude":52.5200000,"longitude":13.4050000,"name":null}})");
  auto sticker = toInbound(parsed(R"({"event":"message","timestamp":1,"message_token":9,
      "sender":{"id":"u1"},"message":{"type":"sticker","sticker_id":46105}})"),
                           kTenant, kChannel);
  ASSERT_TRUE(sticker);
  EXPECT_EQ(sticker->text, "[Sticker]");
}

TEST(ViberInbound, CallbacksThatAreNotMessagesAreNotStored) {
  EXPECT_FALSE(toInbound(parsed(R"({"event":"delivered","timestamp":1,"message_token":5,
      "user_id":"u1"})"),
                         kTenant, kChannel));
  EXPECT_FALSE(toInbound(parsed(R"({"event":"webhook","timestamp":1,"message_token":5})"), kTenant,
                         kChannel));
}

}  // namespace
}  // namespace parley::channels::viber
