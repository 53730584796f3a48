#include "channels/messenger/ms_api.h"

#include <nlohmann/json.hpp>

#include "channels/provider_json.h"
#include "channels/render.h"

namespace parley::channels::messenger {
namespace {

using Json = nlohmann::json;

constexpr size_t kMaxContentBytes = 64 * 1024;
constexpr size_t kMaxAnswerBytes = 64 * 1024;
constexpr size_t kMaxDepth = 16;

std::string stringOf(const Json& object, const char* key) {
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

Result<void> checkText(const SendTo& to, std::string_view text) {
  if (text.empty()) {
    return fail(ErrorCode::ValidationFailed, "text must not be empty");
  }
  if (to.instagram && text.size() > kMaxInstagramTextBytes) {
    return fail(ErrorCode::ValidationFailed, "Instagram takes texts of under 1000 bytes");
  }
  if (!to.instagram && codePoints(text) > kMaxTextCharacters) {
    return fail(ErrorCode::ValidationFailed, "Messenger takes at most 2000 characters of text");
  }
  return {};
}

Result<std::string> finish(const SendTo& to, Json message) {
  Json send = {{"recipient", {{"id", std::string(to.recipient)}}}, {"message", std::move(message)}};
  if (to.human_agent) {
    send["messaging_type"] = "MESSAGE_TAG";
    send["tag"] = "HUMAN_AGENT";
  } else {
    send["messaging_type"] = "RESPONSE";
  }
  return send.dump(-1, ' ', false, Json::error_handler_t::strict);
}

std::string_view attachmentType(std::string_view mime) {
  if (mime.starts_with("image/")) return "image";
  if (mime.starts_with("video/")) return "video";
  if (mime.starts_with("audio/")) return "audio";
  return "file";
}

Result<std::string> sendChoices(const SendTo& to, const Json& choices) {
  const std::string question = stringOf(choices, "text");
  if (auto valid = checkText(to, question); !valid) {
    return std::unexpected(valid.error());
  }
  const auto options = choices.find("options");
  if (options == choices.end() || !options->is_array() || options->empty() ||
      options->size() > kMaxQuickReplies) {
    return fail(ErrorCode::ValidationFailed, "choices.options: 1 to 13 quick replies");
  }
  Json replies = Json::array();
  for (const Json& option : *options) {
    if (!option.is_string() || option.get_ref<const std::string&>().empty()) {
      return fail(ErrorCode::ValidationFailed, "choices.options must be non-empty strings");
    }
    const std::string& title = option.get_ref<const std::string&>();
    replies.push_back(
        {{"content_type", "text"},
         {"title", firstCodePoints(title, kMaxQuickReplyTitle)},
         {"payload", std::string(kOptionPayloadPrefix) + firstCodePoints(title, 900)}});
  }
  return finish(to, {{"text", question}, {"quick_replies", std::move(replies)}});
}

}  // namespace

Result<std::string> buildSend(const SendTo& to, std::string_view content_json) {
  auto content = parseProviderJson(content_json, kMaxContentBytes, kMaxDepth);
  if (!content) {
    return std::unexpected(content.error());
  }
  if (!content->is_object()) {
    return fail(ErrorCode::ValidationFailed, "content must be an object");
  }
  if (const auto media = content->find("media"); media != content->end() && media->is_object()) {
    const std::string url = stringOf(*media, "url");
    if (!url.starts_with("https://") && !url.starts_with("http://")) {
      return fail(ErrorCode::ValidationFailed, "media.url must be an http(s) link Meta can fetch");
    }
    return finish(to, {{"attachment",
                        {{"type", std::string(attachmentType(stringOf(*media, "mimeType")))},
                         {"payload", {{"url", url}, {"is_reusable", true}}}}}});
  }
  if (const auto choices = content->find("choices");
      choices != content->end() && choices->is_object()) {
    return sendChoices(to, *choices);
  }
  if (content->contains("template")) {
    return fail(ErrorCode::ValidationFailed, "Messenger and Instagram send no templates");
  }
  // Text, and a location as its name and a map link.
  auto text = plainTextOf(content_json);
  if (!text) {
    return std::unexpected(text.error());
  }
  if (auto valid = checkText(to, *text); !valid) {
    return std::unexpected(valid.error());
  }
  return finish(to, {{"text", *text}});
}

Result<std::string> captionSend(const SendTo& to, std::string_view content_json) {
  auto content = parseProviderJson(content_json, kMaxContentBytes, kMaxDepth);
  if (!content || !content->is_object()) {
    return std::string();
  }
  const auto media = content->find("media");
  if (media == content->end() || !media->is_object() || stringOf(*media, "caption").empty()) {
    return std::string();
  }
  const std::string caption = stringOf(*media, "caption");
  if (auto valid = checkText(to, caption); !valid) {
    return std::unexpected(valid.error());
  }
  return finish(to, {{"text", caption}});
}

std::string markSeenBody(std::string_view recipient) {
  return Json{{"recipient", {{"id", std::string(recipient)}}}, {"sender_action", "mark_seen"}}.dump(
      -1, ' ', false, Json::error_handler_t::replace);
}

Result<std::string> parseSentId(std::string_view body) {
  auto answer = parseProviderJson(body, kMaxAnswerBytes, kMaxDepth);
  if (answer && answer->is_object()) {
    if (std::string id = stringOf(*answer, "message_id"); !id.empty()) {
      return id;
    }
  }
  return fail(ErrorCode::ValidationFailed, "Meta's answer names no message id");
}

}  // namespace parley::channels::messenger
