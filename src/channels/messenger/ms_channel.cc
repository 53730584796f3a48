#include "channels/messenger/ms_channel.h"

#include "channels/channel_secrets.h"
#include "channels/messenger/ms_api.h"
#include "channels/messenger/ms_inbound.h"
#include "channels/messenger/ms_pages.h"
#include "channels/messenger/ms_settings.h"
#include "channels/messenger/ms_webhook.h"
#include "channels/meta/verification.h"

namespace parley::channels::messenger {
namespace {

class MessengerChannelType final : public ChannelType {
 public:
  MessengerChannelType(bool instagram, const ChannelServices& services)
      : instagram_(instagram),
        pages_(instagram, services.stores, *services.clock, *services.http, *services.delivery,
               services.public_url, *services.media_link_key) {}

  // ChannelType
  std::string_view name() const override { return instagram_ ? "instagram" : "messenger"; }
  Capabilities capabilities() const override {
    return {.media = true,
            .choices = true,
            .max_choices = static_cast<int>(kMaxQuickReplies),
            .read_receipts = true,
            .reply_window = kReplyWindow,
            .after_window =
                "a reply tagged as a human agent's, once the page has Meta's Human "
                "Agent permission (the channel's settings)"};
  }
  Capabilities capabilitiesOf(const ChannelConfig& channel) const override {
    Capabilities capabilities = this->capabilities();
    auto settings = readMessengerSettings(channel.settings, instagram_);
    if (settings && settings->human_agent_tag) {
      capabilities.tagged_window = kHumanAgentWindow;
    }
    return capabilities;
  }
  std::vector<std::string_view> secretFields() const override {
    return {kAccessTokenField, kAppSecretField};
  }
  Result<void> validateSecretField(std::string_view field, std::string_view secret) const override {
    return validateMessengerSecret(field, secret);
  }
  Result<std::string> readSettings(const JsonObject& settings) const override {
    auto read = readMessengerSettings(settings, instagram_);
    if (!read) {
      return std::unexpected(read.error());
    }
    return messengerSettingsJson(*read, instagram_);
  }
  void writeSettings(JsonWriter& json, std::string_view stored) const override {
    if (auto settings = readMessengerSettings(stored, instagram_)) {
      writeMessengerSettings(json, *settings, instagram_);
    } else {
      json.null();
    }
  }
  void writeAdminFields(JsonWriter& json, const ChannelConfig& channel) const override {
    json.field("verifyToken", meta::verifyTokenOf(channelSecret(channel.secret, kAppSecretField),
                                                  channel.id.value));
  }
  ChannelSender& sender() override { return pages_; }
  ChannelRuntime* runtime() override { return &pages_; }
  bool takesWebhooks() const override { return true; }

  void onWebhook(ChannelConfig channel, WebhookRequest request,
                 std::move_only_function<void(WebhookReply)> done) override {
    if (auto screened = meta::screenWebhook(request, channelSecret(channel.secret, kAppSecretField),
                                            channel.id.value)) {
      done(std::move(*screened));
      return;
    }
    auto events = parseMessengerWebhook(request.body);
    if (!events) {
      done(webhookError(400, errorCodeName(events.error().code), events.error().message));
      return;
    }
    for (const MsEvent& event : *events) {
      if (event.instagram != instagram_) {
        done(webhookError(400, "validation_failed",
                          instagram_ ? "object must be instagram on an Instagram channel"
                                     : "object must be page on a Messenger channel"));
        return;
      }
    }
    pages_.onWebhook(channel, std::move(*events), std::move(done));
  }

 private:
  const bool instagram_;
  MessengerPages pages_;
};

}  // namespace

void registerMessenger(ChannelRegistry& registry, const ChannelServices& services) {
  if (services.clock && services.http && services.delivery && services.media_link_key) {
    registry.add(std::make_unique<MessengerChannelType>(false, services));
    registry.add(std::make_unique<MessengerChannelType>(true, services));
  }
}

}  // namespace parley::channels::messenger
