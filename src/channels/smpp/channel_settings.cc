#include "channels/smpp/channel_settings.h"

#include <algorithm>
#include <cctype>

namespace parley::channels::smpp {
namespace {

// Errors name the field first, as the request body's readers do.
Result<void> invalid(std::string_view field, std::string_view message) {
  return fail(ErrorCode::ValidationFailed, std::string(field) + ": " + std::string(message));
}

bool isSenderId(std::string_view address) {
  if (address.empty()) {
    return false;
  }
  const std::string_view digits = address.front() == '+' ? address.substr(1) : address;
  if (!digits.empty() && digits.size() <= 20 &&
      std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return true;
  }
  return address.size() <= 11 && std::all_of(address.begin(), address.end(), [](unsigned char c) {
           return std::isalnum(c) || c == ' ';
         });
}

}  // namespace

Result<void> validateChannelSettings(const ChannelSettings& settings) {
  if (settings.host.empty() || settings.host.size() > 253) {
    return invalid("settings.host", "the SMS center's host name or address is required");
  }
  if (settings.port == 0) {
    return invalid("settings.port", "the port must be between 1 and 65535");
  }
  if (settings.system_id.empty() || settings.system_id.size() > 15) {
    return invalid("settings.systemId", "the system id must be 1 to 15 characters");
  }
  if (settings.system_type.size() > 12) {
    return invalid("settings.systemType", "the system type is at most 12 characters");
  }
  if (!isSenderId(settings.source_address)) {
    return invalid("settings.sourceAddress",
                   "the sender id is a phone number (+ and up to 20 digits) or up to 11 letters "
                   "and digits");
  }
  if (settings.binds < 1 || settings.binds > 10) {
    return invalid("settings.binds", "binds must be between 1 and 10");
  }
  if (settings.window < 1 || settings.window > 100) {
    return invalid("settings.window", "the window must be between 1 and 100");
  }
  if (!(settings.submits_per_second >= 0) || settings.submits_per_second > 100'000) {
    return invalid("settings.submitsPerSecond",
                   "submits per second must be between 0 (no limit) and 100000");
  }
  if (settings.tls) {
    return invalid("settings.tls", "TLS to the SMS center is not supported yet");
  }
  return {};
}

Result<void> validatePassword(std::string_view password) {
  if (password.size() > 8) {
    return invalid("password", "SMPP 3.4 passwords are at most 8 characters");
  }
  return {};
}

SessionConfig sessionConfig(const ChannelSettings& settings, std::string password) {
  SessionConfig config;
  config.system_id = settings.system_id;
  config.password = std::move(password);
  config.system_type = settings.system_type;
  config.window = static_cast<size_t>(settings.window);
  config.submits_per_second = settings.submits_per_second;
  config.acknowledge_later = true;  // a text is answered once it is stored
  return config;
}

std::string_view deliveryGuaranteeName(DeliveryGuarantee guarantee) {
  return guarantee == DeliveryGuarantee::AtMostOnce ? "at-most-once" : "at-least-once";
}

}  // namespace parley::channels::smpp
