#include "channels/smpp/smpp_channel.h"

#include "channels/message_content.h"
#include "channels/smpp/settings_json.h"

namespace parley::channels::smpp {
namespace {

class SmppChannelType final : public ChannelType {
 public:
  SmppChannelType(ChannelSender& sender, ChannelRuntime& runtime)
      : sender_(sender), runtime_(runtime) {}

  // ChannelType
  std::string_view name() const override { return "smpp"; }
  Capabilities capabilities() const override {
    return {.choices = true, .max_choices = static_cast<int>(kMaxOptions)};
  }
  std::string_view secretField() const override { return "password"; }
  Result<void> validateSecret(std::string_view secret) const override {
    return validatePassword(secret);
  }
  Result<std::string> readSettings(const JsonObject& settings) const override {
    auto read = readSmppSettings(settings);
    if (!read) {
      return std::unexpected(read.error());
    }
    return smppSettingsJson(*read);
  }
  void writeSettings(JsonWriter& json, std::string_view stored) const override {
    if (auto settings = readSmppSettings(stored)) {
      writeSmppSettings(json, *settings);
    } else {
      json.null();
    }
  }
  ChannelSender& sender() override { return sender_; }
  ChannelRuntime* runtime() override { return &runtime_; }

 private:
  ChannelSender& sender_;
  ChannelRuntime& runtime_;
};

}  // namespace

void registerSmpp(ChannelRegistry& registry, const ChannelServices& services) {
  if (services.smpp_sender && services.smpp_runtime) {
    registry.add(std::make_unique<SmppChannelType>(*services.smpp_sender, *services.smpp_runtime));
  }
}

}  // namespace parley::channels::smpp
