#include "channels/telegram/telegram_channel.h"

#include "channels/message_content.h"
#include "channels/telegram/bot_api.h"
#include "channels/telegram/telegram_bots.h"
#include "channels/telegram/telegram_settings.h"
#include "privacy/crypto.h"

namespace parley::channels::telegram {
namespace {

constexpr std::string_view kSecretHeader = "x-telegram-bot-api-secret-token";

class TelegramChannelType final : public ChannelType {
 public:
  explicit TelegramChannelType(const ChannelServices& services)
      : bots_(services.stores, *services.clock, *services.http, services.public_url) {}

  // ChannelType
  std::string_view name() const override { return "telegram"; }
  Capabilities capabilities() const override {
    return {.media = true,
            .choices = true,
            .max_choices = static_cast<int>(kMaxOptions),
            .location = true,
            .typing = true};  // sendChatAction
  }
  std::string_view secretField() const override { return "botToken"; }
  Result<void> validateSecret(std::string_view secret) const override {
    if (!isWellFormedToken(secret)) {
      return fail(ErrorCode::ValidationFailed,
                  "botToken: the token BotFather gave, like 123456789:AAE…");
    }
    return {};
  }
  Result<std::string> readSettings(const JsonObject& settings) const override {
    auto read = readTelegramSettings(settings);
    if (!read) {
      return std::unexpected(read.error());
    }
    return telegramSettingsJson(*read);
  }
  void writeSettings(JsonWriter& json, std::string_view stored) const override {
    if (auto settings = readTelegramSettings(stored)) {
      writeTelegramSettings(json, *settings);
    } else {
      json.null();
    }
  }
  ChannelSender& sender() override { return bots_; }
  ChannelRuntime* runtime() override { return &bots_; }
  bool takesWebhooks() const override { return true; }

  void onWebhook(ChannelConfig channel, WebhookRequest request,
                 std::move_only_function<void(WebhookReply)> done) override {
    const std::string expected = webhookSecret(channel.secret, channel.id.value);
    if (channel.secret.empty() ||
        !privacy::equalsConstantTime(request.header(kSecretHeader), expected)) {
      done(
          webhookError(401, "unauthenticated", "missing or wrong X-Telegram-Bot-Api-Secret-Token"));
      return;
    }
    if (request.method != "POST") {
      done(webhookError(405, "method_not_allowed", "Telegram POSTs updates"));
      return;
    }
    auto update = parseUpdate(request.body);
    if (!update) {
      done(webhookError(400, errorCodeName(update.error().code), update.error().message));
      return;
    }
    bots_.receive(channel, *update, [done = std::move(done)](Result<void> stored) mutable {
      // Not stored: Telegram sends the update again.
      done(stored
               ? WebhookReply{.body = "{}"}
               : webhookError(503, "not_ready", "the update could not be stored; send it again"));
    });
  }

 private:
  TelegramBots bots_;
};

}  // namespace

void registerTelegram(ChannelRegistry& registry, const ChannelServices& services) {
  if (services.clock && services.http) {
    registry.add(std::make_unique<TelegramChannelType>(services));
  }
}

}  // namespace parley::channels::telegram
