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

const TimePoint kIssued{std::chrono::seconds(1796000000)};

ChannelConfig channelOf(std::string tenant, std::string channel, std::string epoch = "") {
  return ChannelConfig{.tenant_id = TenantId{std::move(tenant)},
                       .id = ChannelId{std::move(channel)},
                       .type = "webchat",
                       .secret = std::move(epoch)};
}

const privacy::SecretKey kChannelKey = visitorTokenKey(kKey, channelOf("ten_a", "chn_a"));

TEST(VisitorToken, RoundTripsUntilItExpires) {
  const std::string token = visitorToken(kChannelKey, kVisitor, kIssued);
  EXPECT_EQ(token.substr(0, token.rfind('.')), "vt_vis_0123456789abcdef.1796000000");
  for (const TimePoint now : {kIssued, kIssued - std::chrono::minutes(4),
                              kIssued + kVisitorTokenLifetime - std::chrono::seconds(1)}) {
    auto visitor = verifyVisitorToken(kChannelKey, token, now);
    ASSERT_TRUE(visitor.has_value());
    EXPECT_EQ(visitor->value, kVisitor.value);
  }
  EXPECT_FALSE(verifyVisitorToken(kChannelKey, token, kIssued + kVisitorTokenLifetime));
  EXPECT_FALSE(verifyVisitorToken(kChannelKey, token, kIssued - std::chrono::minutes(6)));
}

TEST(VisitorToken, IsRefusedForAnotherChannelTenantEpochKeyOrVisitor) {
  const std::string token = visitorToken(kChannelKey, kVisitor, kIssued);
  for (const ChannelConfig& other :
       {channelOf("ten_a", "chn_b"), channelOf("ten_b", "chn_a"), channelOf("ten_a", "chn_a", "e2"),
        channelOf("ten_a|chn_a", ""), channelOf("ten_a", "chn_a|")}) {
    EXPECT_FALSE(verifyVisitorToken(visitorTokenKey(kKey, other), token, kIssued))
        << other.tenant_id.value << " " << other.id.value << " " << other.secret;
  }
  EXPECT_FALSE(verifyVisitorToken(
      visitorTokenKey(privacy::SecretKey(std::string(32, 'x')), channelOf("ten_a", "chn_a")), token,
      kIssued));
  std::string forged = token;
  forged.replace(forged.find("0123"), 4, "9999");  // another visitor id, same signature
  EXPECT_FALSE(verifyVisitorToken(kChannelKey, forged, kIssued));
  std::string extended = token;  // a later issue time, same signature
  extended.replace(extended.find("1796000000"), 10, "1797000000");
  EXPECT_FALSE(verifyVisitorToken(kChannelKey, extended, kIssued));
}

TEST(VisitorToken, MalformedTokensAreRefused) {
  const std::string token = visitorToken(kChannelKey, kVisitor, kIssued);
  const std::string mac = token.substr(token.rfind('.') + 1);
  for (const std::string& malformed :
       {std::string(), std::string("vt_"), std::string("vt_vis_x"), std::string("vt_vis_x."),
        std::string("xx_vis_x.00"), std::string("vt_usr_x.00"), std::string("vt_vis_x.zz"),
        "vt_vis_0123456789abcdef." + mac, "vt_vis_0123456789abcdef..1796000000." + mac,
        "vt_vis_0123456789abcdef.-1." + mac, "vt_vis_0123456789abcdef.+1796000000." + mac,
        "vt_vis_0123456789abcdef.99999999999999999999." + mac}) {
    EXPECT_FALSE(verifyVisitorToken(kChannelKey, malformed, kIssued)) << malformed;
  }
  EXPECT_FALSE(verifyVisitorToken(kChannelKey, std::string(1000, 'a'), kIssued));
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
  const std::string token = visitorToken(kChannelKey, kVisitor, kIssued);
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
