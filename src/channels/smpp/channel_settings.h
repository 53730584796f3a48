#pragma once
// An SMS (SMPP) channel's settings as an admin configures them, and the ESME session they make.
// The password is kept apart (sealed in storage, never shown).

#include <chrono>
#include <cstdint>
#include <string>

#include "channels/smpp/session.h"
#include "core/error.h"

namespace parley::channels::smpp {

enum class DeliveryGuarantee {
  AtLeastOnce,  // a message the SMS center never confirmed is submitted again (may arrive twice)
  AtMostOnce,   // it is marked failed instead (never twice, maybe never)
};

struct ChannelSettings {
  std::string host;
  uint16_t port = 2775;
  bool tls = false;
  std::string system_id;
  std::string system_type;
  std::string source_address;     // our sender id: +digits or up to 11 letters and digits
  int binds = 1;                  // connections to the SMS center, 1..10
  int window = 10;                // outstanding submit_sm per bind, 1..100
  double submits_per_second = 0;  // per bind; 0: no limit
  DeliveryGuarantee guarantee = DeliveryGuarantee::AtLeastOnce;
};

// ValidationFailed naming the field as the API spells it ("settings.host"…).
[[nodiscard]] Result<void> validateChannelSettings(const ChannelSettings& settings);
// ValidationFailed ("password") above the 8 octets SMPP 3.4 allows.
[[nodiscard]] Result<void> validatePassword(std::string_view password);

SessionConfig sessionConfig(const ChannelSettings& settings, std::string password);

std::string_view deliveryGuaranteeName(DeliveryGuarantee guarantee);  // "at-least-once"…

}  // namespace parley::channels::smpp
