#include "channels/smpp/settings_json.h"

#include <charconv>

namespace parley::channels::smpp {
namespace {

// Shortest round-trip form: 0.5 stays 0.5, 100 stays 100.
std::string numberText(double value) {
  char buffer[32];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return error == std::errc() ? std::string(buffer, end) : "0";
}

}  // namespace

using channels::smpp::ChannelSettings;
using channels::smpp::DeliveryGuarantee;

Result<ChannelSettings> readSmppSettings(const JsonObject& json) {
  ChannelSettings settings;
  auto host = json.optionalString("host", 253);
  auto port = json.optionalInteger("port", 1, 65535);
  auto tls = json.optionalBoolean("tls");
  auto system_id = json.optionalString("systemId", 15);
  auto system_type = json.optionalString("systemType", 12);
  auto source = json.optionalString("sourceAddress", 21);
  auto binds = json.optionalInteger("binds", 1, 10);
  auto window = json.optionalInteger("window", 1, 100);
  auto rate = json.optionalDouble("submitsPerSecond", 0, 100'000);
  auto guarantee = json.optionalString("deliveryGuarantee", 20);
  for (const Error* error :
       {host ? nullptr : &host.error(), port ? nullptr : &port.error(),
        tls ? nullptr : &tls.error(), system_id ? nullptr : &system_id.error(),
        system_type ? nullptr : &system_type.error(), source ? nullptr : &source.error(),
        binds ? nullptr : &binds.error(), window ? nullptr : &window.error(),
        rate ? nullptr : &rate.error(), guarantee ? nullptr : &guarantee.error()}) {
    if (error) {
      return fail(error->code, "settings." + error->message);
    }
  }
  settings.host = host->value_or("");
  settings.port = static_cast<uint16_t>(port->value_or(2775));
  settings.tls = tls->value_or(false);
  settings.system_id = system_id->value_or("");
  settings.system_type = system_type->value_or("");
  settings.source_address = source->value_or("");
  settings.binds = static_cast<int>(binds->value_or(1));
  settings.window = static_cast<int>(window->value_or(10));
  settings.submits_per_second = rate->value_or(0);
  const std::string kind = guarantee->value_or("at-least-once");
  if (kind == "at-most-once") {
    settings.guarantee = DeliveryGuarantee::AtMostOnce;
  } else if (kind != "at-least-once") {
    return fail(ErrorCode::ValidationFailed,
                "settings.deliveryGuarantee must be at-least-once or at-most-once");
  }
  if (auto valid = channels::smpp::validateChannelSettings(settings); !valid) {
    return std::unexpected(valid.error());
  }
  return settings;
}

Result<ChannelSettings> readSmppSettings(std::string_view json) {
  auto object = JsonObject::parse(json);
  if (!object) {
    return std::unexpected(object.error());
  }
  return readSmppSettings(*object);
}

void writeSmppSettings(JsonWriter& json, const ChannelSettings& settings) {
  json.beginObject()
      .field("host", settings.host)
      .key("port")
      .number(settings.port)
      .key("tls")
      .boolean(settings.tls)
      .field("systemId", settings.system_id)
      .field("systemType", settings.system_type)
      .field("sourceAddress", settings.source_address)
      .key("binds")
      .number(settings.binds)
      .key("window")
      .number(settings.window)
      .key("submitsPerSecond")
      .raw(numberText(settings.submits_per_second))
      .field("deliveryGuarantee", channels::smpp::deliveryGuaranteeName(settings.guarantee))
      .endObject();
}

std::string smppSettingsJson(const ChannelSettings& settings) {
  JsonWriter json;
  writeSmppSettings(json, settings);
  return json.take();
}

}  // namespace parley::channels::smpp
