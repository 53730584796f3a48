#include "channels/telegram/telegram_inbound.h"

#include <gtest/gtest.h>

namespace parley::channels::telegram {
namespace {

const TenantId kTenant{"ten_1"};
const ChannelId kChannel{"chn_tg"};

Update parsed(std::string_view body) {
  auto update = parseUpdate(body);
  EXPECT_TRUE(update) << update.error().message;
  return update ? *update : Update{};
}

TEST(TelegramInbound, TextIsStoredWithTheChatAsIdentityAndTheSendersName) {
  auto inbound = toInbound(parsed(R"({"update_id":872310041,"message":{"message_id":57,
      "date":1717000000,"from":{"id":123456789,"is_bot":false,"first_name":"Ana","last_name":"Lima"},
      "chat":{"id":123456789,"type":"private"},"text":"Hello"}})"),
                           kTenant, kChannel);
  ASSERT_TRUE(inbound);
  EXPECT_EQ(inbound->message.tenant.value, "ten_1");
  EXPECT_EQ(inbound->message.channel, "chn_tg");
  EXPECT_EQ(inbound->message.identity, "123456789");
  EXPECT_EQ(inbound->message.contact_name, "Ana Lima");
  EXPECT_EQ(inbound->message.text, "Hello");
  EXPECT_EQ(inbound->message.provider_message_id, "123456789:57");
  EXPECT_FALSE(inbound->message.content);
  EXPECT_FALSE(inbound->callback_query_id);
}

TEST(TelegramInbound, APressedButtonIsTheOptionItNamesAndIsAnswered) {
  auto inbound = toInbound(parsed(R"({"update_id":9,"callback_query":{"id":"cb77",
      "from":{"id":5,"is_bot":false,"first_name":"Bo"},"data":"2",
      "message":{"message_id":40,"date":1,"chat":{"id":5,"type":"private"},"text":"Solved?",
        "reply_markup":{"inline_keyboard":[[{"text":"Yes","callback_data":"1"}],
                                           [{"text":"No","callback_data":"2"}]]}}}})"),
                           kTenant, kChannel);
  ASSERT_TRUE(inbound);
  EXPECT_EQ(inbound->message.text, "No");
  EXPECT_EQ(inbound->message.choice, "No");
  EXPECT_EQ(inbound->message.provider_message_id, "callback:cb77");
  EXPECT_EQ(inbound->callback_query_id, "cb77");
}

TEST(TelegramInbound, APressWithoutItsKeyboardKeepsTheButtonsNumberAndNoChoice) {
  auto inbound = toInbound(parsed(R"({"update_id":9,"callback_query":{"id":"cb78",
      "from":{"id":5,"is_bot":false,"first_name":"Bo"},"data":"2",
      "message":{"message_id":40,"date":1,"chat":{"id":5,"type":"private"}}}})"),
                           kTenant, kChannel);
  ASSERT_TRUE(inbound);
  EXPECT_EQ(inbound->message.text, "2");
  EXPECT_FALSE(inbound->message.choice);
}

TEST(TelegramInbound, AnEditIsANewMessageMarkedEdited) {
  auto inbound = toInbound(parsed(R"({"update_id":10,"edited_message":{"message_id":57,
      "date":1717000000,"edit_date":1717000100,"from":{"id":1,"is_bot":false,"first_name":"A"},
      "chat":{"id":1,"type":"private"},"text":"Hello again"}})"),
                           kTenant, kChannel);
  ASSERT_TRUE(inbound);
  EXPECT_EQ(inbound->message.text, "(edited) Hello again");
  EXPECT_EQ(inbound->message.provider_message_id, "1:57:edited:1717000100");
}

TEST(TelegramInbound, ALocationIsStoredAsALocation) {
  auto inbound = toInbound(parsed(R"({"update_id":11,"message":{"message_id":3,"date":1,
      "from":{"id":1,"is_bot":false,"first_name":"A"},"chat":{"id":1,"type":"private"},
      "venue":{"location":{"latitude":52.52,"longitude":13.405},"title":"Shop","address":"X"},
      "location":{"latitude":52.52,"longitude":13.405}}})"),
                           kTenant, kChannel);
  ASSERT_TRUE(inbound);
  EXPECT_EQ(inbound->message.text, "Shop");
  EXPECT_EQ(inbound->message.content,
            R"({"location":{"latitude":52.5200000,"longitude":13.4050000,"name":"Shop"}})");
}

TEST(TelegramInbound, MediaAndContactsAreNamedWithTheirCaption) {
  auto photo = toInbound(parsed(R"({"update_id":12,"message":{"message_id":4,"date":1,
      "from":{"id":1,"is_bot":false,"first_name":"A"},"chat":{"id":1,"type":"private"},
      "photo":[{"file_id":"f","file_unique_id":"u","width":9,"height":9}],"caption":"receipt"}})"),
                         kTenant, kChannel);
  ASSERT_TRUE(photo);
  EXPECT_EQ(photo->message.text, "[Photo] receipt");
  auto contact = toInbound(parsed(R"({"update_id":13,"message":{"message_id":5,"date":1,
      "from":{"id":1,"is_bot":false,"first_name":"A"},"chat":{"id":1,"type":"private"},
      "contact":{"phone_number":"+4915112345678","first_name":"Cy","last_name":"Do"}}})"),
                           kTenant, kChannel);
  ASSERT_TRUE(contact);
  EXPECT_EQ(contact->message.text, "[Contact: Cy Do, +4915112345678]");
}

TEST(TelegramInbound, IgnoredUpdatesAndBotsAreNotStored) {
  EXPECT_FALSE(toInbound(parsed(R"({"update_id":14,"channel_post":{"message_id":1,"date":1,
      "chat":{"id":-100,"type":"channel"},"text":"news"}})"),
                         kTenant, kChannel));
  EXPECT_FALSE(toInbound(parsed(R"({"update_id":15,"message":{"message_id":1,"date":1,
      "from":{"id":2,"is_bot":true,"first_name":"OtherBot"},"chat":{"id":-5,"type":"group"},
      "text":"beep"}})"),
                         kTenant, kChannel));
}

}  // namespace
}  // namespace parley::channels::telegram
