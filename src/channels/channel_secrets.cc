#include "channels/channel_secrets.h"

#include <nlohmann/json.hpp>

#include "core/json/json_writer.h"

namespace parley::channels {

ChannelSecrets readChannelSecrets(std::string_view stored) {
  ChannelSecrets secrets;
  const auto parsed = nlohmann::json::parse(stored, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) {
    return secrets;
  }
  for (const auto& [field, value] : parsed.items()) {
    if (value.is_string()) {
      secrets.emplace(field, value.get<std::string>());
    }
  }
  return secrets;
}

std::string channelSecret(std::string_view stored, std::string_view field) {
  ChannelSecrets secrets = readChannelSecrets(stored);
  const auto found = secrets.find(field);
  return found == secrets.end() ? "" : std::move(found->second);
}

std::string channelSecretsJson(const ChannelSecrets& secrets) {
  if (secrets.empty()) {
    return "";
  }
  JsonWriter json;
  json.beginObject();
  for (const auto& [field, value] : secrets) {
    json.field(field, value);
  }
  json.endObject();
  return json.take();
}

}  // namespace parley::channels
