#include "channels/viber/viber_settings.h"

#include <gtest/gtest.h>

namespace parley::channels::viber {
namespace {

TEST(ViberSettings, ReadsTheSenderAndDefaultsToVibersApi) {
  auto read = readViberSettings(std::string_view(R"({"senderName":"Shop"})"));
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(viberSettingsJson(*read),
            R"({"senderName":"Shop","avatarUrl":null,"welcomeMessage":null,)"
            R"("apiBaseUrl":"https://chatapi.viber.com/pa"})");
}

TEST(ViberSettings, SenderNamesAreOneTo28Characters) {
  EXPECT_TRUE(readViberSettings(std::string_view(R"({"senderName":"Ünïcödé Støre ✓"})")));
  for (std::string_view body :
       {R"({})", R"({"senderName":""})", R"({"senderName":"abcdefghijklmnopqrstuvwxyz123"})"}) {
    auto read = readViberSettings(body);
    ASSERT_FALSE(read) << body;
    EXPECT_TRUE(read.error().message.starts_with("settings.senderName:")) << read.error().message;
  }
}

TEST(ViberSettings, UrlsMustBeHttpAndEmptyOptionalFieldsAreUnset) {
  auto read = readViberSettings(std::string_view(
      R"({"senderName":"S","avatarUrl":"","welcomeMessage":"","apiBaseUrl":"http://127.0.0.1:9/pa/"})"));
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_FALSE(read->avatar_url);
  EXPECT_FALSE(read->welcome_message);
  EXPECT_EQ(read->api_base_url, "http://127.0.0.1:9/pa");
  EXPECT_FALSE(
      readViberSettings(std::string_view(R"({"senderName":"S","avatarUrl":"file:///x"})")));
  EXPECT_FALSE(readViberSettings(std::string_view(R"({"senderName":"S","apiBaseUrl":"ftp://x"})")));
}

TEST(ViberSettings, AuthTokensAreLettersDigitsAndDashes) {
  EXPECT_TRUE(validateAuthToken("445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9"));
  EXPECT_FALSE(validateAuthToken("short"));
  EXPECT_FALSE(validateAuthToken("445da6az1s345z78 dazcczb2542zv51a"));
}

}  // namespace
}  // namespace parley::channels::viber
