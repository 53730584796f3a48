#include "channels/whatsapp/wa_webhook.h"

#include <gtest/gtest.h>

#include "channels/whatsapp/wa_inbound.h"

namespace parley::channels::whatsapp {
namespace {

std::string envelope(std::string_view value) {
  return R"({"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"106540352242922"},)" +
         std::string(value) + "}}]}]}";
}

TEST(WhatsAppWebhook, ReadsATextWithItsSenderNameAndTimestamp) {
  auto webhook = parseWhatsAppWebhook(envelope(
      R"("contacts":[{"profile":{"name":"Ana"},"wa_id":"4915112345678"}],"messages":[{"from":"4915112345678","id":"wamid.A","timestamp":"1717000000","type":"text","text":{"body":"Hi, my order is late \u00e4"},"context":{"from":"15550001111","id":"wamid.Q"}}])"));
  ASSERT_TRUE(webhook.has_value()) << webhook.error().message;
  ASSERT_EQ(webhook->messages.size(), 1u);
  const WaMessage& message = webhook->messages[0];
  EXPECT_EQ(message.phone_number_id, "106540352242922");
  EXPECT_EQ(message.from, "4915112345678");
  EXPECT_EQ(message.id, "wamid.A");
  EXPECT_EQ(message.timestamp, 1717000000);
  EXPECT_EQ(message.kind, WaKind::Text);
  EXPECT_EQ(message.text, "Hi, my order is late \xC3\xA4");
  EXPECT_EQ(message.contact_name, "Ana");
  EXPECT_EQ(message.context_id, "wamid.Q");

  const ChannelInbound inbound = toInbound(message, TenantId{"ten_1"}, ChannelId{"chn_1"});
  EXPECT_EQ(inbound.identity, "4915112345678");
  EXPECT_EQ(inbound.provider_message_id, "wamid.A");
  EXPECT_EQ(inbound.sent_at, fromUnixMillis(1717000000000));
  EXPECT_EQ(inbound.reply_window, kReplyWindow);
  EXPECT_EQ(inbound.contact_name, "Ana");
}

TEST(WhatsAppWebhook, ReadsMediaChoicesLocationsAndStatusesOfOneBatch) {
  auto webhook = parseWhatsAppWebhook(envelope(R"("messages":[
    {"from":"1","id":"wamid.1","timestamp":"1717000001","type":"image","image":{"id":"MEDIA1","mime_type":"image/jpeg","sha256":"x","caption":"my receipt"}},
    {"from":"1","id":"wamid.2","timestamp":"1717000002","type":"document","document":{"id":"MEDIA2","mime_type":"application/pdf","filename":"invoice.pdf"}},
    {"from":"1","id":"wamid.3","timestamp":"1717000003","type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"opt:Yes, solved","title":"Yes, solved"}}},
    {"from":"1","id":"wamid.4","timestamp":"1717000004","type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"other","title":"Tuesday","description":"afternoon"}}},
    {"from":"1","id":"wamid.5","timestamp":"1717000005","type":"location","location":{"latitude":52.52,"longitude":13.405,"name":"Office"}},
    {"from":"1","id":"wamid.6","timestamp":"1717000006","type":"reaction","reaction":{"message_id":"wamid.X","emoji":"\ud83d\udc4d"}},
    {"from":"1","id":"wamid.7","timestamp":"1717000007","type":"unsupported"}],
    "statuses":[{"id":"wamid.S","status":"failed","timestamp":"1717000009","recipient_id":"1","errors":[{"code":131047,"title":"Re-engagement message","error_data":{"details":"More than 24 hours"}}]}])"));
  ASSERT_TRUE(webhook.has_value()) << webhook.error().message;
  ASSERT_EQ(webhook->messages.size(), 7u);
  const auto& m = webhook->messages;
  EXPECT_EQ(m[0].kind, WaKind::Media);
  EXPECT_EQ(m[0].media->id, "MEDIA1");
  EXPECT_EQ(m[0].text, "my receipt");
  EXPECT_EQ(m[1].media->file_name, "invoice.pdf");
  EXPECT_EQ(m[2].kind, WaKind::Choice);
  const TenantId tenant{"ten_1"};
  const ChannelId channel{"chn_1"};
  EXPECT_EQ(toInbound(m[2], tenant, channel).choice, "Yes, solved");
  EXPECT_EQ(toInbound(m[3], tenant, channel).choice, "Tuesday");
  EXPECT_EQ(toInbound(m[4], tenant, channel).content,
            R"({"location":{"latitude":52.5200000,"longitude":13.4050000,"name":"Office"}})");
  EXPECT_EQ(toInbound(m[5], tenant, channel).text, "[reacted \xF0\x9F\x91\x8D]");
  EXPECT_EQ(m[6].kind, WaKind::Other);
  EXPECT_EQ(toInbound(m[6], tenant, channel).text,
            "[a WhatsApp message Parley cannot show: unsupported]");
  ASSERT_EQ(webhook->statuses.size(), 1u);
  EXPECT_EQ(webhook->statuses[0].status, "failed");
  EXPECT_EQ(webhook->statuses[0].error_code, 131047);
  EXPECT_EQ(webhook->statuses[0].error_text, "Re-engagement message: More than 24 hours");
}

TEST(WhatsAppWebhook, ReadsEveryEntryAndChangeAndSkipsOtherFields) {
  const std::string message =
      R"({"from":"1","id":"wamid.%","timestamp":"1717000000","type":"text","text":{"body":"x"}})";
  std::string body = R"({"object":"whatsapp_business_account","entry":[)";
  for (int entry = 0; entry < 2; ++entry) {
    body +=
        std::string(entry ? "," : "") +
        R"({"id":"1","changes":[{"field":"message_template_status_update","value":{"event":"APPROVED"}},{"field":"messages","value":{"metadata":{"phone_number_id":"9"},"messages":[)";
    for (int index = 0; index < 3; ++index) {
      std::string one = message;
      one.replace(one.find('%'), 1, std::to_string(entry * 3 + index));
      body += std::string(index ? "," : "") + one;
    }
    body += "]}}]}";
  }
  body += "]}";
  auto webhook = parseWhatsAppWebhook(body);
  ASSERT_TRUE(webhook.has_value()) << webhook.error().message;
  ASSERT_EQ(webhook->messages.size(), 6u);
  for (size_t index = 0; index < 6; ++index) {
    EXPECT_EQ(webhook->messages[index].id, "wamid." + std::to_string(index));
  }
}

TEST(WhatsAppWebhook, RefusesWhatIsNotAWhatsAppWebhookNamingTheField) {
  auto error = [](const std::string& body) {
    auto parsed = parseWhatsAppWebhook(body);
    return parsed ? std::string("parsed") : parsed.error().message;
  };
  EXPECT_EQ(error("{").substr(0, 30), "the webhook is not valid JSON:");
  EXPECT_EQ(error("[]"), "the webhook must be a JSON object");
  EXPECT_EQ(error(R"({"object":"page","entry":[]})"), "object must be whatsapp_business_account");
  EXPECT_EQ(error(envelope(
                R"("messages":[{"from":"1","timestamp":"1","type":"text","text":{"body":"x"}}])")),
            "entry[0].changes[0].value.messages[0].id is missing");
  EXPECT_EQ(
      error(envelope(
          R"("messages":[{"from":"1","id":"w","timestamp":"soon","type":"text","text":{"body":"x"}}])")),
      "entry[0].changes[0].value.messages[0].timestamp must be Unix seconds");
  EXPECT_EQ(
      error(envelope(
          R"("messages":[{"from":"1","id":"w","timestamp":"1","type":"text","text":{"body":7}}])")),
      "entry[0].changes[0].value.messages[0].text.body must be a string");
  EXPECT_EQ(
      error(envelope(
          R"("messages":[{"from":"1","id":"w","timestamp":"1","type":"location","location":{"latitude":91,"longitude":0}}])")),
      "entry[0].changes[0].value.messages[0].location.latitude must be a number between "
      "-90 and 90");
  EXPECT_EQ(error(std::string(100, '[') + std::string(100, ']')).substr(0, 30),
            "the webhook is not valid JSON:");
  EXPECT_EQ(error(std::string(kMaxWebhookBytes + 1, ' ')), "a webhook is at most 4 MiB");
}

}  // namespace
}  // namespace parley::channels::whatsapp
