#include "channels/api/api_outbound.h"

#include <gtest/gtest.h>

#include "channels/webhook_signature.h"

namespace parley::channels::api {
namespace {

storage::OutboundMessage reply() {
  const TimePoint created{std::chrono::milliseconds(1795958460123)};  // 2026-11-29T13:21:00.123Z
  return storage::OutboundMessage{
      .conversation = Conversation{.tenant_id = TenantId{"ten_1"},
                                   .id = ConversationId{"cnv_1"},
                                   .contact_id = ContactId{"con_1"},
                                   .channel = "api"},
      .message = Message{.tenant_id = TenantId{"ten_1"},
                         .id = MessageId{"msg_1"},
                         .conversation_id = ConversationId{"cnv_1"},
                         .contact_id = ContactId{"con_1"},
                         .direction = Direction::Outbound,
                         .content = R"({"text":"Your refund is on its way \"today\""})",
                         .status = DeliveryStatus::Queued,
                         .author_id = UserId{"usr_1"},
                         .created_at = created},
      .identity = "+15550001"};
}

TEST(ApiOutbound, PayloadCarriesTheMessageAndTheContactsIdentity) {
  EXPECT_EQ(outboundPayload(reply(), storage::EventId{"evt_1"}),
            R"({"type":"message.outbound","eventId":"evt_1","message":{"id":"msg_1",)"
            R"("conversationId":"cnv_1","content":{"text":"Your refund is on its way \"today\""},)"
            R"("createdAt":"2026-11-29T13:21:00.123Z","authorId":"usr_1"},)"
            R"("contact":{"id":"con_1","identity":"+15550001"}})");
}

TEST(ApiOutbound, RequestIsASignedJsonPostToTheTenantsWebhook) {
  const storage::TenantSettings settings{.api_webhook_url = "https://example.test/hooks/parley",
                                         .api_webhook_secret = "s3cret"};
  const TimePoint now{std::chrono::seconds(1795958461)};
  const HttpRequest request =
      outboundRequest(reply(), storage::EventId{"evt_1"}, settings, now, std::chrono::seconds(7));
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "https://example.test/hooks/parley");
  EXPECT_EQ(request.timeout, std::chrono::seconds(7));
  EXPECT_EQ(request.body, outboundPayload(reply(), storage::EventId{"evt_1"}));
  auto header = [&](std::string_view name) {
    for (const auto& [key, value] : request.headers) {
      if (key == name) {
        return value;
      }
    }
    return std::string("<missing>");
  };
  EXPECT_EQ(header("Content-Type"), "application/json");
  EXPECT_EQ(header("X-Parley-Event-Id"), "evt_1");
  EXPECT_EQ(header("X-Parley-Timestamp"), "1795958461");
  EXPECT_TRUE(WebhookSignature::verify("s3cret", header("X-Parley-Timestamp"),
                                       header("X-Parley-Signature"), request.body, now)
                  .has_value());
}

TEST(ApiOutbound, PingIsSignedLikeEveryDelivery) {
  const storage::TenantSettings settings{.api_webhook_url = "http://127.0.0.1:9/hook",
                                         .api_webhook_secret = "s3cret"};
  const TimePoint now{std::chrono::seconds(1795958461)};
  const HttpRequest request =
      pingRequest(storage::EventId{"evt_9"}, settings, now, std::chrono::seconds(10));
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "http://127.0.0.1:9/hook");
  EXPECT_EQ(request.body, R"({"type":"ping","eventId":"evt_9"})");
  EXPECT_EQ(request.timeout, std::chrono::seconds(10));
  HttpHeaders expected = WebhookSignature::headers("s3cret", "evt_9", now, request.body);
  expected.emplace_back("Content-Type", "application/json");
  EXPECT_EQ(request.headers, expected);
}

// Message text goes only over TLS and only signed (S6).
TEST(ApiOutbound, OnlyHttpsUrlsWithASecretAreCalled) {
  EXPECT_TRUE(isAllowedWebhookUrl("https://crm.example/hook", false));
  EXPECT_TRUE(isAllowedWebhookUrl("HTTPS://crm.example", false));
  EXPECT_FALSE(isAllowedWebhookUrl("http://crm.example/hook", false));
  EXPECT_TRUE(isAllowedWebhookUrl("http://10.0.0.5:8080/hook", true));
  for (const char* url : {"", "https://", "https:///path", "https://?x", "ftp://crm.example",
                          "javascript:alert(1)", "crm.example/hook"}) {
    EXPECT_FALSE(isAllowedWebhookUrl(url, true)) << url;
  }
  storage::TenantSettings settings;
  EXPECT_EQ(webhookProblem(settings, true), "no webhook URL configured");
  settings.api_webhook_url = "http://crm.example/hook";
  settings.api_webhook_secret = "whsec_1";
  EXPECT_TRUE(webhookProblem(settings, false)->starts_with("the webhook URL is not https://"));
  EXPECT_EQ(webhookProblem(settings, true), std::nullopt);
  settings.api_webhook_url = "https://crm.example/hook";
  settings.api_webhook_secret.clear();
  EXPECT_TRUE(webhookProblem(settings, false)->starts_with("the webhook has no signing secret"));
}

}  // namespace
}  // namespace parley::channels::api
