#pragma once
// A tenant's configured channels, in plaintext. Storage seals the secret; nothing here knows how.

#include <string>

#include "core/clock.h"
#include "core/ids.h"

namespace parley {

struct ChannelTag {
  static constexpr const char* kPrefix = "chn_";
};
using ChannelId = Id<ChannelTag>;

// A configured channel of a tenant (SMS over SMPP today; the API channel is built in and not here).
// Tenant configuration, not personal data, except `secret`.
struct ChannelConfig {
  TenantId tenant_id;
  ChannelId id;
  std::string type;  // "smpp"
  std::string name;
  bool enabled = true;
  std::string settings;  // JSON object: the type's non-secret settings, validated by the caller
  std::string secret;    // the type's secret (the SMPP password); sealed at rest; "" = none
  TimePoint created_at;
  TimePoint updated_at;
};

// A message template the provider approved (or not yet) for a channel (WhatsApp), as last synced
// from it: what may still be sent once a reply window closed.
struct ChannelTemplate {
  std::string name;
  std::string language;  // "en_US"
  std::string category;  // "UTILITY", "MARKETING", "AUTHENTICATION"
  std::string status;    // "APPROVED", "PENDING", "REJECTED", "PAUSED"…
  std::string body;      // the BODY component's text, with {{1}}, {{2}}… for its parameters
  int parameters = 0;    // how many {{n}} the body has
  std::string components_json;  // every component as the provider gave them (header, buttons…)
};

}  // namespace parley
