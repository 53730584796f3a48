#pragma once
// A WhatsApp channel's settings (C2): the business phone number's id and its business account's
// id from Meta's WhatsApp Manager, and where the Graph API is (meta/graph_settings.h). Its
// secrets, stored sealed, are the access token (a System User's permanent token) and the Meta
// app's secret, which signs webhooks (meta/meta_signature.h).

#include <string>
#include <string_view>

#include "channels/meta/graph_settings.h"
#include "core/error.h"
#include "core/json/json_reader.h"
#include "core/json/json_writer.h"

namespace parley::channels::whatsapp {

using meta::kAccessTokenField;
using meta::kAppSecretField;

struct WhatsAppSettings {
  std::string phone_number_id;
  std::string business_account_id;  // "" when not given (templates need it)
  meta::GraphEndpoint graph;
};

// ValidationFailed naming the field ("settings.phoneNumberId: …").
[[nodiscard]] Result<WhatsAppSettings> readWhatsAppSettings(const JsonObject& settings);
[[nodiscard]] Result<WhatsAppSettings> readWhatsAppSettings(std::string_view json);
void writeWhatsAppSettings(JsonWriter& json, const WhatsAppSettings& settings);
std::string whatsAppSettingsJson(const WhatsAppSettings& settings);

// ValidationFailed when a secret cannot be Meta's.
[[nodiscard]] Result<void> validateWhatsAppSecret(std::string_view field, std::string_view secret);

}  // namespace parley::channels::whatsapp
