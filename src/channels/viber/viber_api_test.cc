#include "channels/viber/viber_api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace parley::channels::viber {
namespace {

using nlohmann::json;

const SenderProfile kSupport{"Support", std::nullopt};

std::string repeat(std::string_view text, size_t times) {
  std::string out;
  for (size_t index = 0; index < times; ++index) {
    out += text;
  }
  return out;
}

// The send_message body for `content`, to the reference receiver from kSupport.
std::string sent(std::string_view content, const SenderProfile& sender = kSupport) {
  auto call = buildSend("01234567890A=", sender, content);
  EXPECT_TRUE(call.has_value()) << content << ": " << call.error().message;
  if (!call) {
    return "";
  }
  EXPECT_EQ(call->endpoint, "send_message");
  return call->body_json;
}

json sentJson(std::string_view content) {
  const std::string body = sent(content);
  return body.empty() ? json() : json::parse(body);
}

void expectRefused(std::string_view content, std::string_view names,
                   ErrorCode code = ErrorCode::ValidationFailed) {
  auto call = buildSend("01234567890A=", kSupport, content);
  ASSERT_FALSE(call.has_value()) << content;
  EXPECT_EQ(call.error().code, code) << content << ": " << call.error().message;
  EXPECT_NE(call.error().message.find(names), std::string::npos)
      << call.error().message << " should name " << names;
}

std::string textContent(std::string_view text) { return json{{"text", text}}.dump(); }

std::string mediaContent(std::string_view url, json mime_type, json caption = nullptr) {
  return json{{"media", {{"url", url}, {"mimeType", mime_type}, {"caption", caption}}}}.dump();
}

std::string choicesContent(size_t count) {
  json options = json::array();
  for (size_t index = 1; index <= count; ++index) {
    options.push_back("Option " + std::to_string(index));
  }
  return json{{"choices", {{"text", "Pick one"}, {"options", options}}}}.dump();
}

// ---- URLs and calls without content

TEST(ViberApi, EndpointUrlJoinsBaseAndEndpoint) {
  EXPECT_EQ(endpointUrl(kDefaultBaseUrl, "send_message"),
            "https://chatapi.viber.com/pa/send_message");
}

TEST(ViberApi, EndpointUrlDropsTrailingSlashesAndDefaultsAnEmptyBase) {
  EXPECT_EQ(endpointUrl("http://127.0.0.1:9000/pa//", "set_webhook"),
            "http://127.0.0.1:9000/pa/set_webhook");
  EXPECT_EQ(endpointUrl("", "get_account_info"), "https://chatapi.viber.com/pa/get_account_info");
}

TEST(ViberApi, SetWebhookIsTheReferenceBodyByteForByte) {
  auto call = setWebhookCall("https://hooks.example.com/viber");
  ASSERT_TRUE(call.has_value()) << call.error().message;
  EXPECT_EQ(call->endpoint, "set_webhook");
  EXPECT_EQ(call->body_json,
            R"({"url":"https://hooks.example.com/viber","event_types":["delivered","seen",)"
            R"("failed","subscribed","unsubscribed","conversation_started"],)"
            R"("send_name":true,"send_photo":true})");
}

TEST(ViberApi, SetWebhookTakesPlainHttpAndLeavesTheRefusalToViber) {
  EXPECT_TRUE(setWebhookCall("http://127.0.0.1:8080/hooks/viber/ch_1").has_value());
}

TEST(ViberApi, SetWebhookRefusesAnythingButAnHttpUrl) {
  for (const std::string& url :
       {std::string(""), std::string("hooks.example.com/viber"),
        std::string("ftp://hooks.example.com"), std::string("https://hooks.example.com/a b"),
        std::string("https://hooks.example.com/\n"),
        "https://h.example/" + std::string(kMaxUrlBytes, 'a')}) {
    auto call = setWebhookCall(url);
    ASSERT_FALSE(call.has_value()) << url;
    EXPECT_EQ(call.error().code, ErrorCode::ValidationFailed);
    EXPECT_NE(call.error().message.find("webhook url"), std::string::npos);
  }
}

TEST(ViberApi, RemovingTheWebhookSetsAnEmptyUrl) {
  const ApiCall call = removeWebhookCall();
  EXPECT_EQ(call.endpoint, "set_webhook");
  EXPECT_EQ(call.body_json, R"({"url":""})");
}

TEST(ViberApi, AccountInfoPostsAnEmptyObject) {
  const ApiCall call = accountInfoCall();
  EXPECT_EQ(call.endpoint, "get_account_info");
  EXPECT_EQ(call.body_json, "{}");
}

// ---- send_message

TEST(ViberApi, TextBecomesATextMessageWithReceiverSenderAndApiVersion) {
  EXPECT_EQ(sent(R"({"text":"Hello"})", {"Support", "https://cdn.example.com/a.png"}),
            R"({"receiver":"01234567890A=","min_api_version":1,)"
            R"("sender":{"name":"Support","avatar":"https://cdn.example.com/a.png"},)"
            R"("type":"text","text":"Hello"})");
}

TEST(ViberApi, ASenderWithoutAvatarIsOnlyAName) {
  EXPECT_EQ(sentJson(R"({"text":"Hi"})")["sender"], json({{"name", "Support"}}));
  EXPECT_EQ(json::parse(sent(R"({"text":"Hi"})", {"Support", ""}))["sender"],
            json({{"name", "Support"}}));
}

TEST(ViberApi, TextIsSentAsTyped) {
  const std::string text = "Hello <b>\"Ana\"</b>\n* 50% & more 😀";
  EXPECT_EQ(sentJson(textContent(text))["text"], text);
}

TEST(ViberApi, TextOf7000CharactersFitsAndOneMoreDoesNot) {
  EXPECT_EQ(sentJson(textContent(repeat("€", 7000)))["text"], repeat("€", 7000));
  expectRefused(textContent(repeat("a", 7001)), "text is 7001 characters");
}

TEST(ViberApi, AnEmojiOutsideTheBmpCountsTwoCharacters) {
  EXPECT_FALSE(sent(textContent(repeat("😀", 3500))).empty());
  expectRefused(textContent(repeat("😀", 3500) + "a"), "7001");
}

TEST(ViberApi, EmptyTextIsRefused) { expectRefused(R"({"text":""})", "text must not be empty"); }

TEST(ViberApi, ABodyOverThirtyThousandBytesIsRefused) {
  // 7000 control characters are 7000 characters, but 42000 bytes once escaped as \u0001.
  expectRefused(textContent(std::string(7000, '\x01')), "bytes as JSON");
}

TEST(ViberApi, AJpegBecomesAPictureWithItsCaptionAsText) {
  EXPECT_EQ(sent(mediaContent("https://cdn.example.com/a.jpg", "image/jpeg", "Your invoice")),
            R"({"receiver":"01234567890A=","min_api_version":1,"sender":{"name":"Support"},)"
            R"("type":"picture","text":"Your invoice","media":"https://cdn.example.com/a.jpg"})");
}

TEST(ViberApi, APictureWithoutCaptionHasNoText) {
  for (const json& caption : {json(nullptr), json("")}) {
    const json body = sentJson(mediaContent("https://cdn.example.com/a.png", "image/png", caption));
    EXPECT_EQ(body["type"], "picture");
    EXPECT_FALSE(body.contains("text"));
    EXPECT_FALSE(body.contains("thumbnail"));
  }
}

TEST(ViberApi, ImageMimeTypesAreRecognisedWhateverTheirCaseOrParameters) {
  for (std::string_view mime : {"image/jpeg", "IMAGE/PNG", "image/gif; charset=binary"}) {
    EXPECT_EQ(sentJson(mediaContent("https://cdn.example.com/file", mime))["type"], "picture")
        << mime;
  }
}

TEST(ViberApi, WithoutAMimeTypeTheUrlPathDecides) {
  for (std::string_view url : {"https://c.example/a.JPG?size=1", "https://c.example/a.jpeg#x",
                               "https://c.example/a.png", "https://c.example/a.gif"}) {
    EXPECT_EQ(sentJson(mediaContent(url, nullptr))["type"], "picture") << url;
  }
  for (std::string_view url : {"https://c.example/a.webp", "https://c.example/a.jpg.pdf",
                               "https://c.example/get?name=a.jpg", "https://c.example/"}) {
    EXPECT_EQ(sentJson(mediaContent(url, nullptr))["type"], "url") << url;
  }
  EXPECT_EQ(sentJson(mediaContent("https://c.example/a.png", ""))["type"], "picture");
}

TEST(ViberApi, OtherMediaBecomesAUrlMessageWithoutTheCaption) {
  for (std::string_view mime : {"application/pdf", "image/webp", "image/svg+xml", "video/mp4"}) {
    EXPECT_EQ(sent(mediaContent("https://cdn.example.com/contract", mime, "Your contract")),
              R"({"receiver":"01234567890A=","min_api_version":1,"sender":{"name":"Support"},)"
              R"("type":"url","media":"https://cdn.example.com/contract"})")
        << mime;
  }
}

TEST(ViberApi, AStoredFileGoesAsAFileWithItsNameAndSizeAndABigPictureToo) {
  const auto stored = [](std::string_view mime, uint64_t size) {
    return json{{"media",
                 {{"id", "med_1"},
                  {"url", "https://parley.example/api/v1/media/med_1/shared?sig=x"},
                  {"mimeType", mime},
                  {"name", "invoice 7.pdf"},
                  {"size", size},
                  {"caption", "Your invoice"}}}}
        .dump();
  };
  const json pdf = sentJson(stored("application/pdf", 3000));
  EXPECT_EQ(pdf["type"], "file");
  EXPECT_EQ(pdf["file_name"], "invoice 7.pdf");
  EXPECT_EQ(pdf["size"], 3000);
  EXPECT_EQ(pdf["media"], "https://parley.example/api/v1/media/med_1/shared?sig=x");
  EXPECT_FALSE(pdf.contains("text"));
  EXPECT_EQ(sentJson(stored("image/png", kMaxPictureBytes))["type"], "picture");
  const json big = sentJson(stored("image/png", kMaxPictureBytes + 1));
  EXPECT_EQ(big["type"], "file");
  EXPECT_EQ(big["size"], kMaxPictureBytes + 1);
}

TEST(ViberApi, APictureCaptionOf512CharactersFitsAndOneMoreDoesNot) {
  EXPECT_EQ(
      sentJson(mediaContent("https://c.example/a.jpg", "image/jpeg", repeat("c", 512)))["text"],
      repeat("c", 512));
  expectRefused(mediaContent("https://c.example/a.jpg", "image/jpeg", repeat("c", 513)),
                "media.caption is 513 characters");
}

TEST(ViberApi, AMediaUrlMustBeHttp) {
  for (std::string_view url :
       {"ftp://c.example/a.jpg", "javascript:alert(1)", "https://c.example/a b.jpg", ""}) {
    expectRefused(mediaContent(url, "image/jpeg"), "media.url");
  }
  expectRefused(R"({"media":{"mimeType":"image/jpeg"}})", "media.url must be a string");
  expectRefused(R"({"media":{"url":"https://c.example/a","mimeType":5}})", "media.mimeType");
}

TEST(ViberApi, ALocationBecomesLatAndLonWithoutItsName) {
  EXPECT_EQ(sent(R"({"location":{"latitude":52.5200000,"longitude":13.4000000,"name":"Office"}})"),
            R"({"receiver":"01234567890A=","min_api_version":1,"sender":{"name":"Support"},)"
            R"("type":"location","location":{"lat":52.52,"lon":13.4}})");
}

TEST(ViberApi, ALocationOutOfRangeOrNotNumericIsRefused) {
  expectRefused(R"({"location":{"latitude":90.5,"longitude":0}})", "latitude");
  expectRefused(R"({"location":{"latitude":0,"longitude":-181}})", "longitude");
  expectRefused(R"({"location":{"latitude":"1","longitude":2}})", "latitude");
  expectRefused(R"({"location":{"longitude":2}})", "latitude");
}

TEST(ViberApi, ChoicesBecomeAReplyKeyboardNeedingApiVersion3) {
  EXPECT_EQ(
      sent(R"({"choices":{"text":"Solved?","options":["Yes","No"]}})"),
      R"({"receiver":"01234567890A=","min_api_version":3,"sender":{"name":"Support"},)"
      R"("type":"text","text":"Solved?","keyboard":{"Type":"keyboard","DefaultHeight":false,)"
      R"("Buttons":[{"Columns":6,"Rows":1,"ActionType":"reply","ActionBody":"Yes","Text":"Yes"},)"
      R"({"Columns":6,"Rows":1,"ActionType":"reply","ActionBody":"No","Text":"No"}]}})");
}

TEST(ViberApi, TwelveChoicesFitAndThirteenDoNot) {
  EXPECT_EQ(sentJson(choicesContent(12))["keyboard"]["Buttons"].size(), 12u);
  expectRefused(choicesContent(13), "1 to 12");
}

TEST(ViberApi, ChoicesNeedAQuestionAndNonEmptyOptions) {
  expectRefused(choicesContent(0), "choices.options");
  expectRefused(R"({"choices":{"text":"Q","options":["Yes",""]}})",
                "choices.options[1] must be a non-empty string");
  expectRefused(R"({"choices":{"text":"Q","options":["Yes",2]}})", "choices.options[1]");
  expectRefused(R"({"choices":{"text":"Q","options":"Yes"}})", "choices.options");
  expectRefused(R"({"choices":{"text":"","options":["Yes"]}})", "choices.text must not be empty");
  expectRefused(R"({"choices":{"options":["Yes"]}})", "choices.text must be a string");
}

TEST(ViberApi, ContentOfAnUnknownShapeIsRefused) {
  for (std::string_view content :
       {"{}", "[]", R"("text")", R"({"text":"a","media":{"url":"https://x"}})",
        R"({"sticker":{"id":1}})", R"({"media":"https://x"})", R"({"location":[1,2]})"}) {
    auto call = buildSend("01234567890A=", kSupport, content);
    ASSERT_FALSE(call.has_value()) << content;
    EXPECT_EQ(call.error().code, ErrorCode::ValidationFailed) << content;
  }
  expectRefused(R"({"text":5})", "text must be a string");
}

TEST(ViberApi, ContentThatIsNotJsonIsRefused) {
  expectRefused(R"({"text":)", "not valid JSON", ErrorCode::InvalidJson);
  expectRefused("{\"text\":\"\xff\"}", "not valid JSON", ErrorCode::InvalidJson);
  expectRefused(std::string(70000, ' '), "larger than", ErrorCode::PayloadTooLarge);
}

TEST(ViberApi, AMalformedReceiverIsRefused) {
  for (const std::string& receiver :
       {std::string(""), std::string("01234 567890A="), std::string("a\n"), std::string("ü"),
        std::string(257, 'a')}) {
    auto call = buildSend(receiver, kSupport, R"({"text":"Hi"})");
    ASSERT_FALSE(call.has_value()) << receiver;
    EXPECT_NE(call.error().message.find("receiver"), std::string::npos);
  }
  EXPECT_TRUE(buildSend(std::string(256, 'a'), kSupport, R"({"text":"Hi"})").has_value());
}

TEST(ViberApi, ASenderNameHas1To28Characters) {
  EXPECT_TRUE(buildSend("u", {repeat("n", 28), std::nullopt}, R"({"text":"Hi"})").has_value());
  EXPECT_TRUE(buildSend("u", {repeat("😀", 14), std::nullopt}, R"({"text":"Hi"})").has_value());
  for (const std::string& name :
       {std::string(""), repeat("n", 29), repeat("😀", 15), std::string("\xc3")}) {
    auto call = buildSend("u", {name, std::nullopt}, R"({"text":"Hi"})");
    ASSERT_FALSE(call.has_value()) << name;
    EXPECT_NE(call.error().message.find("sender name"), std::string::npos);
  }
}

TEST(ViberApi, AnAvatarMustBeAnHttpUrl) {
  auto call = buildSend("u", {"Support", "file:///etc/passwd"}, R"({"text":"Hi"})");
  ASSERT_FALSE(call.has_value());
  EXPECT_NE(call.error().message.find("sender avatar"), std::string::npos);
}

TEST(ViberApi, TheWelcomeMessageHasNoReceiver) {
  auto welcome = welcomeMessage({"Support", "https://cdn.example.com/a.png"}, "Hi! Ask us.");
  ASSERT_TRUE(welcome.has_value()) << welcome.error().message;
  EXPECT_EQ(*welcome, R"({"sender":{"name":"Support","avatar":"https://cdn.example.com/a.png"},)"
                      R"("type":"text","text":"Hi! Ask us."})");
}

TEST(ViberApi, TheWelcomeMessageChecksItsSenderAndText) {
  EXPECT_FALSE(welcomeMessage(kSupport, "").has_value());
  EXPECT_FALSE(welcomeMessage(kSupport, repeat("a", 7001)).has_value());
  EXPECT_FALSE(welcomeMessage({"", std::nullopt}, "Hi").has_value());
}

// ---- Answers

TEST(ViberApi, AnOkAnswerKeepsItsTokenExactly) {
  const ViberAnswer answer = parseAnswer(
      200,
      R"({"status":0,"status_message":"ok","message_token":5058590812907389764,"chat_hostname":"SN-CHAT-04_"})");
  EXPECT_EQ(answer.kind, AnswerKind::Ok);
  EXPECT_EQ(answer.status, 0);
  EXPECT_EQ(answer.status_message, "ok");
  EXPECT_EQ(answer.message_token, "5058590812907389764");
  EXPECT_EQ(answer.reason, "");
}

TEST(ViberApi, ATwentyDigitTokenInAnAnswerIsKeptAndAFloatIsDropped) {
  EXPECT_EQ(parseAnswer(200, R"({"status":0,"message_token":18446744073709551615})").message_token,
            "18446744073709551615");
  EXPECT_EQ(parseAnswer(200, R"({"status":0,"message_token":5.0e18})").message_token, "");
  EXPECT_EQ(parseAnswer(200, R"({"status":0,"message_token":"12x"})").message_token, "");
}

TEST(ViberApi, StatusesAreClassified) {
  const std::pair<int, AnswerKind> cases[] = {
      {0, AnswerKind::Ok},
      {1, AnswerKind::BadRequest},
      {2, AnswerKind::AccountProblem},
      {3, AnswerKind::BadRequest},
      {4, AnswerKind::BadRequest},
      {5, AnswerKind::Unreachable},
      {6, AnswerKind::Unreachable},
      {7, AnswerKind::AccountProblem},
      {8, AnswerKind::AccountProblem},
      {9, AnswerKind::AccountProblem},
      {10, AnswerKind::AccountProblem},
      {11, AnswerKind::Unreachable},
      {12, AnswerKind::TooManyRequests},
      {13, AnswerKind::BadRequest},
      {14, AnswerKind::BadRequest},
      {-3, AnswerKind::BadRequest},
  };
  for (const auto& [status, kind] : cases) {
    const ViberAnswer answer = parseAnswer(200, R"({"status":)" + std::to_string(status) + "}");
    EXPECT_EQ(answer.kind, kind) << status;
    EXPECT_EQ(answer.status, status);
  }
}

TEST(ViberApi, OnlyTooManyRequestsAndUnreadableAreRetried) {
  EXPECT_TRUE(isRetryable(AnswerKind::TooManyRequests));
  EXPECT_TRUE(isRetryable(AnswerKind::Unreadable));
  for (AnswerKind kind : {AnswerKind::Ok, AnswerKind::Unreachable, AnswerKind::AccountProblem,
                          AnswerKind::BadRequest}) {
    EXPECT_FALSE(isRetryable(kind)) << answerKindName(kind);
  }
}

TEST(ViberApi, TheReasonSaysWhatHappenedAndNamesTheStatus) {
  EXPECT_EQ(parseAnswer(200, R"({"status":6,"status_message":"receiverNotSubscribed"})").reason,
            "the contact is not subscribed to the bot (Viber status 6 receiverNotSubscribed)");
  EXPECT_EQ(parseAnswer(200, R"({"status":12,"status_message":"Too many requests"})").reason,
            "too many messages to this contact without a reply; will retry later "
            "(Viber status 12 tooManyRequests)");
}

TEST(ViberApi, TheReasonAddsViberMessageWhenItSaysMore) {
  EXPECT_EQ(parseAnswer(200, R"({"status":3,"status_message":"Bad receiver ID"})").reason,
            "Viber refused the message as malformed (Viber status 3 badData: Bad receiver ID)");
}

TEST(ViberApi, AnUnknownStatusIsABadRequest) {
  const ViberAnswer answer = parseAnswer(200, R"({"status":99,"status_message":"new thing"})");
  EXPECT_EQ(answer.kind, AnswerKind::BadRequest);
  EXPECT_EQ(answer.reason, "Viber refused the request (Viber status 99: new thing)");
}

TEST(ViberApi, ServerErrorsAreUnreadableWhateverTheBody) {
  const ViberAnswer answer = parseAnswer(502, R"({"status":0,"status_message":"ok"})");
  EXPECT_EQ(answer.kind, AnswerKind::Unreadable);
  EXPECT_NE(answer.reason.find("HTTP 502"), std::string::npos);
}

TEST(ViberApi, AnAnswerWithoutAnIntegerStatusIsUnreadable) {
  for (std::string_view body :
       {"", "<html>Bad Gateway</html>", "{}", "[]", R"({"status":"0"})", R"({"status":0.0})",
        R"({"status":99999999999})", "{\"status\":0,\"x\":\"\xff\"}"}) {
    const ViberAnswer answer = parseAnswer(200, body);
    EXPECT_EQ(answer.kind, AnswerKind::Unreadable) << body;
    EXPECT_EQ(answer.status, -1) << body;
    EXPECT_NE(answer.reason.find("could not be read (HTTP 200"), std::string::npos) << body;
  }
}

TEST(ViberApi, Http429WithoutAViberBodyIsTooManyRequests) {
  EXPECT_EQ(parseAnswer(429, "").kind, AnswerKind::TooManyRequests);
}

TEST(ViberApi, AnOversizedAnswerIsUnreadable) {
  const ViberAnswer answer =
      parseAnswer(200, R"({"status":0,"x":")" + std::string(kMaxAnswerBytes, 'x') + "\"}");
  EXPECT_EQ(answer.kind, AnswerKind::Unreadable);
  EXPECT_NE(answer.reason.find("larger than"), std::string::npos);
}

TEST(ViberApi, AStatusMessageIsCutOnACodePoint) {
  const ViberAnswer answer =
      parseAnswer(200, R"({"status":3,"status_message":")" + repeat("é", 2000) + "\"}");
  EXPECT_LE(answer.status_message.size(), 1024u);
  EXPECT_TRUE(utf16Length(answer.status_message).has_value());
  EXPECT_TRUE(utf16Length(answer.reason).has_value());
}

TEST(ViberApi, StatusNamesAreViberNames) {
  EXPECT_EQ(statusName(0), "ok");
  EXPECT_EQ(statusName(6), "receiverNotSubscribed");
  EXPECT_EQ(statusName(11), "receiverNoSuitableDevice");
  EXPECT_EQ(statusName(13), "apiVersionNotSupported");
  EXPECT_EQ(statusName(14), "unknown");
  EXPECT_EQ(statusName(-1), "unknown");
  EXPECT_EQ(answerKindName(AnswerKind::AccountProblem), "account_problem");
}

// ---- get_account_info

constexpr std::string_view kAccountInfo =
    R"({"status":0,"status_message":"ok","id":"pa:75346594275468546724","name":"account name",
 "uri":"accountUri","icon":"http://example.com","background":"http://example.com",
 "category":"category","subcategory":"sub category","location":{"lon":0.1,"lat":0.2},
 "country":"UK","webhook":"https://my.site.com","event_types":["delivered","seen"],
 "subscribers_count":35,
 "members":[{"id":"01234567890A=","name":"my name","avatar":"http://example.com","role":"admin"}]})";

TEST(ViberApi, ReadsTheAccountInfo) {
  auto info = parseAccountInfo(kAccountInfo);
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_EQ(info->id, "pa:75346594275468546724");
  EXPECT_EQ(info->name, "account name");
  EXPECT_EQ(info->uri, "accountUri");
  EXPECT_EQ(info->webhook, "https://my.site.com");
  EXPECT_EQ(info->subscribers_count, 35);
}

TEST(ViberApi, AnAccountWithoutWebhookHasNone) {
  auto info = parseAccountInfo(R"({"status":0,"id":"pa:1","name":"Bot","webhook":""})");
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_FALSE(info->webhook.has_value());
  EXPECT_FALSE(info->uri.has_value());
  EXPECT_FALSE(info->subscribers_count.has_value());
}

TEST(ViberApi, AFailedAccountInfoAnswerGivesItsReason) {
  auto info = parseAccountInfo(R"({"status":2,"status_message":"invalidAuthToken"})");
  ASSERT_FALSE(info.has_value());
  EXPECT_EQ(info.error().code, ErrorCode::ValidationFailed);
  EXPECT_EQ(info.error().message,
            "get_account_info failed: the channel's Viber auth token is not valid (Viber status 2 "
            "invalidAuthToken)");
}

TEST(ViberApi, AccountInfoFieldsAreTypeChecked) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {R"({"status":0,"name":"Bot"})", "get_account_info.id"},
      {R"({"status":0,"id":"","name":"Bot"})", "get_account_info.id must not be empty"},
      {R"({"status":0,"id":"pa:1","name":3})", "get_account_info.name"},
      {R"({"status":0,"id":"pa:1","name":"Bot","webhook":true})", "get_account_info.webhook"},
      {R"({"status":0,"id":"pa:1","name":"Bot","subscribers_count":-1})", "subscribers_count"},
      {R"({"status":0,"id":"pa:1","name":"Bot","subscribers_count":3.5})", "subscribers_count"},
  };
  for (const auto& [body, names] : cases) {
    auto info = parseAccountInfo(body);
    ASSERT_FALSE(info.has_value()) << body;
    EXPECT_EQ(info.error().code, ErrorCode::ValidationFailed);
    EXPECT_NE(info.error().message.find(names), std::string::npos) << info.error().message;
  }
  EXPECT_EQ(parseAccountInfo("nope").error().code, ErrorCode::InvalidJson);
}

}  // namespace
}  // namespace parley::channels::viber
