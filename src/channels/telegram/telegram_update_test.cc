#include "channels/telegram/telegram_update.h"

#include <gtest/gtest.h>

#include <string>

namespace parley::channels::telegram {
namespace {

// channels.md §4.1, byte for byte.
constexpr std::string_view kTextMessage = R"({"update_id":872310041,
 "message":{"message_id":57,"date":1717000000,
   "from":{"id":123456789,"is_bot":false,"first_name":"Ana","language_code":"de"},
   "chat":{"id":123456789,"type":"private","first_name":"Ana"},
   "text":"Hello"}})";

constexpr std::string_view kPhotoWithCaption = R"({"update_id":872310042,
 "message":{"message_id":58,"date":1717000010,
   "from":{"id":123456789,"is_bot":false,"first_name":"Ana","last_name":"Silva","username":"ana_s"},
   "chat":{"id":123456789,"type":"private","first_name":"Ana","last_name":"Silva"},
   "photo":[
     {"file_id":"AgAD-small","file_unique_id":"AQAD-s","file_size":1234,"width":90,"height":67},
     {"file_id":"AgAD-large","file_unique_id":"AQAD-l","file_size":98765,"width":1280,"height":960},
     {"file_id":"AgAD-medium","file_unique_id":"AQAD-m","file_size":23456,"width":320,"height":240}],
   "caption":"Your invoice is wrong"}})";

constexpr std::string_view kDocument = R"({"update_id":872310043,
 "message":{"message_id":59,"date":1717000020,
   "from":{"id":123456789,"is_bot":false,"first_name":"Ana"},
   "chat":{"id":123456789,"type":"private","first_name":"Ana"},
   "document":{"file_name":"contract.pdf","mime_type":"application/pdf",
     "file_id":"BQACAgIAAxkBAAIB","file_unique_id":"AgADxQ","file_size":5242880}}})";

constexpr std::string_view kCallbackQuery = R"({"update_id":872310050,
 "callback_query":{"id":"4382bfdwdsb323b2d9","chat_instance":"-1234567890123",
   "from":{"id":123456789,"is_bot":false,"first_name":"Ana","language_code":"de"},
   "message":{"message_id":60,"date":1717000100,
     "from":{"id":7000000001,"is_bot":true,"first_name":"Parley","username":"parley_bot"},
     "chat":{"id":123456789,"type":"private","first_name":"Ana"},
     "text":"Was your problem solved?",
     "reply_markup":{"inline_keyboard":[[{"text":"Yes","callback_data":"1"}],
                                         [{"text":"No","callback_data":"2"}]]}},
   "data":"2"}})";

std::string messageWith(std::string_view fields) {
  return R"({"update_id":1,"message":{"message_id":5,"date":1717000000,)"
         R"("chat":{"id":42,"type":"private"},)" +
         std::string(fields) + "}}";
}

std::string withChatId(std::string_view id) {
  return R"({"update_id":1,"message":{"message_id":5,"date":1717000000,"chat":{"id":)" +
         std::string(id) + R"(,"type":"private"},"text":"hi"}})";
}

TEST(TelegramUpdate, ReadsTheTextMessageOfTheReference) {
  auto update = parseUpdate(kTextMessage);
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_EQ(update->update_id, 872310041);
  EXPECT_EQ(update->kind, UpdateKind::Message);
  EXPECT_EQ(update->type, "message");
  EXPECT_EQ(update->chat.id, 123456789);
  EXPECT_EQ(update->chat.id_text, "123456789");
  EXPECT_EQ(update->chat.type, ChatType::Private);
  ASSERT_TRUE(update->sender.has_value());
  EXPECT_EQ(update->sender->id, 123456789);
  EXPECT_FALSE(update->sender->is_bot);
  EXPECT_EQ(update->sender->display_name, "Ana");
  EXPECT_EQ(update->sender->language_code, "de");
  EXPECT_EQ(update->message_id, 57);
  EXPECT_EQ(update->date, 1717000000);
  EXPECT_EQ(update->text, "Hello");
  EXPECT_FALSE(update->attachment || update->location || update->contact || update->callback);
}

TEST(TelegramUpdate, DisplayNameJoinsFirstAndLastName) {
  auto update = parseUpdate(kPhotoWithCaption);
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_EQ(update->sender->display_name, "Ana Silva");
  EXPECT_EQ(update->sender->username, "ana_s");
}

TEST(TelegramUpdate, DisplayNameFallsBackToTheUsername) {
  auto update =
      parseUpdate(messageWith(R"("from":{"id":7,"is_bot":false,"first_name":"","username":"x9"})"));
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_EQ(update->sender->display_name, "x9");
}

TEST(TelegramUpdate, PhotoTakesTheLargestSize) {
  auto update = parseUpdate(kPhotoWithCaption);
  ASSERT_TRUE(update.has_value()) << update.error().message;
  ASSERT_TRUE(update->attachment.has_value());
  EXPECT_EQ(update->attachment->kind, AttachmentKind::Photo);
  EXPECT_EQ(update->attachment->file_id, "AgAD-large");
  EXPECT_EQ(update->attachment->file_unique_id, "AQAD-l");
  EXPECT_EQ(update->attachment->file_size, 98765);
  EXPECT_FALSE(update->attachment->mime_type.has_value());
}

TEST(TelegramUpdate, CaptionIsReadAsText) {
  auto update = parseUpdate(kPhotoWithCaption);
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_EQ(update->text, "Your invoice is wrong");
}

TEST(TelegramUpdate, DocumentKeepsItsNameTypeAndSize) {
  auto update = parseUpdate(kDocument);
  ASSERT_TRUE(update.has_value()) << update.error().message;
  ASSERT_TRUE(update->attachment.has_value());
  EXPECT_EQ(update->attachment->kind, AttachmentKind::Document);
  EXPECT_EQ(update->attachment->file_id, "BQACAgIAAxkBAAIB");
  EXPECT_EQ(update->attachment->file_name, "contract.pdf");
  EXPECT_EQ(update->attachment->mime_type, "application/pdf");
  EXPECT_EQ(update->attachment->file_size, 5242880);
  EXPECT_FALSE(update->text.has_value());
}

TEST(TelegramUpdate, EachSingleFileFieldIsAnAttachmentOfItsKind) {
  const std::pair<std::string_view, AttachmentKind> kinds[] = {
      {"video", AttachmentKind::Video},
      {"video_note", AttachmentKind::VideoNote},
      {"voice", AttachmentKind::Voice},
      {"audio", AttachmentKind::Audio},
      {"sticker", AttachmentKind::Sticker}};
  for (const auto& [field, kind] : kinds) {
    auto update = parseUpdate(messageWith(
        "\"" + std::string(field) + R"(":{"file_id":"F","file_unique_id":"U","mime_type":"x/y"})"));
    ASSERT_TRUE(update.has_value()) << field << ": " << update.error().message;
    ASSERT_TRUE(update->attachment.has_value()) << field;
    EXPECT_EQ(update->attachment->kind, kind) << field;
    EXPECT_EQ(update->attachment->file_id, "F") << field;
  }
}

TEST(TelegramUpdate, AnAnimationWinsOverItsDocumentCopy) {
  auto update = parseUpdate(
      messageWith(R"("animation":{"file_id":"A","file_unique_id":"a","mime_type":"video/mp4"},)"
                  R"("document":{"file_id":"D","file_unique_id":"d","mime_type":"video/mp4"})"));
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_EQ(update->attachment->kind, AttachmentKind::Animation);
  EXPECT_EQ(update->attachment->file_id, "A");
}

TEST(TelegramUpdate, LocationIsRead) {
  auto update =
      parseUpdate(messageWith(R"("location":{"latitude":52.520008,"longitude":13.404954})"));
  ASSERT_TRUE(update.has_value()) << update.error().message;
  ASSERT_TRUE(update->location.has_value());
  EXPECT_DOUBLE_EQ(update->location->latitude, 52.520008);
  EXPECT_DOUBLE_EQ(update->location->longitude, 13.404954);
  EXPECT_FALSE(update->location->name.has_value());
}

TEST(TelegramUpdate, AVenueTitleNamesTheLocation) {
  auto update = parseUpdate(messageWith(
      R"("location":{"latitude":48.8584,"longitude":2.2945},)"
      R"("venue":{"location":{"latitude":48.8584,"longitude":2.2945},"title":"Eiffel Tower",)"
      R"("address":"Champ de Mars, Paris"})"));
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_EQ(update->location->name, "Eiffel Tower");
  EXPECT_DOUBLE_EQ(update->location->latitude, 48.8584);
}

TEST(TelegramUpdate, IntegerCoordinatesAreNumbersToo) {
  auto update = parseUpdate(messageWith(R"("location":{"latitude":0,"longitude":-180})"));
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_DOUBLE_EQ(update->location->longitude, -180);
}

TEST(TelegramUpdate, ALatitudeBeyondNinetyIsRejected) {
  auto update = parseUpdate(messageWith(R"("location":{"latitude":91.5,"longitude":0})"));
  ASSERT_FALSE(update.has_value());
  EXPECT_EQ(update.error().code, ErrorCode::ValidationFailed);
  EXPECT_NE(update.error().message.find("message.location.latitude"), std::string::npos);
}

TEST(TelegramUpdate, SharedContactIsRead) {
  auto update = parseUpdate(messageWith(
      R"("contact":{"phone_number":"+4915112345678","first_name":"Bea","last_name":"Kurz",)"
      R"("user_id":987654321})"));
  ASSERT_TRUE(update.has_value()) << update.error().message;
  ASSERT_TRUE(update->contact.has_value());
  EXPECT_EQ(update->contact->phone_number, "+4915112345678");
  EXPECT_EQ(update->contact->first_name, "Bea");
  EXPECT_EQ(update->contact->last_name, "Kurz");
  EXPECT_EQ(update->contact->user_id, 987654321);
}

TEST(TelegramUpdate, EditedMessageIsItsOwnKindWithItsEditDate) {
  auto update = parseUpdate(R"({"update_id":872310044,
    "edited_message":{"message_id":57,"date":1717000000,"edit_date":1717000300,
      "from":{"id":123456789,"is_bot":false,"first_name":"Ana"},
      "chat":{"id":123456789,"type":"private","first_name":"Ana"},"text":"Hello again"}})");
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_EQ(update->kind, UpdateKind::EditedMessage);
  EXPECT_EQ(update->type, "edited_message");
  EXPECT_EQ(update->message_id, 57);
  EXPECT_EQ(update->edit_date, 1717000300);
  EXPECT_EQ(update->text, "Hello again");
}

TEST(TelegramUpdate, CallbackQueryFindsThePressedButtonText) {
  auto update = parseUpdate(kCallbackQuery);
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_EQ(update->kind, UpdateKind::CallbackQuery);
  ASSERT_TRUE(update->callback.has_value());
  EXPECT_EQ(update->callback->id, "4382bfdwdsb323b2d9");
  EXPECT_EQ(update->callback->data, "2");
  EXPECT_EQ(update->callback->button_text, "No");
}

TEST(TelegramUpdate, CallbackQueryTakesTheChatFromTheMessageAndTheSenderFromTheTap) {
  auto update = parseUpdate(kCallbackQuery);
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_EQ(update->chat.id_text, "123456789");
  EXPECT_EQ(update->message_id, 60);
  ASSERT_TRUE(update->sender.has_value());
  EXPECT_FALSE(update->sender->is_bot);
  EXPECT_EQ(update->sender->display_name, "Ana");
  EXPECT_FALSE(update->text.has_value());
}

TEST(TelegramUpdate, CallbackDataOnNoButtonHasNoButtonText) {
  std::string body(kCallbackQuery);
  body.replace(body.find(R"("data":"2")"), 10, R"("data":"9")");
  auto update = parseUpdate(body);
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_EQ(update->callback->data, "9");
  EXPECT_FALSE(update->callback->button_text.has_value());
}

TEST(TelegramUpdate, AMalformedKeyboardMeansNoButtonTextNotAnError) {
  auto update = parseUpdate(R"({"update_id":3,"callback_query":{"id":"q","data":"1",
    "from":{"id":1,"is_bot":false,"first_name":"A"},
    "message":{"message_id":4,"date":0,"chat":{"id":1,"type":"private"},
      "reply_markup":{"inline_keyboard":[7,[null,{"text":5,"callback_data":"1"}]]}}}})");
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_FALSE(update->callback->button_text.has_value());
}

TEST(TelegramUpdate, CallbackQueryOnAnInlineMessageIsIgnored) {
  auto update = parseUpdate(R"({"update_id":3,"callback_query":{"id":"q","data":"1",
    "from":{"id":1,"is_bot":false,"first_name":"A"},"inline_message_id":"AAAA"}})");
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_EQ(update->kind, UpdateKind::Ignored);
  EXPECT_EQ(update->type, "callback_query");
  EXPECT_FALSE(update->callback.has_value());
  EXPECT_FALSE(update->sender.has_value());
}

TEST(TelegramUpdate, ChannelPostIsIgnoredButKeepsItsId) {
  auto update = parseUpdate(R"({"update_id":872310060,
    "channel_post":{"message_id":3,"date":1717000000,"text":"News",
      "chat":{"id":-1001234567890,"type":"channel","title":"Parley news"}}})");
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_EQ(update->kind, UpdateKind::Ignored);
  EXPECT_EQ(update->type, "channel_post");
  EXPECT_EQ(update->update_id, 872310060);
  EXPECT_FALSE(update->text.has_value());
}

TEST(TelegramUpdate, MyChatMemberIsIgnoredWithoutLookingInside) {
  auto update = parseUpdate(R"({"update_id":9,"my_chat_member":{"chat":"not even an object"}})");
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_EQ(update->kind, UpdateKind::Ignored);
  EXPECT_EQ(update->type, "my_chat_member");
}

TEST(TelegramUpdate, AMessageWithNothingParleyReadsIsStillAMessage) {
  auto update = parseUpdate(messageWith(R"("dice":{"emoji":"🎲","value":4})"));
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_EQ(update->kind, UpdateKind::Message);
  EXPECT_FALSE(update->text || update->attachment || update->location || update->contact);
}

TEST(TelegramUpdate, AGroupChatIdIsNegativeAndExact) {
  auto update = parseUpdate(withChatId("-1001234567890"));
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_EQ(update->chat.id, -1001234567890);
  EXPECT_EQ(update->chat.id_text, "-1001234567890");
}

TEST(TelegramUpdate, IdsBeyondDoublePrecisionStayExact) {
  auto update = parseUpdate(withChatId("9007199254740993"));  // 2^53 + 1
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_EQ(update->chat.id, 9007199254740993);
  EXPECT_EQ(update->chat.id_text, "9007199254740993");
}

TEST(TelegramUpdate, TheLargestInt64IdIsKept) {
  auto update = parseUpdate(withChatId("9223372036854775807"));
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_EQ(update->chat.id_text, "9223372036854775807");
}

TEST(TelegramUpdate, AnIdGivenAsAStringIsRejected) {
  auto update = parseUpdate(withChatId(R"("123456789")"));
  ASSERT_FALSE(update.has_value());
  EXPECT_EQ(update.error().code, ErrorCode::ValidationFailed);
  EXPECT_EQ(update.error().message, "message.chat.id must be an integer that fits in 64 bits");
}

TEST(TelegramUpdate, AnIdGivenAsAFloatIsRejected) {
  for (std::string_view id : {"123456789.0", "1.23456789e8", "-0.5"}) {
    auto update = parseUpdate(withChatId(id));
    ASSERT_FALSE(update.has_value()) << id;
    EXPECT_EQ(update.error().code, ErrorCode::ValidationFailed) << id;
  }
}

TEST(TelegramUpdate, AnIdBeyondInt64IsRejected) {
  for (std::string_view id : {"9223372036854775808", "18446744073709551615", "-9223372036854775809",
                              "123456789012345678901234567890"}) {
    auto update = parseUpdate(withChatId(id));
    ASSERT_FALSE(update.has_value()) << id;
    EXPECT_EQ(update.error().code, ErrorCode::ValidationFailed) << id;
  }
}

TEST(TelegramUpdate, ANumberBeyondDoubleRangeIsInvalidJson) {
  auto update = parseUpdate(withChatId("1e400"));
  ASSERT_FALSE(update.has_value());
  EXPECT_EQ(update.error().code, ErrorCode::InvalidJson);
}

TEST(TelegramUpdate, TheLastPossibleUpdateIdIsRejectedSoTheOffsetFits) {
  auto update = parseUpdate(R"({"update_id":9223372036854775807,"poll":{}})");
  ASSERT_FALSE(update.has_value());
  EXPECT_EQ(update.error().message, "update_id is out of range");
  EXPECT_FALSE(parseUpdate(R"({"update_id":-1,"poll":{}})").has_value());
}

TEST(TelegramUpdate, AMissingUpdateIdIsRejected) {
  auto update = parseUpdate(R"({"message":{}})");
  ASSERT_FALSE(update.has_value());
  EXPECT_EQ(update.error().message, "update_id is missing");
}

TEST(TelegramUpdate, AMissingChatIsRejected) {
  auto update = parseUpdate(R"({"update_id":1,"message":{"message_id":5,"date":1,"text":"x"}})");
  ASSERT_FALSE(update.has_value());
  EXPECT_EQ(update.error().code, ErrorCode::ValidationFailed);
  EXPECT_EQ(update.error().message, "message.chat is missing");
}

TEST(TelegramUpdate, WrongTypesAreRejectedNamingTheField) {
  const std::pair<std::string, std::string> cases[] = {
      {messageWith(R"("text":42)"), "message.text must be a string"},
      {messageWith(R"("from":{"id":1,"is_bot":"false"})"),
       "message.from.is_bot must be true or false"},
      {messageWith(R"("photo":{"file_id":"x"})"), "message.photo must be an array"},
      {messageWith(R"("photo":[])"), "message.photo must not be empty"},
      {messageWith(R"("photo":[{"file_id":"x","file_unique_id":"y","width":"90","height":1}])"),
       "message.photo[0].width must be an integer that fits in 64 bits"},
      {messageWith(R"("document":{"file_unique_id":"y"})"), "message.document.file_id is missing"},
      {messageWith(R"("contact":{"phone_number":123,"first_name":"A"})"),
       "message.contact.phone_number must be a string"},
      {R"({"update_id":1,"message":[]})", "message must be an object"},
      {R"({"update_id":1,"callback_query":{"id":"","from":{"id":1,"is_bot":false}}})",
       "callback_query.id must not be empty"},
  };
  for (const auto& [body, message] : cases) {
    auto update = parseUpdate(body);
    ASSERT_FALSE(update.has_value()) << body;
    EXPECT_EQ(update.error().code, ErrorCode::ValidationFailed) << body;
    EXPECT_EQ(update.error().message, message) << body;
  }
}

TEST(TelegramUpdate, TwoUpdateTypesInOneUpdateAreRejected) {
  auto update = parseUpdate(R"({"update_id":1,"message":{},"edited_message":{}})");
  ASSERT_FALSE(update.has_value());
  EXPECT_EQ(update.error().code, ErrorCode::ValidationFailed);
}

TEST(TelegramUpdate, ATextLongerThanTheBoundIsRejected) {
  auto update =
      parseUpdate(messageWith(R"("text":")" + std::string(kMaxTextBytes + 1, 'a') + "\""));
  ASSERT_FALSE(update.has_value());
  EXPECT_EQ(update.error().message, "message.text is longer than 16384 bytes");
}

TEST(TelegramUpdate, InvalidUtf8IsInvalidJson) {
  auto update = parseUpdate(messageWith("\"text\":\"caf\xE9\""));
  ASSERT_FALSE(update.has_value());
  EXPECT_EQ(update.error().code, ErrorCode::InvalidJson);
  EXPECT_FALSE(parseUpdate(messageWith(R"("text":"\ud800")")).has_value()) << "lone surrogate";
}

TEST(TelegramUpdate, EscapedTextIsDecoded) {
  auto update = parseUpdate(messageWith(R"("text":"\u00c4rger \"quoted\" \ud83d\ude00")"));
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_EQ(update->text, "Ärger \"quoted\" 😀");
}

TEST(TelegramUpdate, DeepNestingIsRejectedBeforeParsing) {
  const std::string deep =
      R"({"update_id":1,"poll":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
  auto update = parseUpdate(deep);
  ASSERT_FALSE(update.has_value());
  EXPECT_EQ(update.error().code, ErrorCode::InvalidJson);
}

TEST(TelegramUpdate, BracketsInsideStringsDoNotCountAsNesting) {
  auto update = parseUpdate(messageWith(R"("text":")" + std::string(200, '[') + R"(\"{{")"));
  ASSERT_TRUE(update.has_value()) << update.error().message;
  EXPECT_EQ(update->text->size(), 203u);
}

TEST(TelegramUpdate, ABodyOverOneMebibyteIsTooLarge) {
  auto update =
      parseUpdate(messageWith(R"("text":"x","pad":")" + std::string(kMaxUpdateBytes, ' ') + "\""));
  ASSERT_FALSE(update.has_value());
  EXPECT_EQ(update.error().code, ErrorCode::PayloadTooLarge);
}

TEST(TelegramUpdate, WhatIsNotAnObjectOrNotJsonIsRejected) {
  EXPECT_EQ(parseUpdate("[1]").error().code, ErrorCode::ValidationFailed);
  EXPECT_EQ(parseUpdate("").error().code, ErrorCode::InvalidJson);
  EXPECT_EQ(parseUpdate("{\"update_id\":1} trailing").error().code, ErrorCode::InvalidJson);
  EXPECT_EQ(parseUpdate("{\"update_id\":1,}").error().code, ErrorCode::InvalidJson);
  EXPECT_EQ(parseUpdate(std::string_view("{\"update_id\":1}\0", 16)).error().code,
            ErrorCode::InvalidJson);
}

TEST(TelegramUpdate, KindsHaveStableNames) {
  EXPECT_EQ(updateKindName(UpdateKind::Message), "message");
  EXPECT_EQ(updateKindName(UpdateKind::EditedMessage), "edited_message");
  EXPECT_EQ(updateKindName(UpdateKind::CallbackQuery), "callback_query");
  EXPECT_EQ(updateKindName(UpdateKind::Ignored), "ignored");
}

TEST(GetUpdates, ReadsEveryUpdateInOrder) {
  auto batch = parseGetUpdates(R"({"ok":true,"result":[)" + std::string(kTextMessage) + "," +
                               std::string(kCallbackQuery) + "]}");
  ASSERT_TRUE(batch.has_value()) << batch.error().message;
  ASSERT_EQ(batch->updates.size(), 2u);
  EXPECT_EQ(batch->updates[0].kind, UpdateKind::Message);
  EXPECT_EQ(batch->updates[1].kind, UpdateKind::CallbackQuery);
  EXPECT_TRUE(batch->rejected.empty());
}

TEST(GetUpdates, TheNextOffsetIsTheLargestUpdateIdPlusOne) {
  auto batch = parseGetUpdates(R"({"ok":true,"result":[
      {"update_id":11,"poll":{}},{"update_id":13,"poll":{}},{"update_id":12,"poll":{}}]})");
  ASSERT_TRUE(batch.has_value()) << batch.error().message;
  EXPECT_EQ(batch->next_offset, 14);
}

TEST(GetUpdates, ABadUpdateDoesNotStopTheOthers) {
  auto batch = parseGetUpdates(R"({"ok":true,"result":[
      {"update_id":20,"message":{"message_id":"x"}},)" +
                               std::string(kTextMessage) + "]}");
  ASSERT_TRUE(batch.has_value()) << batch.error().message;
  ASSERT_EQ(batch->updates.size(), 1u);
  EXPECT_EQ(batch->updates[0].update_id, 872310041);
  ASSERT_EQ(batch->rejected.size(), 1u);
  EXPECT_EQ(batch->rejected[0].update_id, 20);
  EXPECT_EQ(batch->rejected[0].error.message,
            "message.message_id must be an integer that fits in 64 bits");
}

TEST(GetUpdates, ABadUpdateStillAdvancesTheOffset) {
  auto batch = parseGetUpdates(R"({"ok":true,"result":[
      {"update_id":30,"message":{"text":"x"}},{"update_id":31,"message":{"chat":1}}]})");
  ASSERT_TRUE(batch.has_value()) << batch.error().message;
  EXPECT_TRUE(batch->updates.empty());
  EXPECT_EQ(batch->rejected.size(), 2u);
  EXPECT_EQ(batch->next_offset, 32);
}

TEST(GetUpdates, AnElementWithoutAnUpdateIdIsRejectedAndConfirmsNothing) {
  auto batch = parseGetUpdates(R"({"ok":true,"result":[7,{"update_id":"40"},{"update_id":4.5}]})");
  ASSERT_TRUE(batch.has_value()) << batch.error().message;
  EXPECT_EQ(batch->rejected.size(), 3u);
  EXPECT_FALSE(batch->rejected[1].update_id.has_value());
  EXPECT_FALSE(batch->next_offset.has_value());
}

TEST(GetUpdates, IgnoredUpdatesAdvanceTheOffset) {
  auto batch = parseGetUpdates(
      R"({"ok":true,"result":[{"update_id":50,"my_chat_member":{}},{"update_id":51}]})");
  ASSERT_TRUE(batch.has_value()) << batch.error().message;
  ASSERT_EQ(batch->updates.size(), 2u);
  EXPECT_EQ(batch->updates[0].kind, UpdateKind::Ignored);
  EXPECT_EQ(batch->updates[1].type, "");
  EXPECT_EQ(batch->next_offset, 52);
}

TEST(GetUpdates, AnEmptyResultHasNoNextOffset) {
  auto batch = parseGetUpdates(R"({"ok":true,"result":[]})");
  ASSERT_TRUE(batch.has_value()) << batch.error().message;
  EXPECT_TRUE(batch->updates.empty());
  EXPECT_FALSE(batch->next_offset.has_value());
}

TEST(GetUpdates, AFailedAnswerIsAnErrorCarryingTheDescription) {
  auto batch = parseGetUpdates(
      R"({"ok":false,"error_code":409,"description":"Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"})");
  ASSERT_FALSE(batch.has_value());
  EXPECT_EQ(batch.error().code, ErrorCode::ValidationFailed);
  EXPECT_TRUE(batch.error().message.starts_with("getUpdates failed: 409 Conflict: can't use"));
}

TEST(GetUpdates, WhatIsNotAGetUpdatesAnswerIsRejected) {
  EXPECT_EQ(parseGetUpdates(R"({"result":[]})").error().code, ErrorCode::ValidationFailed);
  EXPECT_EQ(parseGetUpdates(R"({"ok":"true","result":[]})").error().code,
            ErrorCode::ValidationFailed);
  EXPECT_EQ(parseGetUpdates(R"({"ok":true,"result":{}})").error().code,
            ErrorCode::ValidationFailed);
  EXPECT_EQ(parseGetUpdates("<html>502 Bad Gateway</html>").error().code, ErrorCode::InvalidJson);
}

}  // namespace
}  // namespace parley::channels::telegram
