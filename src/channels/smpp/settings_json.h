#pragma once
// An SMS (SMPP) channel's settings as JSON: read from a request's "settings" object or from
// storage, and written back, in the API's spelling:
//   {"host":"smsc.example.com","port":2775,"tls":false,"systemId":"parley","systemType":"",
//    "sourceAddress":"+15550001111","binds":1,"window":10,"submitsPerSecond":0,
//    "deliveryGuarantee":"at-least-once"}
// Absent fields take their defaults; the result is validated (validateChannelSettings).

#include <string>

#include "channels/smpp/channel_settings.h"
#include "core/json/json_reader.h"
#include "core/json/json_writer.h"

namespace parley::channels::smpp {

[[nodiscard]] Result<channels::smpp::ChannelSettings> readSmppSettings(const JsonObject& settings);
[[nodiscard]] Result<channels::smpp::ChannelSettings> readSmppSettings(std::string_view json);
void writeSmppSettings(JsonWriter& json, const channels::smpp::ChannelSettings& settings);
std::string smppSettingsJson(const channels::smpp::ChannelSettings& settings);

}  // namespace parley::channels::smpp
