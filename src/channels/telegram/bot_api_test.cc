#include "channels/telegram/bot_api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <tuple>

namespace parley::channels::telegram {
namespace {

using nlohmann::json;

json bodyOf(const Result<BotCall>& call) {
  EXPECT_TRUE(call.has_value()) << call.error().message;
  return call ? json::parse(call->body_json) : json();
}

std::string repeat(std::string_view text, size_t times) {
  std::string out;
  for (size_t index = 0; index < times; ++index) {
    out += text;
  }
  return out;
}

// ---- URLs

TEST(BotApi, MethodUrlJoinsBaseTokenAndMethod) {
  EXPECT_EQ(methodUrl(kDefaultBaseUrl, "123:abc", "sendMessage"),
            "https://api.telegram.org/bot123:abc/sendMessage");
}

TEST(BotApi, MethodUrlDropsTrailingSlashesAndDefaultsAnEmptyBase) {
  EXPECT_EQ(methodUrl("http://127.0.0.1:8081//", "1:x", "getMe"),
            "http://127.0.0.1:8081/bot1:x/getMe");
  EXPECT_EQ(methodUrl("", "1:x", "getMe"), "https://api.telegram.org/bot1:x/getMe");
}

TEST(BotApi, FileUrlUsesTheFilePrefix) {
  EXPECT_EQ(fileUrl("https://api.telegram.org/", "1:x", "photos/file_0.jpg"),
            "https://api.telegram.org/file/bot1:x/photos/file_0.jpg");
}

TEST(BotApi, TokensAreCheckedForBotFathersShape) {
  EXPECT_TRUE(isWellFormedToken("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-_"));
  EXPECT_FALSE(isWellFormedToken("123456789"));
  EXPECT_FALSE(isWellFormedToken(":abc"));
  EXPECT_FALSE(isWellFormedToken("12a:abc"));
  EXPECT_FALSE(isWellFormedToken("123:"));
  EXPECT_FALSE(isWellFormedToken("123:abc/../getMe"));
}

// ---- Calls

TEST(BotApi, TextBecomesSendMessageWithANumericChatIdAndNoParseMode) {
  auto call = sendMessageCall("123456789", "Hello <b>");
  ASSERT_TRUE(call.has_value());
  EXPECT_EQ(call->method, "sendMessage");
  EXPECT_EQ(call->body_json, R"({"chat_id":123456789,"text":"Hello <b>"})");
}

TEST(BotApi, AGroupChatIdStaysExact) {
  EXPECT_EQ(bodyOf(sendMessageCall("-1001234567890123", "x"))["chat_id"].get<int64_t>(),
            -1001234567890123);
}

TEST(BotApi, AChannelUsernameIsSentAsAString) {
  EXPECT_EQ(bodyOf(sendMessageCall("@parley_news", "x"))["chat_id"], "@parley_news");
}

TEST(BotApi, AMalformedChatIdIsRejected) {
  for (std::string_view chat_id :
       {"", "+123", "12 3", "1.5", "9223372036854775808", "@", "@bad name", "abc"}) {
    auto call = sendMessageCall(chat_id, "x");
    ASSERT_FALSE(call.has_value()) << chat_id;
    EXPECT_EQ(call.error().code, ErrorCode::ValidationFailed) << chat_id;
  }
}

TEST(BotApi, EmptyTextIsRejected) {
  EXPECT_EQ(sendMessageCall("1", "").error().message, "text must not be empty");
}

TEST(BotApi, TextOf4096CharactersIsSentAndOneMoreIsRejected) {
  EXPECT_TRUE(sendMessageCall("1", std::string(4096, 'a')).has_value());
  auto call = sendMessageCall("1", std::string(4097, 'a'));
  ASSERT_FALSE(call.has_value());
  EXPECT_EQ(call.error().code, ErrorCode::ValidationFailed);
  EXPECT_EQ(call.error().message,
            "text is 4097 UTF-16 code units long; Telegram allows at most 4096");
}

TEST(BotApi, TextLengthCountsUtf16UnitsNotBytes) {
  EXPECT_TRUE(sendMessageCall("1", repeat("Ж", 4096)).has_value()) << "8192 bytes, 4096 units";
  EXPECT_TRUE(sendMessageCall("1", repeat("😀", 2048)).has_value()) << "2 units each";
  EXPECT_FALSE(sendMessageCall("1", repeat("😀", 2048) + "a").has_value());
}

TEST(BotApi, TextThatIsNotUtf8IsRejected) {
  auto call = sendMessageCall("1", "caf\xE9");
  ASSERT_FALSE(call.has_value());
  EXPECT_EQ(call.error().message, "text is not valid UTF-8");
}

TEST(BotApi, Utf16LengthRefusesMalformedUtf8) {
  EXPECT_EQ(utf16Length("aЖ€😀"), 5u);
  EXPECT_FALSE(utf16Length("\xC0\xAF").has_value()) << "overlong";
  EXPECT_FALSE(utf16Length("\xED\xA0\x80").has_value()) << "surrogate";
  EXPECT_FALSE(utf16Length("\xF4\x90\x80\x80").has_value()) << "above U+10FFFF";
  EXPECT_FALSE(utf16Length("\xE2\x82").has_value()) << "truncated";
  EXPECT_FALSE(utf16Length("\x80").has_value()) << "stray continuation";
}

TEST(BotApi, ChoicesBecomeOneButtonPerRowNumberedFromOne) {
  auto call = buildSend("42", R"({"choices":{"text":"Solved?","options":["Yes","No"]}})");
  ASSERT_TRUE(call.has_value()) << call.error().message;
  EXPECT_EQ(call->method, "sendMessage");
  EXPECT_EQ(call->body_json,
            R"({"chat_id":42,"text":"Solved?","reply_markup":{"inline_keyboard":[)"
            R"([{"text":"Yes","callback_data":"1"}],[{"text":"No","callback_data":"2"}]]}})");
}

TEST(BotApi, ChoicesNeedNonEmptyOptions) {
  EXPECT_FALSE(buildSend("1", R"({"choices":{"text":"Q","options":[""]}})").has_value());
  EXPECT_FALSE(buildSend("1", R"({"choices":{"text":"Q","options":[1]}})").has_value());
  EXPECT_FALSE(buildSend("1", R"({"choices":{"text":"Q"}})").has_value());
  EXPECT_FALSE(buildSend("1", R"({"choices":{"text":"Q","options":[]}})").has_value());
  EXPECT_FALSE(sendChoicesCall("1", "Q", std::vector<std::string>(101, "o")).has_value());
}

TEST(BotApi, StoredTextBecomesSendMessage) {
  auto call = buildSend("42", R"({"text":"Hi"})");
  ASSERT_TRUE(call.has_value()) << call.error().message;
  EXPECT_EQ(call->method, "sendMessage");
  EXPECT_EQ(call->body_json, R"({"chat_id":42,"text":"Hi"})");
}

TEST(BotApi, AnImageMimeTypeSendsAPhotoWithItsCaption) {
  auto call = buildSend(
      "42",
      R"({"media":{"url":"https://cdn.example.com/a","mimeType":"image/png","caption":"Invoice"}})");
  ASSERT_TRUE(call.has_value()) << call.error().message;
  EXPECT_EQ(call->method, "sendPhoto");
  EXPECT_EQ(call->body_json,
            R"({"chat_id":42,"photo":"https://cdn.example.com/a","caption":"Invoice"})");
}

TEST(BotApi, AnImageUrlWithoutMimeTypeSendsAPhoto) {
  for (std::string_view url : {"https://x.example/a.JPG", "https://x.example/b.jpeg?size=2",
                               "http://x.example/c.webp#top", "https://x.example/d.gif"}) {
    auto call = buildSend(
        "42", R"({"media":{"url":")" + std::string(url) + R"(","mimeType":null,"caption":null}})");
    ASSERT_TRUE(call.has_value()) << url << ": " << call.error().message;
    EXPECT_EQ(call->method, "sendPhoto") << url;
  }
}

TEST(BotApi, OtherMediaSendsADocument) {
  for (std::string_view media :
       {R"({"url":"https://x.example/a.pdf","mimeType":"application/pdf","caption":null})",
        R"({"url":"https://x.example/photo.jpg.exe","mimeType":null,"caption":null})",
        R"({"url":"https://x.example/a.png","mimeType":"application/octet-stream"})",
        R"({"url":"https://x.example/logo.svg","mimeType":"image/svg+xml","caption":null})"}) {
    auto call = buildSend("42", R"({"media":)" + std::string(media) + "}");
    ASSERT_TRUE(call.has_value()) << media << ": " << call.error().message;
    EXPECT_EQ(call->method, "sendDocument") << media;
    EXPECT_FALSE(bodyOf(call).contains("caption")) << media;
  }
}

TEST(BotApi, ACaptionOver1024CharactersIsRejected) {
  EXPECT_TRUE(sendPhotoCall("1", "https://x.example/a.jpg", std::string(1024, 'c')).has_value());
  auto call = sendDocumentCall("1", "https://x.example/a.pdf", std::string(1025, 'c'));
  ASSERT_FALSE(call.has_value());
  EXPECT_EQ(call.error().message,
            "caption is 1025 UTF-16 code units long; Telegram allows at most 1024");
}

TEST(BotApi, AMediaUrlMustBeHttp) {
  for (std::string_view url : {"ftp://x.example/a.jpg", "file:///etc/passwd", "javascript:1",
                               "https://x.example/a b.jpg"}) {
    auto call = sendPhotoCall("1", url, std::nullopt);
    ASSERT_FALSE(call.has_value()) << url;
    EXPECT_EQ(call.error().code, ErrorCode::ValidationFailed) << url;
  }
}

TEST(BotApi, AnUploadedFileIsOneMultipartBody) {
  const std::string boundary = "0123456789abcdef0123";
  auto call =
      sendFileCall("4242", "label \"1\"\r\n.png", "image/png", "PNGBYTES", "Your label", boundary);
  ASSERT_TRUE(call.has_value()) << call.error().message;
  EXPECT_EQ(call->method, "sendPhoto");
  EXPECT_EQ(call->content_type, "multipart/form-data; boundary=" + boundary);
  EXPECT_EQ(call->body,
            "--0123456789abcdef0123\r\n"
            "Content-Disposition: form-data; name=\"chat_id\"\r\n\r\n4242\r\n"
            "--0123456789abcdef0123\r\n"
            "Content-Disposition: form-data; name=\"caption\"\r\n\r\nYour label\r\n"
            "--0123456789abcdef0123\r\n"
            "Content-Disposition: form-data; name=\"photo\"; filename=\"label _1___.png\"\r\n"
            "Content-Type: image/png\r\n\r\nPNGBYTES\r\n"
            "--0123456789abcdef0123--\r\n");
}

TEST(BotApi, AnUploadIsADocumentUnlessAPhotoTelegramTakes) {
  const std::string boundary(20, 'b');
  const std::string large(kMaxUploadedPhotoBytes + 1, 'x');
  for (auto [mime, bytes, method] :
       {std::tuple{"image/jpeg", std::string_view("x"), "sendPhoto"},
        std::tuple{"image/webp", std::string_view("x"), "sendPhoto"},
        std::tuple{"image/gif", std::string_view("x"), "sendDocument"},
        std::tuple{"application/pdf", std::string_view("x"), "sendDocument"},
        std::tuple{"image/png", std::string_view(large), "sendDocument"}}) {
    auto call = sendFileCall("@shop", "f", mime, bytes, std::nullopt, boundary);
    ASSERT_TRUE(call.has_value()) << mime;
    EXPECT_EQ(call->method, method) << mime << " " << bytes.size();
    EXPECT_EQ(call->body.find("name=\"caption\""), std::string::npos) << "no caption, no part";
    EXPECT_NE(call->body.find("\r\n\r\n@shop\r\n"), std::string::npos);
  }
}

TEST(BotApi, AnUploadRefusesABadChatCaptionOrBoundary) {
  const std::string boundary(20, 'b');
  EXPECT_FALSE(sendFileCall("not a chat", "f", "image/png", "x", std::nullopt, boundary));
  EXPECT_FALSE(sendFileCall("1", "f", "image/png", "x", std::string(1025, 'c'), boundary));
  EXPECT_FALSE(sendFileCall("1", "f", "image/png", "x", std::nullopt, "short"));
  EXPECT_FALSE(sendFileCall("1", "f", "image/png", "x", std::nullopt, "bad boundary with spaces"));
  EXPECT_FALSE(sendFileCall("1", "f", "image/png", "a--" + boundary + "b", std::nullopt, boundary))
      << "a boundary the bytes contain would cut the file";
}

TEST(BotApi, StoredLocationBecomesSendLocation) {
  auto call = buildSend(
      "42", R"({"location":{"latitude":52.5200080,"longitude":13.4049540,"name":"Office"}})");
  ASSERT_TRUE(call.has_value()) << call.error().message;
  EXPECT_EQ(call->method, "sendLocation");
  const json body = bodyOf(call);
  EXPECT_DOUBLE_EQ(body["latitude"].get<double>(), 52.520008);
  EXPECT_DOUBLE_EQ(body["longitude"].get<double>(), 13.404954);
  EXPECT_FALSE(body.contains("name"));
}

TEST(BotApi, CoordinatesOutOfRangeAreRejected) {
  EXPECT_FALSE(sendLocationCall("1", 90.5, 0).has_value());
  EXPECT_FALSE(sendLocationCall("1", 0, -180.1).has_value());
  EXPECT_FALSE(sendLocationCall("1", std::nan(""), 0).has_value());
  EXPECT_FALSE(buildSend("1", R"({"location":{"latitude":"1","longitude":2}})").has_value());
}

TEST(BotApi, ContentThatIsNotOneKnownShapeIsRejected) {
  const std::pair<std::string_view, ErrorCode> cases[] = {
      {"not json", ErrorCode::InvalidJson},
      {R"({"text":"a","media":{}})", ErrorCode::ValidationFailed},
      {R"({})", ErrorCode::ValidationFailed},
      {R"(["text"])", ErrorCode::ValidationFailed},
      {R"({"sticker":{"id":"x"}})", ErrorCode::ValidationFailed},
      {R"({"text":5})", ErrorCode::ValidationFailed},
      {R"({"media":"https://x.example/a.jpg"})", ErrorCode::ValidationFailed},
      {R"({"media":{"mimeType":"image/png"}})", ErrorCode::ValidationFailed},
      {R"({"media":{"url":"https://x.example/a","caption":7}})", ErrorCode::ValidationFailed},
  };
  for (const auto& [content, code] : cases) {
    auto call = buildSend("1", content);
    ASSERT_FALSE(call.has_value()) << content;
    EXPECT_EQ(call.error().code, code) << content;
  }
}

TEST(BotApi, SendChatActionIsTyping) {
  auto call = sendChatActionCall("42");
  ASSERT_TRUE(call.has_value());
  EXPECT_EQ(call->method, "sendChatAction");
  EXPECT_EQ(call->body_json, R"({"chat_id":42,"action":"typing"})");
}

TEST(BotApi, AnswerCallbackQueryCarriesTheIdAndAnOptionalToast) {
  auto call = answerCallbackQueryCall("4382bfdwdsb323b2d9");
  ASSERT_TRUE(call.has_value());
  EXPECT_EQ(call->method, "answerCallbackQuery");
  EXPECT_EQ(call->body_json, R"({"callback_query_id":"4382bfdwdsb323b2d9"})");
  EXPECT_EQ(bodyOf(answerCallbackQueryCall("q", "Thanks"))["text"], "Thanks");
  EXPECT_FALSE(answerCallbackQueryCall("").has_value());
  EXPECT_FALSE(answerCallbackQueryCall("q", std::string(201, 't')).has_value());
}

TEST(BotApi, SetWebhookAsksForTheThreeUpdateTypesItReads) {
  auto call = setWebhookCall("https://parley.example/hooks/telegram/7", "s3cr3t_-TOKEN");
  ASSERT_TRUE(call.has_value()) << call.error().message;
  EXPECT_EQ(call->method, "setWebhook");
  EXPECT_EQ(call->body_json,
            R"({"url":"https://parley.example/hooks/telegram/7","secret_token":"s3cr3t_-TOKEN",)"
            R"("allowed_updates":["message","edited_message","callback_query"]})");
}

TEST(BotApi, SetWebhookNeedsHttpsAndAValidSecret) {
  EXPECT_TRUE(setWebhookCall("http://parley.example/hook", "abc").has_value());
  EXPECT_FALSE(setWebhookCall("ftp://parley.example/hook", "abc").has_value());
  EXPECT_FALSE(setWebhookCall("https://parley.example/hook", "").has_value());
  EXPECT_FALSE(setWebhookCall("https://parley.example/hook", "has space").has_value());
  EXPECT_FALSE(setWebhookCall("https://parley.example/hook", std::string(257, 'a')).has_value());
  EXPECT_TRUE(setWebhookCall("https://parley.example/hook", std::string(256, 'a')).has_value());
}

TEST(BotApi, DeleteWebhookKeepsPendingUpdatesByDefault) {
  const BotCall call = deleteWebhookCall();
  EXPECT_EQ(call.method, "deleteWebhook");
  EXPECT_EQ(call.body_json, R"({"drop_pending_updates":false})");
}

TEST(BotApi, GetUpdatesCarriesOffsetTimeoutLimitAndUpdateTypes) {
  auto call = getUpdatesCall(872310042, 30, 100);
  ASSERT_TRUE(call.has_value()) << call.error().message;
  EXPECT_EQ(call->method, "getUpdates");
  EXPECT_EQ(call->body_json, R"({"offset":872310042,"timeout":30,"limit":100,)"
                             R"("allowed_updates":["message","edited_message","callback_query"]})");
  EXPECT_FALSE(bodyOf(getUpdatesCall(std::nullopt, 0, 1)).contains("offset"));
}

TEST(BotApi, GetUpdatesRefusesALimitOrTimeoutOutOfRange) {
  EXPECT_FALSE(getUpdatesCall(1, 30, 0).has_value());
  EXPECT_FALSE(getUpdatesCall(1, 30, 101).has_value());
  EXPECT_FALSE(getUpdatesCall(1, -1, 10).has_value());
  EXPECT_FALSE(getUpdatesCall(1, 601, 10).has_value());
}

TEST(BotApi, GetMeAndGetFileAreSimpleCalls) {
  EXPECT_EQ(getMeCall().method, "getMe");
  EXPECT_EQ(getMeCall().body_json, "{}");
  auto call = getFileCall("AgACAgIAAxkBAAIB");
  ASSERT_TRUE(call.has_value());
  EXPECT_EQ(call->body_json, R"({"file_id":"AgACAgIAAxkBAAIB"})");
  EXPECT_FALSE(getFileCall("").has_value());
}

// ---- Answers

TEST(BotAnswer, OkKeepsTheResultAsJsonText) {
  const BotAnswer answer = parseAnswer(
      200, R"({"ok":true,"result":{"message_id":9007199254740993,"chat":{"id":-100123}}})");
  EXPECT_EQ(answer.kind, AnswerKind::Ok);
  EXPECT_TRUE(answer.ok);
  EXPECT_EQ(answer.result, R"({"chat":{"id":-100123},"message_id":9007199254740993})");
}

TEST(BotAnswer, TooManyRequestsCarriesRetryAfter) {
  const BotAnswer answer = parseAnswer(
      429,
      R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35","parameters":{"retry_after":35}})");
  EXPECT_EQ(answer.kind, AnswerKind::RetryAfter);
  EXPECT_FALSE(answer.ok);
  EXPECT_EQ(answer.error_code, 429);
  EXPECT_EQ(answer.retry_after, 35);
  EXPECT_EQ(answer.description, "Too Many Requests: retry after 35");
  EXPECT_TRUE(isRetryable(answer.kind));
}

TEST(BotAnswer, RetryAfterFallsBackToTheDescription) {
  const BotAnswer answer = parseAnswer(
      429, R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7"})");
  EXPECT_EQ(answer.retry_after, 7);
}

TEST(BotAnswer, AnImplausibleRetryAfterIsDropped) {
  const BotAnswer answer = parseAnswer(
      429,
      R"({"ok":false,"error_code":429,"description":"x","parameters":{"retry_after":999999999}})");
  EXPECT_EQ(answer.kind, AnswerKind::RetryAfter);
  EXPECT_FALSE(answer.retry_after.has_value());
}

TEST(BotAnswer, AnyForbiddenIsBlockedAndFinal) {
  for (std::string_view description :
       {"Forbidden: bot was blocked by the user", "Forbidden: user is deactivated",
        "Forbidden: bot was kicked from the group chat"}) {
    const BotAnswer answer = parseAnswer(
        403, R"({"ok":false,"error_code":403,"description":")" + std::string(description) + "\"}");
    EXPECT_EQ(answer.kind, AnswerKind::Blocked) << description;
    EXPECT_EQ(answer.description, description);
    EXPECT_FALSE(isRetryable(answer.kind));
  }
}

TEST(BotAnswer, MessageTooLongIsAFinalBadRequest) {
  const BotAnswer answer = parseAnswer(
      400, R"({"ok":false,"error_code":400,"description":"Bad Request: message is too long"})");
  EXPECT_EQ(answer.kind, AnswerKind::BadRequest);
  EXPECT_FALSE(isRetryable(answer.kind));
}

TEST(BotAnswer, AGroupUpgradeNamesTheNewChat) {
  const BotAnswer answer = parseAnswer(
      400,
      R"({"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001234567890}})");
  EXPECT_EQ(answer.kind, AnswerKind::BadRequest);
  EXPECT_EQ(answer.migrate_to_chat_id, -1001234567890);
}

TEST(BotAnswer, AWrongTokenIsUnauthorized) {
  EXPECT_EQ(parseAnswer(401, R"({"ok":false,"error_code":401,"description":"Unauthorized"})").kind,
            AnswerKind::Unauthorized);
  EXPECT_EQ(parseAnswer(404, R"({"ok":false,"error_code":404,"description":"Not Found"})").kind,
            AnswerKind::Unauthorized);
}

TEST(BotAnswer, AnotherPollerIsAConflict) {
  const BotAnswer answer = parseAnswer(
      409,
      R"({"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"})");
  EXPECT_EQ(answer.kind, AnswerKind::Conflict);
}

TEST(BotAnswer, ServerErrorsAreRetryableWithOrWithoutABotApiBody) {
  EXPECT_EQ(parseAnswer(502, "<html><body>502 Bad Gateway</body></html>").kind,
            AnswerKind::ServerError);
  EXPECT_EQ(parseAnswer(500, R"({"ok":false,"error_code":500,"description":"Internal"})").kind,
            AnswerKind::ServerError);
  EXPECT_TRUE(isRetryable(AnswerKind::ServerError));
}

TEST(BotAnswer, ABodyThatIsNotABotApiAnswerIsUnreadable) {
  for (std::string_view body :
       {"", "{", "<html>", R"({"result":true})", R"({"ok":"true"})", R"({"ok":true})", "[true]"}) {
    const BotAnswer answer = parseAnswer(200, body);
    EXPECT_EQ(answer.kind, AnswerKind::Unreadable) << body;
    EXPECT_FALSE(answer.ok) << body;
    EXPECT_FALSE(answer.description.empty()) << body;
    EXPECT_TRUE(isRetryable(answer.kind));
  }
}

TEST(BotAnswer, AGatewaysTooManyRequestsIsRetryAfterWithoutSeconds) {
  const BotAnswer answer = parseAnswer(429, "Too Many Requests");
  EXPECT_EQ(answer.kind, AnswerKind::RetryAfter);
  EXPECT_FALSE(answer.retry_after.has_value());
}

TEST(BotAnswer, TheErrorCodeInTheBodyWinsOverTheHttpStatus) {
  EXPECT_EQ(parseAnswer(200, R"({"ok":false,"error_code":403,"description":"Forbidden"})").kind,
            AnswerKind::Blocked);
  EXPECT_EQ(parseAnswer(400, R"({"ok":false,"description":"no code"})").kind,
            AnswerKind::BadRequest);
}

TEST(BotAnswer, ALongDescriptionIsCutOnACodePoint) {
  const std::string description = "x" + repeat("Ж", 1000);
  const BotAnswer answer =
      parseAnswer(400, R"({"ok":false,"error_code":400,"description":")" + description + "\"}");
  EXPECT_EQ(answer.description.size(), 1023u);
  EXPECT_TRUE(utf16Length(answer.description).has_value());
}

TEST(BotAnswer, KindsHaveStableNames) {
  EXPECT_EQ(answerKindName(AnswerKind::Ok), "ok");
  EXPECT_EQ(answerKindName(AnswerKind::RetryAfter), "retry_after");
  EXPECT_EQ(answerKindName(AnswerKind::Blocked), "blocked");
  EXPECT_EQ(answerKindName(AnswerKind::BadRequest), "bad_request");
  EXPECT_EQ(answerKindName(AnswerKind::Unauthorized), "unauthorized");
  EXPECT_EQ(answerKindName(AnswerKind::Conflict), "conflict");
  EXPECT_EQ(answerKindName(AnswerKind::ServerError), "server_error");
  EXPECT_EQ(answerKindName(AnswerKind::Unreadable), "unreadable");
}

// ---- Results

TEST(BotResult, GetMeNamesTheBot) {
  auto bot = parseGetMeResult(
      R"({"id":7000000001,"is_bot":true,"first_name":"Parley","username":"parley_bot","can_join_groups":true})");
  ASSERT_TRUE(bot.has_value()) << bot.error().message;
  EXPECT_EQ(bot->id, 7000000001);
  EXPECT_EQ(bot->username, "parley_bot");
  EXPECT_EQ(bot->first_name, "Parley");
  EXPECT_FALSE(parseGetMeResult(R"({"id":"7","first_name":"P","username":"p"})").has_value());
}

TEST(BotResult, GetFileGivesThePathToDownload) {
  auto file = parseGetFileResult(
      R"({"file_id":"AgAC","file_unique_id":"AQAD","file_size":98765,"file_path":"photos/file_12.jpg"})");
  ASSERT_TRUE(file.has_value()) << file.error().message;
  EXPECT_EQ(file->file_path, "photos/file_12.jpg");
  EXPECT_EQ(file->file_size, 98765);
}

TEST(BotResult, GetFileWithoutAPathSaysTheFileIsTooBig) {
  auto file = parseGetFileResult(R"({"file_id":"AgAC","file_unique_id":"AQAD","file_size":1})");
  ASSERT_FALSE(file.has_value());
  EXPECT_NE(file.error().message.find("20 MB"), std::string::npos);
}

TEST(BotResult, GetFileRefusesAPathThatLeavesTheFileArea) {
  for (std::string_view path :
       {"../bot1:x/getMe", "photos/../../x", "/etc/passwd", "a?b", "a b", "a%2e%2e", ""}) {
    auto file = parseGetFileResult(R"({"file_path":")" + std::string(path) + "\"}");
    EXPECT_FALSE(file.has_value()) << path;
  }
}

TEST(BotResult, SentMessageGivesChatAndMessageId) {
  auto sent = parseSentMessage(
      R"({"message_id":61,"date":1717000200,"chat":{"id":-1001234567890,"type":"supergroup"},"text":"Hi"})");
  ASSERT_TRUE(sent.has_value()) << sent.error().message;
  EXPECT_EQ(sent->chat_id, -1001234567890);
  EXPECT_EQ(sent->message_id, 61);
  EXPECT_FALSE(parseSentMessage(R"({"message_id":61.0,"chat":{"id":1}})").has_value());
  EXPECT_FALSE(parseSentMessage(R"({"message_id":61})").has_value());
}

TEST(BotResult, OnlyTrueIsTrue) {
  EXPECT_TRUE(parseTrueResult("true").has_value());
  EXPECT_FALSE(parseTrueResult("false").has_value());
  EXPECT_FALSE(parseTrueResult(R"("true")").has_value());
  EXPECT_EQ(parseTrueResult("tru").error().code, ErrorCode::InvalidJson);
}

TEST(BotResult, AnOkAnswerFeedsTheResultParsers) {
  const BotAnswer answer =
      parseAnswer(200, R"({"ok":true,"result":true,"description":"Webhook was set"})");
  ASSERT_EQ(answer.kind, AnswerKind::Ok);
  EXPECT_TRUE(parseTrueResult(answer.result).has_value());
}

}  // namespace
}  // namespace parley::channels::telegram
