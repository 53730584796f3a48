#include <gtest/gtest.h>

#include "channels/messenger/ms_api.h"
#include "channels/messenger/ms_inbound.h"
#include "channels/messenger/ms_settings.h"
#include "channels/messenger/ms_webhook.h"

namespace parley::channels::messenger {
namespace {

const TenantId kTenant{"ten_1"};
const ChannelId kChannel{"chn_1"};

TEST(MessengerWebhook, ReadsMessagesPostbacksReactionsDeliveriesAndEchoesInOrder) {
  auto events = parseMessengerWebhook(
      R"({"object":"page","entry":[{"id":"111","time":1717000000000,"messaging":[
    {"sender":{"id":"PSID1"},"recipient":{"id":"111"},"timestamp":1717000000000,"message":{"mid":"m_1","text":"hello","quick_reply":{"payload":"opt:Tuesday afternoon"}}},
    {"sender":{"id":"PSID1"},"recipient":{"id":"111"},"timestamp":1717000001000,"message":{"mid":"m_2","attachments":[{"type":"image","payload":{"url":"https://cdn.example/a.jpg"}}],"reply_to":{"mid":"m_0"}}},
    {"sender":{"id":"PSID1"},"recipient":{"id":"111"},"timestamp":1717000002000,"postback":{"title":"Talk to a human","payload":"HUMAN","mid":"m_3"}},
    {"sender":{"id":"PSID1"},"recipient":{"id":"111"},"timestamp":1717000003000,"reaction":{"mid":"m_9","action":"react","emoji":"\u2764"}},
    {"sender":{"id":"PSID1"},"recipient":{"id":"111"},"timestamp":1717000004000,"delivery":{"mids":["m_9"],"watermark":1717000003999}},
    {"sender":{"id":"111"},"recipient":{"id":"PSID1"},"timestamp":1717000005000,"message":{"mid":"m_10","is_echo":true,"app_id":123,"text":"from the inbox"}}]},
    {"id":"111","time":1,"standby":[{"sender":{"id":"PSID2"},"recipient":{"id":"111"},"timestamp":1717000006000,"read":{"watermark":1717000005000}}]}]})");
  ASSERT_TRUE(events.has_value()) << events.error().message;
  ASSERT_EQ(events->size(), 7u);
  const auto& e = *events;
  EXPECT_EQ(e[0].kind, MsKind::Message);
  EXPECT_EQ(toInbound(e[0], kTenant, kChannel)->choice, "Tuesday afternoon");
  EXPECT_EQ(toInbound(e[0], kTenant, kChannel)->sent_at, fromUnixMillis(1717000000000));
  ASSERT_NE(downloadable(e[1]), nullptr);
  EXPECT_EQ(downloadable(e[1])->url, "https://cdn.example/a.jpg");
  EXPECT_EQ(e[1].reply_to, "m_0");
  EXPECT_EQ(e[2].kind, MsKind::Postback);
  EXPECT_EQ(toInbound(e[2], kTenant, kChannel)->text, "Talk to a human");
  EXPECT_EQ(toInbound(e[2], kTenant, kChannel)->choice, "Talk to a human");
  EXPECT_EQ(toInbound(e[3], kTenant, kChannel)->text, "[reacted \xE2\x9D\xA4]");
  EXPECT_EQ(e[4].kind, MsKind::Delivery);
  EXPECT_EQ(e[4].mids, std::vector<std::string>{"m_9"});
  EXPECT_EQ(e[5].kind, MsKind::Echo);
  EXPECT_FALSE(toInbound(e[5], kTenant, kChannel).has_value()) << "echoes are not routed";
  EXPECT_EQ(e[6].kind, MsKind::Read);
  EXPECT_EQ(e[6].sender, "PSID2");
}

TEST(MessengerWebhook, ShowsInstagramStoryRepliesAndMentionsAsSuch) {
  auto events =
      parseMessengerWebhook(R"({"object":"instagram","entry":[{"id":"999","time":1,"messaging":[
    {"sender":{"id":"IGSID"},"recipient":{"id":"999"},"timestamp":1717000000000,"message":{"mid":"m_s","text":"Love it!","reply_to":{"story":{"id":"1","url":"https://lookaside.fbsbx.com/story"}}}},
    {"sender":{"id":"IGSID"},"recipient":{"id":"999"},"timestamp":1717000001000,"message":{"mid":"m_t","attachments":[{"type":"story_mention","payload":{"url":"https://lookaside.fbsbx.com/mention"}}]}}]}]})");
  ASSERT_TRUE(events.has_value()) << events.error().message;
  ASSERT_EQ(events->size(), 2u);
  EXPECT_TRUE((*events)[0].instagram);
  EXPECT_EQ(toInbound((*events)[0], kTenant, kChannel)->text,
            "[Replied to your story] Love it!\nhttps://lookaside.fbsbx.com/story");
  EXPECT_EQ(toInbound((*events)[1], kTenant, kChannel)->text,
            "[Mentioned you in their story] https://lookaside.fbsbx.com/mention");
  EXPECT_EQ(downloadable((*events)[1]), nullptr) << "story media is not kept";
}

TEST(MessengerWebhook, WithoutATimestampTheWindowCountsFromArrival) {
  auto events = parseMessengerWebhook(
      R"({"object":"page","entry":[{"id":"111","messaging":[{"sender":{"id":"P"},"message":{"mid":"m_1","text":"hi"}}]}]})");
  ASSERT_TRUE(events.has_value()) << events.error().message;
  auto inbound = toInbound((*events)[0], kTenant, kChannel);
  ASSERT_TRUE(inbound.has_value());
  EXPECT_FALSE(inbound->sent_at.has_value());
  EXPECT_EQ(inbound->reply_window, kReplyWindow);
}

TEST(MessengerWebhook, RefusesWhatIsNotAMessengerWebhook) {
  EXPECT_FALSE(parseMessengerWebhook("{"));
  EXPECT_EQ(
      parseMessengerWebhook(R"({"object":"whatsapp_business_account","entry":[]})").error().message,
      "object must be page or instagram");
  EXPECT_EQ(
      parseMessengerWebhook(R"({"object":"page","entry":[{"messaging":[]}]})").error().message,
      "entry[0].id is missing");
  EXPECT_EQ(parseMessengerWebhook(
                R"({"object":"page","entry":[{"id":"1","messaging":[{"timestamp":1}]}]})")
                .error()
                .message,
            "entry[0].messaging[0].sender is missing");
}

TEST(MessengerApi, RepliesInsideTheWindowAndTaggedAfterIt) {
  auto inside = buildSend({.recipient = "PSID1"}, R"({"text":"Hi!"})");
  ASSERT_TRUE(inside.has_value()) << inside.error().message;
  EXPECT_EQ(*inside,
            R"({"message":{"text":"Hi!"},"messaging_type":"RESPONSE","recipient":{"id":"PSID1"}})");
  auto tagged = buildSend({.recipient = "PSID1", .human_agent = true}, R"({"text":"Hi!"})");
  EXPECT_EQ(
      *tagged,
      R"({"message":{"text":"Hi!"},"messaging_type":"MESSAGE_TAG","recipient":{"id":"PSID1"},"tag":"HUMAN_AGENT"})");
}

TEST(MessengerApi, ChoicesAreQuickRepliesFilesGoByLinkAndInstagramCountsBytes) {
  auto choices = buildSend(
      {.recipient = "P"},
      R"({"choices":{"text":"When?","options":["Monday","A much longer option than twenty"]}})");
  ASSERT_TRUE(choices.has_value()) << choices.error().message;
  EXPECT_NE(
      choices->find(
          R"({"content_type":"text","payload":"opt:A much longer option than twenty","title":"A much longer option"})"),
      std::string::npos)
      << *choices;
  auto file = buildSend(
      {.recipient = "P"},
      R"({"media":{"url":"https://p.example/m/1","mimeType":"application/pdf","caption":"Invoice"}})");
  ASSERT_TRUE(file.has_value());
  EXPECT_NE(
      file->find(
          R"("attachment":{"payload":{"is_reusable":true,"url":"https://p.example/m/1"},"type":"file"})"),
      std::string::npos);
  EXPECT_NE(captionSend({.recipient = "P"},
                        R"({"media":{"url":"https://p.example/m/1","caption":"Invoice"}})")
                ->find(R"("text":"Invoice")"),
            std::string::npos);
  const std::string long_text = "{\"text\":\"" + std::string(999, 'a') + "\"}";
  EXPECT_TRUE(buildSend({.recipient = "P", .instagram = true}, long_text));
  EXPECT_FALSE(buildSend({.recipient = "P", .instagram = true},
                         "{\"text\":\"" + std::string(1000, 'a') + "\"}"));
  EXPECT_TRUE(buildSend({.recipient = "P"}, "{\"text\":\"" + std::string(1000, 'a') + "\"}"));
  EXPECT_FALSE(buildSend({.recipient = "P"}, R"({"template":{"name":"x","language":"en"}})"));
  EXPECT_EQ(parseSentId(R"({"recipient_id":"P","message_id":"m_1"})").value_or(""), "m_1");
}

TEST(MessengerSettings, InstagramNeedsItsAccountId) {
  auto object = JsonObject::parse(R"({"pageId":"111","humanAgentTag":true})");
  ASSERT_TRUE(object.has_value());
  auto page = readMessengerSettings(*object, false);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_TRUE(page->human_agent_tag);
  EXPECT_EQ(page->graph.url, "https://graph.facebook.com");
  auto instagram = readMessengerSettings(*object, true);
  ASSERT_FALSE(instagram);
  EXPECT_EQ(instagram.error().message.substr(0, 29), "settings.instagramAccountId: ");
}

}  // namespace
}  // namespace parley::channels::messenger
