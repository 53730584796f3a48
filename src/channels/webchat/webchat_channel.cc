#include "channels/webchat/webchat_channel.h"

#include "channels/webchat/settings_json.h"

namespace parley::channels::webchat {
namespace {

class WebchatChannelType final : public ChannelType {
 public:
  explicit WebchatChannelType(ChannelSender& sender) : sender_(sender) {}

  // ChannelType
  std::string_view name() const override { return "webchat"; }
  // Media: agents' files reach the visitor's page through signed links (images shown, others as
  // downloads).
  Capabilities capabilities() const override {
    return {.media = true, .typing = true, .read_receipts = true};
  }
  Result<std::string> readSettings(const JsonObject& settings) const override {
    auto read = readWidgetSettings(settings);
    if (!read) {
      return std::unexpected(read.error());
    }
    return widgetSettingsJson(*read);
  }
  void writeSettings(JsonWriter& json, std::string_view stored) const override {
    if (auto settings = readWidgetSettings(stored)) {
      writeWidgetSettings(json, *settings);
    } else {
      json.null();
    }
  }
  void writeLinks(JsonWriter& json, const ChannelConfig& channel) const override {
    json.field("embedPath", "/widget.js?channel=" + channel.id.value)
        .field("demoPath", "/demo?channel=" + channel.id.value);
  }
  ChannelSender& sender() override { return sender_; }
  ChannelStatus status(const ChannelConfig& channel) override {
    if (!channel.enabled) {
      return ChannelType::status(channel);
    }
    return {"ready", "sites on the allowed list can embed it", std::nullopt};
  }

 private:
  ChannelSender& sender_;
};

}  // namespace

void registerWebchat(ChannelRegistry& registry, const ChannelServices& services) {
  if (services.webchat_sender) {
    registry.add(std::make_unique<WebchatChannelType>(*services.webchat_sender));
  }
}

}  // namespace parley::channels::webchat
