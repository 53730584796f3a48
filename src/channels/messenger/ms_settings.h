#pragma once
// A Messenger or Instagram channel's settings (C3, C4): the Facebook page's id (Instagram: also
// the Instagram professional account's id, which its webhooks name), whether the page may tag
// late replies as a human agent's (Meta's Human Agent permission, up to 7 days), and where the
// Graph API is (meta/graph_settings.h). Its secrets, stored sealed, are the page access token and
// the Meta app's secret.

#include <string>
#include <string_view>

#include "channels/meta/graph_settings.h"
#include "core/error.h"
#include "core/json/json_reader.h"
#include "core/json/json_writer.h"

namespace parley::channels::messenger {

using meta::kAccessTokenField;
using meta::kAppSecretField;

struct MessengerSettings {
  std::string page_id;
  std::string instagram_account_id;  // Instagram channels: the entry.id of its webhooks
  bool human_agent_tag = false;
  meta::GraphEndpoint graph;
};

// ValidationFailed naming the field. `instagram` requires the Instagram account's id.
[[nodiscard]] Result<MessengerSettings> readMessengerSettings(const JsonObject& settings,
                                                              bool instagram);
[[nodiscard]] Result<MessengerSettings> readMessengerSettings(std::string_view json,
                                                              bool instagram);
void writeMessengerSettings(JsonWriter& json, const MessengerSettings& settings, bool instagram);
std::string messengerSettingsJson(const MessengerSettings& settings, bool instagram);

[[nodiscard]] Result<void> validateMessengerSecret(std::string_view field, std::string_view secret);

}  // namespace parley::channels::messenger
