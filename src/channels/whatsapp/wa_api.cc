#include "channels/whatsapp/wa_api.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "channels/message_template.h"
#include "channels/provider_json.h"

namespace parley::channels::whatsapp {
namespace {

using Json = nlohmann::json;

constexpr size_t kMaxContentBytes = 64 * 1024;
constexpr size_t kMaxAnswerBytes = 64 * 1024;
constexpr size_t kMaxDepth = 16;
constexpr size_t kMaxOptionId = 196;  // + "opt:" = 200, Meta's limit for ids
constexpr size_t kMaxTemplatesBytes = 4 * 1024 * 1024;

std::string stringOf(const Json& object, const char* key) {
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

Json envelope(std::string_view to, std::string_view type) {
  return {{"messaging_product", "whatsapp"},
          {"recipient_type", "individual"},
          {"to", std::string(to)},
          {"type", std::string(type)}};
}

// WhatsApp's kind for a file's type (§1.3 lists what each takes).
std::string_view mediaKind(std::string_view mime) {
  if (mime == "image/jpeg" || mime == "image/png") return "image";
  if (mime == "image/webp") return "sticker";
  if (mime == "video/mp4" || mime == "video/3gpp") return "video";
  if (mime == "audio/aac" || mime == "audio/amr" || mime == "audio/mpeg" || mime == "audio/mp4" ||
      mime == "audio/ogg") {
    return "audio";
  }
  return "document";
}

Result<std::string> sendText(std::string_view to, const Json& text) {
  if (!text.is_string() || text.get_ref<const std::string&>().empty()) {
    return fail(ErrorCode::ValidationFailed, "text must be a non-empty string");
  }
  const std::string& body = text.get_ref<const std::string&>();
  if (codePoints(body) > kMaxTextCharacters) {
    return fail(ErrorCode::ValidationFailed, "WhatsApp takes at most 4096 characters of text");
  }
  Json send = envelope(to, "text");
  send["text"] = {{"body", body}, {"preview_url", false}};
  return send.dump(-1, ' ', false, Json::error_handler_t::strict);
}

Result<std::string> sendMedia(std::string_view to, const Json& media) {
  const std::string url = stringOf(media, "url");
  if (!url.starts_with("https://") && !url.starts_with("http://")) {
    return fail(ErrorCode::ValidationFailed,
                "media.url must be an http(s) link WhatsApp can fetch");
  }
  const std::string_view kind = mediaKind(stringOf(media, "mimeType"));
  Json file = {{"link", url}};
  const std::string caption = stringOf(media, "caption");
  if (!caption.empty() && kind != "audio" && kind != "sticker") {
    if (codePoints(caption) > kMaxInteractiveBody) {
      return fail(ErrorCode::ValidationFailed,
                  "WhatsApp takes captions of at most 1024 characters");
    }
    file["caption"] = caption;
  }
  if (kind == "document") {
    const std::string name = stringOf(media, "name");
    file["filename"] = name.empty() ? "file" : firstCodePoints(name, 240);
  }
  Json send = envelope(to, kind);
  send[std::string(kind)] = std::move(file);
  return send.dump(-1, ' ', false, Json::error_handler_t::strict);
}

Result<std::string> sendChoices(std::string_view to, const Json& choices) {
  const std::string question = stringOf(choices, "text");
  if (question.empty() || codePoints(question) > kMaxInteractiveBody) {
    return fail(ErrorCode::ValidationFailed,
                "choices.text: WhatsApp needs a question of 1 to 1024 characters");
  }
  const auto options = choices.find("options");
  if (options == choices.end() || !options->is_array() || options->empty() ||
      options->size() > kMaxListRows) {
    return fail(ErrorCode::ValidationFailed, "choices.options: WhatsApp offers 1 to 10 options");
  }
  bool as_buttons = options->size() <= kMaxButtons;
  std::vector<std::string> ids;
  for (const Json& option : *options) {
    if (!option.is_string() || option.get_ref<const std::string&>().empty()) {
      return fail(ErrorCode::ValidationFailed, "choices.options must be non-empty strings");
    }
    // Meta takes ids of up to 200 characters, distinct within the message.
    std::string id = std::string(kOptionIdPrefix) +
                     firstCodePoints(option.get_ref<const std::string&>(), kMaxOptionId);
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) {
      return fail(ErrorCode::ValidationFailed,
                  "choices.options must differ: WhatsApp needs a distinct id for each");
    }
    ids.push_back(std::move(id));
    as_buttons = as_buttons && codePoints(option.get_ref<const std::string&>()) <= kMaxButtonTitle;
  }
  Json action;
  for (const Json& option : *options) {
    const std::string& title = option.get_ref<const std::string&>();
    const std::string id = std::string(kOptionIdPrefix) + firstCodePoints(title, kMaxOptionId);
    if (as_buttons) {
      action["buttons"].push_back({{"type", "reply"}, {"reply", {{"id", id}, {"title", title}}}});
      continue;
    }
    Json row = {{"id", id}, {"title", firstCodePoints(title, kMaxRowTitle)}};
    if (codePoints(title) > kMaxRowTitle) {
      row["description"] = firstCodePoints(title, kMaxRowDescription);
    }
    action["sections"][0]["rows"].push_back(std::move(row));
  }
  if (!as_buttons) {
    action["button"] = "Choose";
  }
  Json send = envelope(to, "interactive");
  send["interactive"] = {{"type", as_buttons ? "button" : "list"},
                         {"body", {{"text", question}}},
                         {"action", std::move(action)}};
  return send.dump(-1, ' ', false, Json::error_handler_t::strict);
}

Result<std::string> sendLocation(std::string_view to, const Json& location) {
  const auto latitude = location.find("latitude");
  const auto longitude = location.find("longitude");
  if (latitude == location.end() || longitude == location.end() || !latitude->is_number() ||
      !longitude->is_number()) {
    return fail(ErrorCode::ValidationFailed, "location needs latitude and longitude");
  }
  Json place = {{"latitude", latitude->get<double>()}, {"longitude", longitude->get<double>()}};
  if (const std::string name = stringOf(location, "name"); !name.empty()) {
    place["name"] = name;
  }
  Json send = envelope(to, "location");
  send["location"] = std::move(place);
  return send.dump(-1, ' ', false, Json::error_handler_t::strict);
}

Result<std::string> sendTemplate(std::string_view to, const Json& chosen) {
  const std::string name = stringOf(chosen, "name");
  const std::string language = stringOf(chosen, "language");
  if (name.empty() || language.empty()) {
    return fail(ErrorCode::ValidationFailed, "template needs a name and a language");
  }
  Json body = {{"name", name}, {"language", {{"code", language}}}};
  const auto parameters = chosen.find("parameters");
  if (parameters != chosen.end() && parameters->is_array() && !parameters->empty()) {
    Json values = Json::array();
    for (const Json& value : *parameters) {
      if (!value.is_string()) {
        return fail(ErrorCode::ValidationFailed, "template.parameters must be strings");
      }
      values.push_back({{"type", "text"}, {"text", value}});
    }
    body["components"] = Json::array({{{"type", "body"}, {"parameters", std::move(values)}}});
  }
  Json send = envelope(to, "template");
  send["template"] = std::move(body);
  return send.dump(-1, ' ', false, Json::error_handler_t::strict);
}

}  // namespace

std::string graphUrl(std::string_view base, std::string_view version, std::string_view path) {
  while (base.ends_with('/')) {
    base.remove_suffix(1);
  }
  return std::string(base) + "/" + std::string(version) + "/" + std::string(path);
}

Result<std::string> buildSend(std::string_view to, std::string_view content_json) {
  auto content = parseProviderJson(content_json, kMaxContentBytes, kMaxDepth);
  if (!content) {
    return std::unexpected(content.error());
  }
  if (!content->is_object() || content->empty()) {
    return fail(ErrorCode::ValidationFailed, "content must be an object");
  }
  if (const auto text = content->find("text"); text != content->end() && content->size() == 1) {
    return sendText(to, *text);
  }
  for (const char* kind : {"media", "choices", "location", "template"}) {
    const auto found = content->find(kind);
    if (found == content->end()) {
      continue;
    }
    if (!found->is_object()) {
      return fail(ErrorCode::ValidationFailed, std::string(kind) + " must be an object");
    }
    const std::string_view which = kind;
    return which == "media"      ? sendMedia(to, *found)
           : which == "choices"  ? sendChoices(to, *found)
           : which == "location" ? sendLocation(to, *found)
                                 : sendTemplate(to, *found);
  }
  return fail(ErrorCode::ValidationFailed, "WhatsApp cannot carry this content");
}

std::string markReadBody(std::string_view message_id) {
  return Json{{"messaging_product", "whatsapp"},
              {"status", "read"},
              {"message_id", std::string(message_id)}}
      .dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<std::string> parseSentId(std::string_view body) {
  auto answer = parseProviderJson(body, kMaxAnswerBytes, kMaxDepth);
  if (!answer) {
    return std::unexpected(answer.error());
  }
  if (answer->is_object()) {
    const auto messages = answer->find("messages");
    if (messages != answer->end() && messages->is_array() && !messages->empty() &&
        (*messages)[0].is_object()) {
      if (std::string id = stringOf((*messages)[0], "id"); !id.empty()) {
        return id;
      }
    }
  }
  return fail(ErrorCode::ValidationFailed, "WhatsApp's answer names no message id");
}

Result<std::string> parseMediaUrl(std::string_view body) {
  auto answer = parseProviderJson(body, kMaxAnswerBytes, kMaxDepth);
  if (!answer) {
    return std::unexpected(answer.error());
  }
  std::string url = answer->is_object() ? stringOf(*answer, "url") : "";
  if (!url.starts_with("https://") && !url.starts_with("http://")) {
    return fail(ErrorCode::ValidationFailed, "WhatsApp's media answer has no download URL");
  }
  return url;
}

Result<TemplatePage> parseTemplates(std::string_view body) {
  auto answer = parseProviderJson(body, kMaxTemplatesBytes, kMaxDepth);
  if (!answer) {
    return std::unexpected(answer.error());
  }
  const auto data = answer->is_object() ? answer->find("data") : answer->end();
  if (!answer->is_object() || data == answer->end() || !data->is_array()) {
    return fail(ErrorCode::ValidationFailed, "WhatsApp's template list has no data");
  }
  TemplatePage page;
  for (const Json& item : *data) {
    if (!item.is_object()) {
      continue;
    }
    ChannelTemplate read{.name = stringOf(item, "name"),
                         .language = stringOf(item, "language"),
                         .category = stringOf(item, "category"),
                         .status = stringOf(item, "status"),
                         .components_json = "[]"};
    if (read.name.empty() || read.language.empty()) {
      continue;
    }
    if (const auto components = item.find("components");
        components != item.end() && components->is_array()) {
      read.components_json = components->dump(-1, ' ', false, Json::error_handler_t::replace);
      for (const Json& component : *components) {
        if (component.is_object() && stringOf(component, "type") == "BODY") {
          read.body = stringOf(component, "text");
        }
      }
    }
    read.parameters = templateParameterCount(read.body);
    page.templates.push_back(std::move(read));
  }
  if (const auto paging = answer->find("paging"); paging != answer->end() && paging->is_object()) {
    page.next = stringOf(*paging, "next");
  }
  return page;
}

}  // namespace parley::channels::whatsapp
