#include <gtest/gtest.h>

#include "channels/meta/graph_error.h"
#include "channels/meta/meta_signature.h"
#include "channels/meta/verification.h"

namespace parley::channels::meta {
namespace {

constexpr std::string_view kSecret = "appsecret0123456789abcdef0123456";

TEST(MetaSignature, MatchesAnHmacComputedElsewhere) {
  // printf '{"object":"page"}' | openssl dgst -sha256 -hmac appsecret0123456789abcdef0123456
  EXPECT_EQ(signatureOf(kSecret, R"({"object":"page"})"),
            "sha256=20d7bdbba81bc8fa97334057183a0000d2d227d59ec940c349b6cefeccee4ecb");
}

TEST(MetaSignature, AcceptsOnlyTheRightSignatureOverTheExactBytes) {
  const std::string body = R"({"object":"whatsapp_business_account","text":"\u00e4"})";
  const std::string signature = signatureOf(kSecret, body);
  EXPECT_TRUE(isValidSignature(kSecret, body, signature));
  std::string upper = signature;
  for (size_t index = 7; index < upper.size(); ++index) {
    upper[index] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[index])));
  }
  EXPECT_TRUE(isValidSignature(kSecret, body, upper));
  EXPECT_FALSE(isValidSignature(kSecret, body + " ", signature));
  EXPECT_FALSE(isValidSignature("another secret", body, signature));
  EXPECT_FALSE(isValidSignature("", body, signature));
  EXPECT_FALSE(isValidSignature(kSecret, body, ""));
  EXPECT_FALSE(isValidSignature(kSecret, body, signature.substr(7)));  // no "sha256="
  EXPECT_FALSE(isValidSignature(kSecret, body, "sha1=" + signature.substr(7)));
  EXPECT_FALSE(isValidSignature(kSecret, body, signature + "0"));
  std::string not_hex = signature;
  not_hex.back() = 'g';
  EXPECT_FALSE(isValidSignature(kSecret, body, not_hex));
}

TEST(MetaVerification, AnswersTheChallengeOnlyForTheChannelsToken) {
  const std::string token = verifyTokenOf(kSecret, "chn_1");
  EXPECT_EQ(token.size(), 32u);
  EXPECT_NE(token, verifyTokenOf(kSecret, "chn_2"));
  EXPECT_EQ(verifyTokenOf("", "chn_1"), "");

  WebhookReply ok = answerVerification(
      "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=" + token, token);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.content_type, "text/plain");
  EXPECT_EQ(ok.body, "1158201444");

  EXPECT_EQ(
      answerVerification("hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong", token).status,
      403);
  EXPECT_EQ(answerVerification("hub.mode=subscribe&hub.challenge=1&hub.verify_token=", "").status,
            403);
  EXPECT_EQ(
      answerVerification("hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=" + token, token)
          .status,
      400);
  EXPECT_EQ(answerVerification(
                "hub.mode=subscribe&hub.challenge=%3Cscript%3E&hub.verify_token=" + token, token)
                .status,
            400);
}

HttpResponse answer(int status, std::string body) {
  return HttpResponse{.status = status, .body = std::move(body)};
}

TEST(GraphError, ReadsMetasErrorBody) {
  auto error = parseGraphError(
      R"({"error":{"message":"(#131047) Re-engagement message","type":"OAuthException","code":131047,"error_data":{"messaging_product":"whatsapp","details":"More than 24 hours"},"fbtrace_id":"AbC123"}})");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, 131047);
  EXPECT_FALSE(error->subcode.has_value());
  EXPECT_EQ(error->details, "More than 24 hours");
  EXPECT_EQ(error->fbtrace_id, "AbC123");
  EXPECT_FALSE(parseGraphError("<html>").has_value());
  EXPECT_FALSE(parseGraphError(R"({"error":"no"})").has_value());
}

TEST(GraphError, SortsEachErrorIntoWhatTheOutboxDoes) {
  auto verdict = [](int status, std::string body) {
    return classifyGraphAnswer(Result<HttpResponse>(answer(status, std::move(body))), "WhatsApp");
  };
  EXPECT_EQ(verdict(200, "{}").verdict, GraphVerdict::Ok);
  const GraphAnswer window =
      verdict(400, R"({"error":{"code":131047,"message":"Re-engagement","fbtrace_id":"T1"}})");
  EXPECT_EQ(window.verdict, GraphVerdict::WindowClosed);
  EXPECT_NE(window.reason.find("send an approved template"), std::string::npos);
  EXPECT_NE(window.reason.find("(Meta error 131047, trace T1)"), std::string::npos);
  EXPECT_EQ(verdict(400, R"({"error":{"code":10,"error_subcode":2018278}})").verdict,
            GraphVerdict::WindowClosed);
  EXPECT_EQ(verdict(400, R"({"error":{"code":10}})").verdict, GraphVerdict::AccountProblem);
  EXPECT_EQ(verdict(400, R"({"error":{"code":130429}})").verdict, GraphVerdict::RateLimited);
  EXPECT_EQ(verdict(400, R"({"error":{"code":131056}})").verdict, GraphVerdict::RateLimited);
  EXPECT_EQ(verdict(500, R"({"error":{"code":2}})").verdict, GraphVerdict::Temporary);
  EXPECT_EQ(verdict(401, R"({"error":{"code":190}})").verdict, GraphVerdict::AccountProblem);
  EXPECT_EQ(verdict(400, R"({"error":{"code":131026}})").verdict, GraphVerdict::Unreachable);
  EXPECT_EQ(verdict(400, R"({"error":{"code":132000}})").verdict, GraphVerdict::Refused);
  EXPECT_EQ(verdict(400, R"({"error":{"code":100,"message":"Invalid parameter"}})").verdict,
            GraphVerdict::Refused);
  EXPECT_EQ(verdict(502, "Bad gateway").verdict, GraphVerdict::Temporary);
  EXPECT_EQ(verdict(404, "").verdict, GraphVerdict::Refused);
  EXPECT_EQ(classifyGraphAnswer(fail(ErrorCode::RequestTimeout, "timed out"), "WhatsApp").verdict,
            GraphVerdict::Temporary);
}

}  // namespace
}  // namespace parley::channels::meta
