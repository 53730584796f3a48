#include "channels/whatsapp/wa_settings.h"

namespace parley::channels::whatsapp {

Result<WhatsAppSettings> readWhatsAppSettings(const JsonObject& settings) {
  auto number = settings.optionalString("phoneNumberId", 64);
  auto account = settings.optionalString("businessAccountId", 64);
  if (!number || !account) {
    return std::unexpected(Error{ErrorCode::ValidationFailed,
                                 "settings." + (!number ? number : account).error().message});
  }
  auto graph = meta::readGraphEndpoint(settings);
  if (!graph) {
    return std::unexpected(graph.error());
  }
  WhatsAppSettings read{.phone_number_id = number->value_or(""),
                        .business_account_id = account->value_or(""),
                        .graph = std::move(*graph)};
  if (!meta::isNumericId(read.phone_number_id)) {
    return fail(ErrorCode::ValidationFailed,
                "settings.phoneNumberId: the number's id from WhatsApp Manager (digits, e.g. "
                "106540352242922), not the phone number");
  }
  if (!read.business_account_id.empty() && !meta::isNumericId(read.business_account_id)) {
    return fail(ErrorCode::ValidationFailed,
                "settings.businessAccountId: the WhatsApp Business Account's id (digits)");
  }
  return read;
}

Result<WhatsAppSettings> readWhatsAppSettings(std::string_view json) {
  auto object = JsonObject::parse(json);
  if (!object) {
    return std::unexpected(object.error());
  }
  return readWhatsAppSettings(*object);
}

void writeWhatsAppSettings(JsonWriter& json, const WhatsAppSettings& settings) {
  json.beginObject()
      .field("phoneNumberId", settings.phone_number_id)
      .field("businessAccountId", settings.business_account_id);
  meta::writeGraphEndpoint(json, settings.graph);
  json.endObject();
}

std::string whatsAppSettingsJson(const WhatsAppSettings& settings) {
  JsonWriter json;
  writeWhatsAppSettings(json, settings);
  return json.take();
}

Result<void> validateWhatsAppSecret(std::string_view field, std::string_view secret) {
  return meta::validateMetaSecret(
      field, secret,
      "a System User's access token from Meta's Business Manager (starts with EAA…)");
}

}  // namespace parley::channels::whatsapp
