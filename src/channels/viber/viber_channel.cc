#include "channels/viber/viber_channel.h"

#include "channels/message_content.h"
#include "channels/viber/viber_bots.h"
#include "channels/viber/viber_settings.h"
#include "channels/viber/viber_signature.h"

namespace parley::channels::viber {
namespace {

constexpr std::string_view kSignature = "x-viber-content-signature";

class ViberChannelType final : public ChannelType {
 public:
  explicit ViberChannelType(const ChannelServices& services)
      : bots_(services.stores, *services.clock, *services.http, *services.delivery,
              services.public_url, *services.media_link_key) {}

  // ChannelType
  std::string_view name() const override { return "viber"; }
  Capabilities capabilities() const override {
    return {.media = true,
            .choices = true,
            .max_choices = static_cast<int>(kMaxOptions),
            .location = true};
  }
  std::string_view secretField() const override { return "authToken"; }
  Result<void> validateSecret(std::string_view secret) const override {
    return validateAuthToken(secret);
  }
  Result<std::string> readSettings(const JsonObject& settings) const override {
    auto read = readViberSettings(settings);
    if (!read) {
      return std::unexpected(read.error());
    }
    return viberSettingsJson(*read);
  }
  void writeSettings(JsonWriter& json, std::string_view stored) const override {
    if (auto settings = readViberSettings(stored)) {
      writeViberSettings(json, *settings);
    } else {
      json.null();
    }
  }
  ChannelSender& sender() override { return bots_; }
  ChannelRuntime* runtime() override { return &bots_; }
  bool takesWebhooks() const override { return true; }

  void onWebhook(ChannelConfig channel, WebhookRequest request,
                 std::move_only_function<void(WebhookReply)> done) override {
    if (!isValidSignature(channel.secret, request.body, request.header(kSignature))) {
      done(webhookError(401, "unauthenticated", "missing or wrong X-Viber-Content-Signature"));
      return;
    }
    if (request.method != "POST") {
      done(webhookError(405, "method_not_allowed", "Viber POSTs callbacks"));
      return;
    }
    auto callback = parseCallback(request.body);
    if (!callback) {
      done(webhookError(400, errorCodeName(callback.error().code), callback.error().message));
      return;
    }
    bots_.onCallback(channel, *callback, std::move(done));
  }

 private:
  ViberBots bots_;
};

}  // namespace

void registerViber(ChannelRegistry& registry, const ChannelServices& services) {
  if (services.clock && services.http && services.delivery && services.media_link_key) {
    registry.add(std::make_unique<ViberChannelType>(services));
  }
}

}  // namespace parley::channels::viber
