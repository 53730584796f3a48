#include "channels/viber/viber_callback.h"

#include <gtest/gtest.h>

#include <string>

namespace parley::channels::viber {
namespace {

// channels.md §5.1, byte for byte.
constexpr std::string_view kTextMessage =
    R"({"event":"message","timestamp":1717000000000,"message_token":4912661846655238145,
 "sender":{"id":"01234567890A=","name":"Ana","avatar":"https://…","language":"de","country":"DE","api_version":10},
 "message":{"type":"text","text":"Hello","tracking_data":"ticket-4711"},"silent":false})";

// The shapes of §5.1 with its "…" placeholders filled in.
constexpr std::string_view kDelivered =
    R"({"event":"delivered","timestamp":1717000001000,"message_token":5058590812907389764,"user_id":"01234567890A="})";
constexpr std::string_view kWebhook =
    R"({"event":"webhook","timestamp":1717000000000,"message_token":5058590812907389764,"chat_hostname":"SN-CHAT-04_"})";
constexpr std::string_view kConversationStarted =
    R"({"event":"conversation_started","timestamp":1717000000000,"message_token":4912661846655238145,
 "type":"open","context":"campaign-7","subscribed":false,
 "user":{"id":"01234567890A=","name":"Ana","avatar":"https://…","language":"de","country":"DE","api_version":10}})";

std::string messageWith(std::string_view message) {
  return R"({"event":"message","timestamp":1717000000000,"message_token":1,)"
         R"("sender":{"id":"01234567890A="},"message":)" +
         std::string(message) + "}";
}

std::string withToken(std::string_view token) {
  return R"({"event":"delivered","timestamp":1,"user_id":"u","message_token":)" +
         std::string(token) + "}";
}

void expectRefused(std::string_view body, ErrorCode code, std::string_view names = "") {
  auto callback = parseCallback(body);
  ASSERT_FALSE(callback.has_value()) << body;
  EXPECT_EQ(callback.error().code, code) << body << ": " << callback.error().message;
  EXPECT_NE(callback.error().message.find(names), std::string::npos)
      << callback.error().message << " should name " << names;
}

// ---- message

TEST(ViberCallback, ReadsTheTextMessageOfTheReference) {
  auto callback = parseCallback(kTextMessage);
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  EXPECT_EQ(callback->kind, EventKind::Message);
  EXPECT_EQ(callback->event, "message");
  EXPECT_EQ(callback->timestamp, 1717000000000);
  EXPECT_EQ(callback->message_token, "4912661846655238145");
  EXPECT_EQ(callback->user_id, "01234567890A=");
  ASSERT_TRUE(callback->user.has_value());
  EXPECT_EQ(callback->user->id, "01234567890A=");
  EXPECT_EQ(callback->user->name, "Ana");
  EXPECT_EQ(callback->user->avatar, "https://…");
  EXPECT_EQ(callback->user->language, "de");
  EXPECT_EQ(callback->user->country, "DE");
  EXPECT_EQ(callback->user->api_version, 10);
  ASSERT_TRUE(callback->message.has_value());
  EXPECT_EQ(callback->message->type, MessageType::Text);
  EXPECT_EQ(callback->message->type_name, "text");
  EXPECT_EQ(callback->message->text, "Hello");
  EXPECT_EQ(callback->message->tracking_data, "ticket-4711");
  EXPECT_FALSE(callback->message->media || callback->message->location ||
               callback->message->contact);
}

TEST(ViberCallback, ReadsAPictureWithItsCaptionAndThumbnail) {
  auto callback = parseCallback(messageWith(
      R"({"type":"picture","media":"https://m.example/p.jpg","thumbnail":"https://m.example/t.jpg","text":"caption"})"));
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  const ReceivedMessage& message = *callback->message;
  EXPECT_EQ(message.type, MessageType::Picture);
  EXPECT_EQ(message.text, "caption");
  ASSERT_TRUE(message.media.has_value());
  EXPECT_EQ(message.media->url, "https://m.example/p.jpg");
  EXPECT_EQ(message.media->thumbnail, "https://m.example/t.jpg");
}

TEST(ViberCallback, ReadsAFileWithItsNameAndSize) {
  auto callback = parseCallback(messageWith(
      R"({"type":"file","media":"https://m.example/f","file_name":"contract.pdf","size":5242880})"));
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  const ReceivedMessage& message = *callback->message;
  EXPECT_EQ(message.type, MessageType::File);
  EXPECT_EQ(message.media->file_name, "contract.pdf");
  EXPECT_EQ(message.media->size, 5242880);
  EXPECT_FALSE(message.text.has_value());
}

TEST(ViberCallback, ReadsAVideo) {
  auto callback = parseCallback(messageWith(
      R"({"type":"video","media":"https://m.example/v.mp4","size":1000,"duration":12})"));
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  EXPECT_EQ(callback->message->type, MessageType::Video);
  EXPECT_EQ(callback->message->media->size, 1000);
}

TEST(ViberCallback, ReadsAStickerWithOrWithoutItsImage) {
  auto bare = parseCallback(messageWith(R"({"type":"sticker","sticker_id":46105})"));
  ASSERT_TRUE(bare.has_value()) << bare.error().message;
  EXPECT_EQ(bare->message->type, MessageType::Sticker);
  EXPECT_EQ(bare->message->sticker_id, 46105);
  EXPECT_FALSE(bare->message->media.has_value());
  auto with_image = parseCallback(
      messageWith(R"({"type":"sticker","sticker_id":1,"media":"https://m.example/s.png"})"));
  ASSERT_TRUE(with_image.has_value()) << with_image.error().message;
  EXPECT_EQ(with_image->message->media->url, "https://m.example/s.png");
}

TEST(ViberCallback, ReadsALocationFromLatAndLon) {
  auto callback =
      parseCallback(messageWith(R"({"type":"location","location":{"lat":52.52,"lon":-13.4}})"));
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  ASSERT_TRUE(callback->message->location.has_value());
  EXPECT_DOUBLE_EQ(callback->message->location->latitude, 52.52);
  EXPECT_DOUBLE_EQ(callback->message->location->longitude, -13.4);
}

TEST(ViberCallback, ALocationOutOfRangeOrNamedOtherwiseIsRefused) {
  expectRefused(messageWith(R"({"type":"location","location":{"lat":91,"lon":0}})"),
                ErrorCode::ValidationFailed, "message.location.lat");
  expectRefused(messageWith(R"({"type":"location","location":{"lat":0,"lon":-180.5}})"),
                ErrorCode::ValidationFailed, "message.location.lon");
  expectRefused(messageWith(R"({"type":"location","location":{"latitude":1,"longitude":2}})"),
                ErrorCode::ValidationFailed, "message.location.lat is missing");
  expectRefused(messageWith(R"({"type":"location","location":{"lat":"1","lon":2}})"),
                ErrorCode::ValidationFailed, "message.location.lat");
}

TEST(ViberCallback, ReadsASharedContact) {
  auto callback = parseCallback(messageWith(
      R"({"type":"contact","contact":{"name":"Bea","phone_number":"+49 151 2345678"}})"));
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  ASSERT_TRUE(callback->message->contact.has_value());
  EXPECT_EQ(callback->message->contact->name, "Bea");
  EXPECT_EQ(callback->message->contact->phone_number, "+49 151 2345678");
}

TEST(ViberCallback, AUrlMessageCarriesItsLinkAsMedia) {
  auto callback = parseCallback(messageWith(R"({"type":"url","media":"https://parley.example"})"));
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  EXPECT_EQ(callback->message->type, MessageType::Url);
  EXPECT_EQ(callback->message->media->url, "https://parley.example");
}

TEST(ViberCallback, AnUnknownMessageTypeIsKeptByName) {
  auto callback = parseCallback(messageWith(
      R"({"type":"rich_media","rich_media":{"Buttons":[]},"media":{"odd":true},"text":"alt"})"));
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  EXPECT_EQ(callback->message->type, MessageType::Other);
  EXPECT_EQ(callback->message->type_name, "rich_media");
  EXPECT_EQ(callback->message->text, "alt");
  EXPECT_FALSE(callback->message->media.has_value());
}

TEST(ViberCallback, FieldsOfAnotherTypeAreNotRead) {
  auto callback =
      parseCallback(messageWith(R"({"type":"text","text":"hi","location":"nowhere","media":7})"));
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  EXPECT_FALSE(callback->message->location || callback->message->media);
}

TEST(ViberCallback, AMessageWithoutWhatItsTypeNeedsIsRefused) {
  expectRefused(messageWith(R"({"type":"text"})"), ErrorCode::ValidationFailed,
                "message.text is missing");
  expectRefused(messageWith(R"({"type":"picture","text":"c"})"), ErrorCode::ValidationFailed,
                "message.media is missing");
  expectRefused(messageWith(R"({"type":"file","media":""})"), ErrorCode::ValidationFailed,
                "message.media must not be empty");
  expectRefused(messageWith(R"({"type":"location"})"), ErrorCode::ValidationFailed,
                "message.location is missing");
  expectRefused(messageWith(R"({"type":"contact"})"), ErrorCode::ValidationFailed,
                "message.contact is missing");
  expectRefused(messageWith(R"({"text":"hi"})"), ErrorCode::ValidationFailed,
                "message.type is missing");
}

TEST(ViberCallback, AMessageWithoutSenderIsRefused) {
  expectRefused(
      R"({"event":"message","timestamp":1,"message_token":1,"message":{"type":"text","text":"x"}})",
      ErrorCode::ValidationFailed, "sender is missing");
}

TEST(ViberCallback, ASenderWithoutAnIdIsRefused) {
  expectRefused(
      R"({"event":"message","timestamp":1,"message_token":1,"sender":{"name":"Ana"},"message":{"type":"text","text":"x"}})",
      ErrorCode::ValidationFailed, "sender.id is missing");
  expectRefused(
      R"({"event":"message","timestamp":1,"message_token":1,"sender":{"id":""},"message":{"type":"text","text":"x"}})",
      ErrorCode::ValidationFailed, "sender.id must not be empty");
}

TEST(ViberCallback, AMessageWithoutMessageIsRefused) {
  expectRefused(R"({"event":"message","timestamp":1,"message_token":1,"sender":{"id":"u"}})",
                ErrorCode::ValidationFailed, "message is missing");
}

// ---- message_token

TEST(ViberCallback, ATokenBeyondTwoToThe53IsKeptExactly) {
  auto callback = parseCallback(kDelivered);
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  EXPECT_EQ(callback->message_token, "5058590812907389764");
  auto odd = parseCallback(withToken("9007199254740993"));
  ASSERT_TRUE(odd.has_value()) << odd.error().message;
  EXPECT_EQ(odd->message_token, "9007199254740993");
}

TEST(ViberCallback, ATwentyDigitTokenUpToUint64MaxIsKept) {
  auto callback = parseCallback(withToken("18446744073709551615"));
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  EXPECT_EQ(callback->message_token, "18446744073709551615");
}

TEST(ViberCallback, ATokenBeyondUint64IsRefused) {
  expectRefused(withToken("18446744073709551616"), ErrorCode::ValidationFailed, "message_token");
  expectRefused(withToken("99999999999999999999999"), ErrorCode::ValidationFailed, "message_token");
}

TEST(ViberCallback, AFloatTokenIsRefused) {
  for (std::string_view token :
       {"5058590812907389764.0", "5.058590812907389764e18", "1e3", "1.5"}) {
    expectRefused(withToken(token), ErrorCode::ValidationFailed, "message_token");
  }
}

TEST(ViberCallback, ATokenSentAsACanonicalDecimalStringIsKept) {
  auto callback = parseCallback(withToken(R"("5058590812907389764")"));
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  EXPECT_EQ(callback->message_token, "5058590812907389764");
}

TEST(ViberCallback, ATokenStringWithGarbageIsRefused) {
  for (std::string_view token :
       {R"("")", R"("12a")", R"(" 12")", R"("12 ")", R"("+12")", R"("007")", R"("-0")", R"("1.0")",
        R"("0x1F")", R"("18446744073709551616")", "true", "[1]", "{}"}) {
    expectRefused(withToken(token), ErrorCode::ValidationFailed, "message_token");
  }
}

TEST(ViberCallback, ANegativeIntegerTokenIsKeptAsSent) {
  auto callback = parseCallback(withToken("-9223372036854775808"));
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  EXPECT_EQ(callback->message_token, "-9223372036854775808");
}

TEST(ViberCallback, DecimalTokensAreCanonicalIntegersOf64Bits) {
  EXPECT_TRUE(isDecimalToken("0"));
  EXPECT_TRUE(isDecimalToken("18446744073709551615"));
  EXPECT_TRUE(isDecimalToken("-9223372036854775808"));
  EXPECT_FALSE(isDecimalToken(""));
  EXPECT_FALSE(isDecimalToken("-"));
  EXPECT_FALSE(isDecimalToken("-9223372036854775809"));
  EXPECT_FALSE(isDecimalToken("01"));
}

TEST(ViberCallback, TheTokenIsRequiredWhereItIdentifiesAMessage) {
  expectRefused(R"({"event":"seen","timestamp":1,"user_id":"u"})", ErrorCode::ValidationFailed,
                "message_token is missing");
  expectRefused(
      R"({"event":"message","timestamp":1,"sender":{"id":"u"},"message":{"type":"text","text":"x"}})",
      ErrorCode::ValidationFailed, "message_token is missing");
}

// ---- other events

TEST(ViberCallback, ReadsDeliveredWithItsUser) {
  auto callback = parseCallback(kDelivered);
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  EXPECT_EQ(callback->kind, EventKind::Delivered);
  EXPECT_EQ(callback->timestamp, 1717000001000);
  EXPECT_EQ(callback->user_id, "01234567890A=");
  EXPECT_FALSE(callback->user || callback->message);
}

TEST(ViberCallback, ReadsSeen) {
  auto callback =
      parseCallback(R"({"event":"seen","timestamp":2,"message_token":7,"user_id":"u1"})");
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  EXPECT_EQ(callback->kind, EventKind::Seen);
  EXPECT_EQ(callback->user_id, "u1");
}

TEST(ViberCallback, ReadsFailedWithItsDescription) {
  auto callback = parseCallback(
      R"({"event":"failed","timestamp":3,"message_token":8,"user_id":"u1","desc":"failure description"})");
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  EXPECT_EQ(callback->kind, EventKind::Failed);
  EXPECT_EQ(callback->description, "failure description");
}

TEST(ViberCallback, DeliveredWithoutAUserIdIsRefused) {
  expectRefused(R"({"event":"delivered","timestamp":1,"message_token":1})",
                ErrorCode::ValidationFailed, "user_id is missing");
  expectRefused(R"({"event":"unsubscribed","timestamp":1,"user_id":42})",
                ErrorCode::ValidationFailed, "user_id must be a string");
}

TEST(ViberCallback, ReadsSubscribedWithTheUserAndNoToken) {
  auto callback = parseCallback(
      R"({"event":"subscribed","timestamp":1457764197627,"user":{"id":"01234567890A=","name":"viberUser","avatar":"http://avatar_url","country":"IL","language":"en","api_version":1}})");
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  EXPECT_EQ(callback->kind, EventKind::Subscribed);
  EXPECT_EQ(callback->message_token, "");
  EXPECT_EQ(callback->user_id, "01234567890A=");
  EXPECT_EQ(callback->user->name, "viberUser");
  EXPECT_EQ(callback->user->country, "IL");
  EXPECT_EQ(callback->user->api_version, 1);
}

TEST(ViberCallback, ReadsUnsubscribed) {
  auto callback = parseCallback(
      R"({"event":"unsubscribed","timestamp":1457764197627,"user_id":"01234567890A=","message_token":4912661846655238145})");
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  EXPECT_EQ(callback->kind, EventKind::Unsubscribed);
  EXPECT_EQ(callback->user_id, "01234567890A=");
}

TEST(ViberCallback, ReadsConversationStarted) {
  auto callback = parseCallback(kConversationStarted);
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  EXPECT_EQ(callback->kind, EventKind::ConversationStarted);
  EXPECT_EQ(callback->conversation_type, "open");
  EXPECT_EQ(callback->context, "campaign-7");
  EXPECT_FALSE(callback->subscribed);
  EXPECT_EQ(callback->user_id, "01234567890A=");
  EXPECT_EQ(callback->user->language, "de");
}

TEST(ViberCallback, ConversationStartedSaysWhetherTheUserIsSubscribed) {
  auto subscribed = parseCallback(
      R"({"event":"conversation_started","timestamp":1,"subscribed":true,"user":{"id":"u"}})");
  ASSERT_TRUE(subscribed.has_value()) << subscribed.error().message;
  EXPECT_TRUE(subscribed->subscribed);
  auto absent =
      parseCallback(R"({"event":"conversation_started","timestamp":1,"user":{"id":"u"}})");
  ASSERT_TRUE(absent.has_value()) << absent.error().message;
  EXPECT_FALSE(absent->subscribed);
  expectRefused(
      R"({"event":"conversation_started","timestamp":1,"subscribed":"yes","user":{"id":"u"}})",
      ErrorCode::ValidationFailed, "subscribed must be true or false");
}

TEST(ViberCallback, ConversationStartedWithoutAUserIsRefused) {
  expectRefused(R"({"event":"conversation_started","timestamp":1,"type":"open"})",
                ErrorCode::ValidationFailed, "user is missing");
}

TEST(ViberCallback, ReadsTheWebhookCheck) {
  auto callback = parseCallback(kWebhook);
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  EXPECT_EQ(callback->kind, EventKind::Webhook);
  EXPECT_EQ(callback->message_token, "5058590812907389764");
  EXPECT_EQ(callback->user_id, "");
}

TEST(ViberCallback, AnUnknownEventIsRecognisedNotRefused) {
  auto callback = parseCallback(R"({"event":"client_status","timestamp":5,"payload":[1,2]})");
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  EXPECT_EQ(callback->kind, EventKind::Other);
  EXPECT_EQ(callback->event, "client_status");
  EXPECT_EQ(callback->timestamp, 5);
  auto bare = parseCallback(R"({"event":"action"})");
  ASSERT_TRUE(bare.has_value()) << bare.error().message;
  EXPECT_EQ(bare->timestamp, 0);
}

TEST(ViberCallback, EventKindNamesAreViberEventNames) {
  EXPECT_EQ(eventKindName(EventKind::Message), "message");
  EXPECT_EQ(eventKindName(EventKind::Delivered), "delivered");
  EXPECT_EQ(eventKindName(EventKind::Seen), "seen");
  EXPECT_EQ(eventKindName(EventKind::Failed), "failed");
  EXPECT_EQ(eventKindName(EventKind::Subscribed), "subscribed");
  EXPECT_EQ(eventKindName(EventKind::Unsubscribed), "unsubscribed");
  EXPECT_EQ(eventKindName(EventKind::ConversationStarted), "conversation_started");
  EXPECT_EQ(eventKindName(EventKind::Webhook), "webhook");
  EXPECT_EQ(eventKindName(EventKind::Other), "other");
}

// ---- hostile input

TEST(ViberCallback, TimestampMustBeANonNegativeInteger) {
  expectRefused(R"({"event":"webhook"})", ErrorCode::ValidationFailed, "timestamp is missing");
  expectRefused(R"({"event":"webhook","timestamp":-1})", ErrorCode::ValidationFailed,
                "timestamp must not be negative");
  expectRefused(R"({"event":"webhook","timestamp":1717000000000.5})", ErrorCode::ValidationFailed,
                "timestamp");
  expectRefused(R"({"event":"webhook","timestamp":"1717000000000"})", ErrorCode::ValidationFailed,
                "timestamp");
  expectRefused(R"({"event":"webhook","timestamp":18446744073709551615})",
                ErrorCode::ValidationFailed, "timestamp");
}

TEST(ViberCallback, WrongTypesAreRefusedNamingTheField) {
  const std::pair<std::string, std::string_view> cases[] = {
      {R"({"event":1,"timestamp":1})", "event must be a string"},
      {messageWith(R"({"type":"text","text":5})"), "message.text must be a string"},
      {messageWith(R"({"type":"text","text":"x","tracking_data":{}})"),
       "message.tracking_data must be a string"},
      {messageWith(R"({"type":"file","media":"https://f","size":"12"})"), "message.size"},
      {messageWith(R"({"type":"file","media":"https://f","size":-1})"), "message.size"},
      {messageWith(R"("text")"), "message must be an object"},
      {R"({"event":"message","timestamp":1,"message_token":1,"sender":"u","message":{}})",
       "sender must be an object"},
      {R"({"event":"subscribed","timestamp":1,"user":{"id":"u","name":7}})",
       "user.name must be a string"},
      {R"({"event":"subscribed","timestamp":1,"user":{"id":"u","api_version":1.5}})",
       "user.api_version"},
      {R"({"event":"failed","timestamp":1,"message_token":1,"user_id":"u","desc":false})",
       "desc must be a string"},
  };
  for (const auto& [body, names] : cases) {
    expectRefused(body, ErrorCode::ValidationFailed, names);
  }
}

TEST(ViberCallback, NotAnObjectIsRefused) {
  for (std::string_view body : {"[]", R"("message")", "1", "null", "true"}) {
    expectRefused(body, ErrorCode::ValidationFailed, "object");
  }
}

TEST(ViberCallback, NotJsonIsRefused) {
  for (std::string_view body : {"", "{", R"({"event":"message",})", "{'event':1}", "{} {}"}) {
    expectRefused(body, ErrorCode::InvalidJson);
  }
}

TEST(ViberCallback, InvalidUtf8IsRefused) {
  expectRefused("{\"event\":\"webhook\",\"timestamp\":1,\"x\":\"\xff\"}", ErrorCode::InvalidJson);
  expectRefused("{\"event\":\"we\xc3\x28\",\"timestamp\":1}", ErrorCode::InvalidJson);
  expectRefused(R"({"event":"webhook","timestamp":1,"x":"\ud800"})", ErrorCode::InvalidJson);
}

TEST(ViberCallback, DeepNestingIsRefusedBeforeParsing) {
  const std::string deep = R"({"event":"webhook","timestamp":1,"x":)" +
                           std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']') + "}";
  expectRefused(deep, ErrorCode::InvalidJson, "nests deeper");
  const std::string at_limit = R"({"event":"webhook","timestamp":1,"x":)" +
                               std::string(kMaxJsonDepth - 1, '[') +
                               std::string(kMaxJsonDepth - 1, ']') + "}";
  EXPECT_TRUE(parseCallback(at_limit).has_value());
}

TEST(ViberCallback, BracketsInsideStringsDoNotCountAsNesting) {
  auto callback = parseCallback(
      messageWith(R"({"type":"text","text":")" + std::string(100, '[') + R"(\"{{{"})"));
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  EXPECT_EQ(callback->message->text, std::string(100, '[') + "\"{{{");
}

TEST(ViberCallback, AnOversizedBodyIsRefused) {
  const std::string prefix = messageWith(R"({"type":"text","text":")");
  std::string body = prefix.substr(0, prefix.size() - 1);
  const std::string suffix = "\"}}";
  body += std::string(kMaxCallbackBytes - body.size() - suffix.size(), 'a') + suffix;
  ASSERT_EQ(body.size(), kMaxCallbackBytes);
  expectRefused(body, ErrorCode::ValidationFailed, "message.text is longer");
  expectRefused(body + " ", ErrorCode::PayloadTooLarge);
}

TEST(ViberCallback, ATooLongFieldIsRefused) {
  expectRefused(R"({"event":"subscribed","timestamp":1,"user":{"id":"u","name":")" +
                    std::string(kMaxFieldBytes + 1, 'n') + R"("}})",
                ErrorCode::ValidationFailed, "user.name is longer than 4096 bytes");
}

TEST(ViberCallback, NullFieldsAreAbsent) {
  auto callback = parseCallback(
      R"({"event":"subscribed","timestamp":1,"message_token":null,"user":{"id":"u","avatar":null}})");
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  EXPECT_FALSE(callback->user->avatar.has_value());
  EXPECT_EQ(callback->message_token, "");
}

TEST(ViberCallback, ADuplicatedKeyKeepsItsLastValue) {
  auto callback = parseCallback(
      R"({"event":"seen","event":"delivered","timestamp":1,"message_token":1,"user_id":"u"})");
  ASSERT_TRUE(callback.has_value()) << callback.error().message;
  EXPECT_EQ(callback->kind, EventKind::Delivered);
}

}  // namespace
}  // namespace parley::channels::viber
