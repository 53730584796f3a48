#include "channels/whatsapp/wa_channel.h"

#include "channels/channel_secrets.h"
#include "channels/meta/verification.h"
#include "channels/whatsapp/wa_inbound.h"
#include "channels/whatsapp/wa_numbers.h"
#include "channels/whatsapp/wa_settings.h"
#include "channels/whatsapp/wa_webhook.h"

namespace parley::channels::whatsapp {
namespace {

class WhatsAppChannelType final : public ChannelType {
 public:
  explicit WhatsAppChannelType(const ChannelServices& services)
      : numbers_(services.stores, *services.clock, *services.http, *services.delivery,
                 services.public_url, *services.media_link_key) {}

  // ChannelType
  std::string_view name() const override { return "whatsapp"; }
  Capabilities capabilities() const override {
    return {.media = true,
            .choices = true,
            .max_choices = 10,
            .location = true,
            .read_receipts = true,
            .reply_window = kReplyWindow,
            .after_window = "an approved template",
            .templates = true};
  }
  std::vector<std::string_view> secretFields() const override {
    return {kAccessTokenField, kAppSecretField};
  }
  Result<void> validateSecretField(std::string_view field, std::string_view secret) const override {
    return validateWhatsAppSecret(field, secret);
  }
  Result<std::string> readSettings(const JsonObject& settings) const override {
    auto read = readWhatsAppSettings(settings);
    if (!read) {
      return std::unexpected(read.error());
    }
    return whatsAppSettingsJson(*read);
  }
  void writeSettings(JsonWriter& json, std::string_view stored) const override {
    if (auto settings = readWhatsAppSettings(stored)) {
      writeWhatsAppSettings(json, *settings);
    } else {
      json.null();
    }
  }
  // What the admin pastes into the Meta app's webhook settings beside the URL.
  void writeAdminFields(JsonWriter& json, const ChannelConfig& channel) const override {
    json.field("verifyToken", meta::verifyTokenOf(channelSecret(channel.secret, kAppSecretField),
                                                  channel.id.value));
  }
  void syncTemplates(ChannelConfig channel,
                     std::move_only_function<void(Result<size_t>)> done) override {
    numbers_.syncTemplates(channel, std::move(done));
  }
  ChannelSender& sender() override { return numbers_; }
  ChannelRuntime* runtime() override { return &numbers_; }
  bool takesWebhooks() const override { return true; }

  void onWebhook(ChannelConfig channel, WebhookRequest request,
                 std::move_only_function<void(WebhookReply)> done) override {
    if (auto screened = meta::screenWebhook(request, channelSecret(channel.secret, kAppSecretField),
                                            channel.id.value)) {
      done(std::move(*screened));
      return;
    }
    auto webhook = parseWhatsAppWebhook(request.body);
    if (!webhook) {
      done(webhookError(400, errorCodeName(webhook.error().code), webhook.error().message));
      return;
    }
    numbers_.onWebhook(channel, std::move(*webhook), std::move(done));
  }

 private:
  WhatsAppNumbers numbers_;
};

}  // namespace

void registerWhatsApp(ChannelRegistry& registry, const ChannelServices& services) {
  if (services.clock && services.http && services.delivery && services.media_link_key) {
    registry.add(std::make_unique<WhatsAppChannelType>(services));
  }
}

}  // namespace parley::channels::whatsapp
