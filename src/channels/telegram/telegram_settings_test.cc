#include "channels/telegram/telegram_settings.h"

#include <gtest/gtest.h>

namespace parley::channels::telegram {
namespace {

TEST(TelegramSettings, DefaultsToWebhookModeOnTelegramsApi) {
  auto read = readTelegramSettings(std::string_view("{}"));
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->mode, UpdateMode::Webhook);
  EXPECT_EQ(telegramSettingsJson(*read),
            R"({"mode":"webhook","apiBaseUrl":"https://api.telegram.org"})");
}

TEST(TelegramSettings, ReadsPollingAndALocalBotApiWithoutTrailingSlash) {
  auto read = readTelegramSettings(
      std::string_view(R"({"mode":"polling","apiBaseUrl":"http://127.0.0.1:8081//"})"));
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->mode, UpdateMode::Polling);
  EXPECT_EQ(read->api_base_url, "http://127.0.0.1:8081");
}

TEST(TelegramSettings, RefusesUnknownModesAndUrlsThatAreNotHttp) {
  for (std::string_view body :
       {R"({"mode":"push"})", R"({"apiBaseUrl":"ftp://x"})", R"({"apiBaseUrl":"https://"})",
        R"({"apiBaseUrl":"https://a?b=1"})", R"({"mode":3})"}) {
    auto read = readTelegramSettings(body);
    ASSERT_FALSE(read) << body;
    EXPECT_EQ(read.error().code, ErrorCode::ValidationFailed) << body;
    EXPECT_TRUE(read.error().message.starts_with("settings.") ||
                read.error().message.starts_with("mode"))
        << read.error().message;
  }
}

TEST(TelegramSettings, WebhookSecretIsHexPerChannelAndChangesWithTheToken) {
  const std::string secret = webhookSecret("123:abc", "chn_1");
  EXPECT_EQ(secret.size(), 64u);
  EXPECT_EQ(secret.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(secret, webhookSecret("123:abc", "chn_1"));
  EXPECT_NE(secret, webhookSecret("123:abc", "chn_2"));
  EXPECT_NE(secret, webhookSecret("123:abd", "chn_1"));
}

}  // namespace
}  // namespace parley::channels::telegram
