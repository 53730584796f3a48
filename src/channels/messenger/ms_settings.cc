#include "channels/messenger/ms_settings.h"

namespace parley::channels::messenger {

Result<MessengerSettings> readMessengerSettings(const JsonObject& settings, bool instagram) {
  auto page = settings.optionalString("pageId", 64);
  auto account = settings.optionalString("instagramAccountId", 64);
  auto tag = settings.optionalBoolean("humanAgentTag");
  if (!page || !account || !tag) {
    return std::unexpected(
        Error{ErrorCode::ValidationFailed, "settings." + (!page      ? page.error()
                                                          : !account ? account.error()
                                                                     : tag.error())
                                                             .message});
  }
  auto graph = meta::readGraphEndpoint(settings);
  if (!graph) {
    return std::unexpected(graph.error());
  }
  MessengerSettings read{.page_id = page->value_or(""),
                         .instagram_account_id = account->value_or(""),
                         .human_agent_tag = tag->value_or(false),
                         .graph = std::move(*graph)};
  if (!meta::isNumericId(read.page_id)) {
    return fail(ErrorCode::ValidationFailed,
                "settings.pageId: the Facebook page's id (digits, from the page's About)");
  }
  if (instagram && !meta::isNumericId(read.instagram_account_id)) {
    return fail(ErrorCode::ValidationFailed,
                "settings.instagramAccountId: the Instagram professional account's id (digits)");
  }
  if (!instagram) {
    read.instagram_account_id.clear();
  }
  return read;
}

Result<MessengerSettings> readMessengerSettings(std::string_view json, bool instagram) {
  auto object = JsonObject::parse(json);
  if (!object) {
    return std::unexpected(object.error());
  }
  return readMessengerSettings(*object, instagram);
}

void writeMessengerSettings(JsonWriter& json, const MessengerSettings& settings, bool instagram) {
  json.beginObject().field("pageId", settings.page_id);
  if (instagram) {
    json.field("instagramAccountId", settings.instagram_account_id);
  }
  json.key("humanAgentTag").boolean(settings.human_agent_tag);
  meta::writeGraphEndpoint(json, settings.graph);
  json.endObject();
}

std::string messengerSettingsJson(const MessengerSettings& settings, bool instagram) {
  JsonWriter json;
  writeMessengerSettings(json, settings, instagram);
  return json.take();
}

Result<void> validateMessengerSecret(std::string_view field, std::string_view secret) {
  return meta::validateMetaSecret(field, secret,
                                  "the page's access token from the Meta app (starts with EAA…)");
}

}  // namespace parley::channels::messenger
