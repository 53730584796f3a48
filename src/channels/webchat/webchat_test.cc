// Web chat: visitor tokens and the widget's settings.
#include <gtest/gtest.h>

#include "channels/webchat/media_link.h"
#include "channels/webchat/visitor_token.h"
#include "channels/webchat/widget_settings.h"

namespace parley::channels::webchat {
namespace {

const privacy::SecretKey kKey(std::string(32, 'k'));
const TenantId kTenant{"ten_a"};
const ChannelId kChannel{"chn_a"};
const VisitorId kVisitor{"vis_0123456789abcdef"};

TEST(VisitorToken, RoundTrips) {
  const std::string token = visitorToken(kKey, kTenant, kChannel, kVisitor);
  EXPECT_TRUE(token.starts_with("vt_vis_"));
  auto visitor = verifyVisitorToken(kKey, kTenant, kChannel, token);
  ASSERT_TRUE(visitor.has_value());
  EXPECT_EQ(visitor->value, kVisitor.value);
}

TEST(VisitorToken, IsRefusedForAnotherChannelTenantKeyOrVisitor) {
  const std::string token = visitorToken(kKey, kTenant, kChannel, kVisitor);
  EXPECT_FALSE(verifyVisitorToken(kKey, kTenant, ChannelId{"chn_b"}, token));
  EXPECT_FALSE(verifyVisitorToken(kKey, TenantId{"ten_b"}, kChannel, token));
  EXPECT_FALSE(
      verifyVisitorToken(privacy::SecretKey(std::string(32, 'x')), kTenant, kChannel, token));
  std::string forged = token;
  forged.replace(forged.find("0123"), 4, "9999");  // another visitor id, same signature
  EXPECT_FALSE(verifyVisitorToken(kKey, kTenant, kChannel, forged));
}

TEST(VisitorToken, MalformedTokensAreRefused) {
  for (std::string_view token :
       {"", "vt_", "vt_vis_x", "vt_vis_x.", "xx_vis_x.00", "vt_usr_x.00", "vt_vis_x.zz"}) {
    EXPECT_FALSE(verifyVisitorToken(kKey, kTenant, kChannel, token)) << token;
  }
  EXPECT_FALSE(verifyVisitorToken(kKey, kTenant, kChannel, std::string(1000, 'a')));
}

TEST(WidgetMediaLink, NamesOneFileOnOneChannel) {
  const MediaId media{"med_0123"};
  const std::string url = widgetMediaUrl(kKey, kTenant, kChannel, media);
  const std::string prefix = "/api/v1/widget/media/med_0123?channel=chn_a&sig=";
  ASSERT_TRUE(url.starts_with(prefix)) << url;
  const std::string signature = url.substr(prefix.size());
  EXPECT_TRUE(verifyWidgetMediaSignature(kKey, kTenant, kChannel, media, signature));
  EXPECT_FALSE(verifyWidgetMediaSignature(kKey, kTenant, kChannel, MediaId{"med_0124"}, signature));
  EXPECT_FALSE(verifyWidgetMediaSignature(kKey, kTenant, ChannelId{"chn_b"}, media, signature));
  EXPECT_FALSE(verifyWidgetMediaSignature(kKey, TenantId{"ten_b"}, kChannel, media, signature));
  EXPECT_FALSE(verifyWidgetMediaSignature(privacy::SecretKey(std::string(32, 'x')), kTenant,
                                          kChannel, media, signature));
  EXPECT_FALSE(verifyWidgetMediaSignature(kKey, kTenant, kChannel, media, ""));
  EXPECT_FALSE(verifyWidgetMediaSignature(kKey, kTenant, kChannel, media, signature + "0"));
  // Not a visitor token: the two signatures never stand for each other.
  const std::string token = visitorToken(kKey, kTenant, kChannel, kVisitor);
  EXPECT_FALSE(verifyWidgetMediaSignature(kKey, kTenant, kChannel, media,
                                          token.substr(token.find('.') + 1)));
}

TEST(WidgetSettings, DefaultsAreValidAndOriginsAreChecked) {
  WidgetSettings settings;
  EXPECT_TRUE(validateWidgetSettings(settings).has_value());
  settings.allowed_origins = {"https://shop.example", "http://localhost:3000/"};
  EXPECT_TRUE(validateWidgetSettings(settings).has_value());
  EXPECT_TRUE(isAllowedOrigin(settings, "HTTPS://Shop.Example"));
  EXPECT_TRUE(isAllowedOrigin(settings, "http://localhost:3000"));
  EXPECT_FALSE(isAllowedOrigin(settings, "https://shop.example.evil"));
  EXPECT_FALSE(isAllowedOrigin(settings, "null"));
  for (const char* bad : {"shop.example", "https://shop.example/path", "ftp://x", "https://",
                          "javascript:alert(1)", "*"}) {
    settings.allowed_origins = {bad};
    auto valid = validateWidgetSettings(settings);
    ASSERT_FALSE(valid.has_value()) << bad;
    EXPECT_TRUE(valid.error().message.starts_with("settings.allowedOrigins")) << bad;
  }
}

TEST(WidgetSettings, ColoursAndTextsAreChecked) {
  WidgetSettings settings;
  settings.primary_color = "red";
  EXPECT_FALSE(validateWidgetSettings(settings).has_value());
  settings = {};
  settings.on_primary_color = "#12345g";
  EXPECT_FALSE(validateWidgetSettings(settings).has_value());
  settings = {};
  settings.title = "";
  EXPECT_FALSE(validateWidgetSettings(settings).has_value());
  settings = {};
  settings.greeting = std::string(501, 'a');
  EXPECT_FALSE(validateWidgetSettings(settings).has_value());
}

}  // namespace
}  // namespace parley::channels::webchat
