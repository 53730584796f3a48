#include "channels/telegram/bot_api.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "channels/provider_json.h"
#include "channels/telegram/telegram_update.h"
namespace parley::channels::telegram {
namespace {

// Answers and content are read into nlohmann::json (std::map: an object of n keys parses in
// O(n log n); ordered_json's linear lookups would make a hostile answer quadratic). Calls are
// written as ordered_json, so a body reads in the order it was built, chat_id first.
using Json = nlohmann::json;
using Body = nlohmann::ordered_json;

constexpr size_t kMaxContentBytes = 64 * 1024;
constexpr size_t kMaxUrlBytes = 2048;
constexpr size_t kMaxIdBytes = 1024;
constexpr size_t kMaxDescriptionBytes = 1024;
constexpr size_t kMaxToastLength = 200;
constexpr int64_t kMaxRetryAfter = 86400;

Body allowedUpdates() { return Body::array({"message", "edited_message", "callback_query"}); }

Result<Json> parseJson(std::string_view body, size_t max_bytes) {
  return parseProviderJson(body, max_bytes, kMaxJsonDepth);
}

// Invalid UTF-8 cannot reach here (inputs are checked); `replace` keeps dump() from throwing.
BotCall call(std::string method, const Body& body) {
  return BotCall{std::move(method), body.dump(-1, ' ', false, Body::error_handler_t::replace)};
}

// A member, or nullptr when `object` is no object or the member is absent or null.
const Json* member(const Json& object, std::string_view key) {
  if (!object.is_object()) {
    return nullptr;
  }
  const auto found = object.find(key);
  return found == object.end() || found->is_null() ? nullptr : &*found;
}

// A decimal chat id goes out as a JSON number, as Telegram documents it.
Result<Body> chatIdJson(std::string_view chat_id) {
  int64_t number = 0;
  const char* end = chat_id.data() + chat_id.size();
  if (!chat_id.empty() && chat_id.front() != '+') {
    const auto [stop, error] = std::from_chars(chat_id.data(), end, number);
    if (error == std::errc() && stop == end) {
      return Body(number);
    }
  }
  const bool is_username = chat_id.size() >= 2 && chat_id.size() <= 65 && chat_id.front() == '@' &&
                           std::all_of(chat_id.begin() + 1, chat_id.end(), [](char c) {
                             return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                           });
  if (!is_username) {
    return fail(ErrorCode::ValidationFailed,
                "chat_id must be a decimal chat id or an @channelname");
  }
  return Body(std::string(chat_id));
}

Result<void> checkText(std::string_view text, size_t max_length, std::string_view what) {
  const std::optional<size_t> length = utf16Length(text);
  if (!length) {
    return fail(ErrorCode::ValidationFailed, std::string(what) + " is not valid UTF-8");
  }
  if (*length > max_length) {
    return fail(ErrorCode::ValidationFailed,
                std::string(what) + " is " + std::to_string(*length) +
                    " UTF-16 code units long; Telegram allows at most " +
                    std::to_string(max_length));
  }
  return {};
}

Result<void> checkUrl(std::string_view url, std::string_view what) {
  const bool has_scheme = url.starts_with("https://") || url.starts_with("http://");
  const bool is_clean = std::none_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F;
  });
  if (!has_scheme || !is_clean || url.size() > kMaxUrlBytes) {
    return fail(ErrorCode::ValidationFailed,
                std::string(what) + " must be an http(s) URL without spaces, at most " +
                    std::to_string(kMaxUrlBytes) + " bytes");
  }
  return {};
}

Result<BotCall> sendMedia(std::string method, std::string_view field, std::string_view chat_id,
                          std::string_view url, std::optional<std::string_view> caption) {
  Result<Body> chat = chatIdJson(chat_id);
  if (!chat) {
    return std::unexpected(std::move(chat.error()));
  }
  if (auto valid = checkUrl(url, "media url"); !valid) {
    return std::unexpected(std::move(valid.error()));
  }
  Body body = {{"chat_id", std::move(*chat)}, {field, std::string(url)}};
  if (caption && !caption->empty()) {
    if (auto valid = checkText(*caption, kMaxCaptionLength, "caption"); !valid) {
      return std::unexpected(std::move(valid.error()));
    }
    body["caption"] = std::string(*caption);
  }
  return call(std::move(method), body);
}

std::string lowercase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

bool isPhoto(const std::optional<std::string>& mime_type, std::string_view url) {
  if (mime_type && !mime_type->empty()) {
    const std::string type = lowercase(mime_type->substr(0, mime_type->find(';')));
    return type.starts_with("image/") && !type.starts_with("image/svg+xml");
  }
  static constexpr std::string_view kExtensions[] = {".jpg", ".jpeg", ".png", ".webp", ".gif"};
  const std::string path = lowercase(url.substr(0, url.find_first_of("?#")));
  return std::any_of(std::begin(kExtensions), std::end(kExtensions),
                     [&](std::string_view extension) { return path.ends_with(extension); });
}

// A member that must be a string, or null/absent when `optional`.
Result<std::optional<std::string>> stringMember(const Json& object, std::string_view key,
                                                std::string_view path, bool optional) {
  const Json* value = member(object, key);
  if (!value && optional) {
    return std::nullopt;
  }
  if (!value || !value->is_string()) {
    return fail(ErrorCode::ValidationFailed,
                std::string(path) + "." + std::string(key) +
                    (optional ? " must be a string or null" : " must be a string"));
  }
  return value->get<std::string>();
}

Result<BotCall> sendStoredMedia(std::string_view chat_id, const Json& media) {
  auto url = stringMember(media, "url", "media", false);
  auto mime_type = stringMember(media, "mimeType", "media", true);
  auto caption = stringMember(media, "caption", "media", true);
  if (!url || !mime_type || !caption) {
    return std::unexpected(!url ? url.error() : !mime_type ? mime_type.error() : caption.error());
  }
  const std::optional<std::string_view> text = *caption;
  if (isPhoto(*mime_type, **url)) {
    return sendPhotoCall(chat_id, **url, text);
  }
  return sendDocumentCall(chat_id, **url, text);
}

Result<BotCall> sendStoredChoices(std::string_view chat_id, const Json& choices) {
  auto text = stringMember(choices, "text", "choices", false);
  if (!text) {
    return std::unexpected(std::move(text.error()));
  }
  const Json* options = member(choices, "options");
  if (!options || !options->is_array()) {
    return fail(ErrorCode::ValidationFailed, "choices.options must be an array of strings");
  }
  std::vector<std::string> labels;
  for (const Json& option : *options) {
    if (!option.is_string()) {
      return fail(ErrorCode::ValidationFailed, "choices.options must be an array of strings");
    }
    labels.push_back(option.get<std::string>());
  }
  return sendChoicesCall(chat_id, **text, labels);
}

Result<BotCall> sendStoredLocation(std::string_view chat_id, const Json& location) {
  const Json* latitude = member(location, "latitude");
  const Json* longitude = member(location, "longitude");
  if (!latitude || !longitude || !latitude->is_number() || !longitude->is_number()) {
    return fail(ErrorCode::ValidationFailed, "location needs numeric latitude and longitude");
  }
  return sendLocationCall(chat_id, latitude->get<double>(), longitude->get<double>());
}

AnswerKind classify(int64_t code) {
  switch (code) {
    case 429:
      return AnswerKind::RetryAfter;
    case 401:
    case 404:
      return AnswerKind::Unauthorized;
    case 403:
      return AnswerKind::Blocked;
    case 409:
      return AnswerKind::Conflict;
    default:
      break;
  }
  if (code >= 400 && code < 500) {
    return AnswerKind::BadRequest;
  }
  return code >= 500 && code < 600 ? AnswerKind::ServerError : AnswerKind::Unreadable;
}

// At most kMaxDescriptionBytes of valid UTF-8 `text`, cut before a code point.
std::string utf8Prefix(std::string text) {
  if (text.size() > kMaxDescriptionBytes) {
    size_t end = kMaxDescriptionBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    text.resize(end);
  }
  return text;
}

// "Too Many Requests: retry after 35" → 35.
std::optional<int64_t> retryAfterIn(std::string_view description) {
  constexpr std::string_view kMarker = "retry after ";
  const size_t at = description.find(kMarker);
  if (at == std::string_view::npos) {
    return std::nullopt;
  }
  const char* begin = description.data() + at + kMarker.size();
  int64_t seconds = 0;
  const auto [stop, error] =
      std::from_chars(begin, description.data() + description.size(), seconds);
  if (error != std::errc() || stop == begin || seconds < 0 || seconds > kMaxRetryAfter) {
    return std::nullopt;
  }
  return seconds;
}

void readFailure(const Json& root, BotAnswer& answer) {
  if (const Json* code = member(root, "error_code")) {
    answer.error_code = asInt64(*code);
  }
  if (const Json* description = member(root, "description");
      description && description->is_string()) {
    answer.description = utf8Prefix(description->get<std::string>());
  }
  if (const Json* parameters = member(root, "parameters")) {
    const Json* retry_after = member(*parameters, "retry_after");
    const std::optional<int64_t> seconds = retry_after ? asInt64(*retry_after) : std::nullopt;
    if (seconds && *seconds >= 0 && *seconds <= kMaxRetryAfter) {
      answer.retry_after = seconds;
    }
    const Json* migrate = member(*parameters, "migrate_to_chat_id");
    answer.migrate_to_chat_id = migrate ? asInt64(*migrate) : std::nullopt;
  }
  if (!answer.retry_after) {
    answer.retry_after = retryAfterIn(answer.description);
  }
}

Result<Json> parseResult(std::string_view result_json) {
  return parseJson(result_json, kMaxAnswerBytes);
}

Result<int64_t> intMember(const Json& object, std::string_view key, std::string_view path) {
  const Json* value = member(object, key);
  const std::optional<int64_t> number = value ? asInt64(*value) : std::nullopt;
  if (!number) {
    return fail(ErrorCode::ValidationFailed,
                std::string(path) + "." + std::string(key) + " must be an integer (int64)");
  }
  return *number;
}

bool isSafeFilePath(std::string_view path) {
  if (path.empty() || path.size() > kMaxIdBytes || path.front() == '/') {
    return false;
  }
  const bool plain_characters = std::all_of(path.begin(), path.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
           c == '/';
  });
  const std::string wrapped = "/" + std::string(path) + "/";
  return plain_characters && wrapped.find("/../") == std::string::npos;
}

// sendMessage, with an inline keyboard when there are options.
Result<BotCall> messageCall(std::string_view chat_id, std::string_view text,
                            const std::vector<std::string>& options) {
  Result<Body> chat = chatIdJson(chat_id);
  if (!chat) {
    return std::unexpected(std::move(chat.error()));
  }
  if (text.empty()) {
    return fail(ErrorCode::ValidationFailed, "text must not be empty");
  }
  if (auto valid = checkText(text, kMaxMessageLength, "text"); !valid) {
    return std::unexpected(std::move(valid.error()));
  }
  Body body = {{"chat_id", std::move(*chat)}, {"text", std::string(text)}};
  if (options.size() > kMaxButtons) {
    return fail(ErrorCode::ValidationFailed,
                "at most " + std::to_string(kMaxButtons) + " choices fit on a keyboard");
  }
  Body keyboard = Body::array();
  for (size_t index = 0; index < options.size(); ++index) {
    if (options[index].empty() || !utf16Length(options[index])) {
      return fail(ErrorCode::ValidationFailed,
                  "choice " + std::to_string(index + 1) + " must be non-empty UTF-8 text");
    }
    keyboard.push_back(
        Body::array({{{"text", options[index]}, {"callback_data", std::to_string(index + 1)}}}));
  }
  if (!keyboard.empty()) {
    body["reply_markup"] = {{"inline_keyboard", std::move(keyboard)}};
  }
  return call("sendMessage", body);
}

}  // namespace

std::string methodUrl(std::string_view base_url, std::string_view token, std::string_view method) {
  while (base_url.ends_with('/')) {
    base_url.remove_suffix(1);
  }
  std::string url(base_url.empty() ? kDefaultBaseUrl : base_url);
  return url.append("/bot").append(token).append("/").append(method);
}

std::string fileUrl(std::string_view base_url, std::string_view token, std::string_view file_path) {
  while (base_url.ends_with('/')) {
    base_url.remove_suffix(1);
  }
  std::string url(base_url.empty() ? kDefaultBaseUrl : base_url);
  return url.append("/file/bot").append(token).append("/").append(file_path);
}

bool isWellFormedToken(std::string_view token) {
  const size_t colon = token.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon > 20 || token.size() - colon < 2 ||
      token.size() - colon > 129) {
    return false;
  }
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  const auto is_secret = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  };
  return std::all_of(token.begin(), token.begin() + colon, is_digit) &&
         std::all_of(token.begin() + colon + 1, token.end(), is_secret);
}

Result<BotCall> sendMessageCall(std::string_view chat_id, std::string_view text) {
  return messageCall(chat_id, text, {});
}

Result<BotCall> sendChoicesCall(std::string_view chat_id, std::string_view text,
                                const std::vector<std::string>& options) {
  if (options.empty()) {
    return fail(ErrorCode::ValidationFailed, "choices need at least one option");
  }
  return messageCall(chat_id, text, options);
}

Result<BotCall> sendPhotoCall(std::string_view chat_id, std::string_view url,
                              std::optional<std::string_view> caption) {
  return sendMedia("sendPhoto", "photo", chat_id, url, caption);
}

Result<BotCall> sendDocumentCall(std::string_view chat_id, std::string_view url,
                                 std::optional<std::string_view> caption) {
  return sendMedia("sendDocument", "document", chat_id, url, caption);
}

Result<UploadCall> sendFileCall(std::string_view chat_id, std::string_view file_name,
                                std::string_view mime_type, std::string_view bytes,
                                std::optional<std::string_view> caption,
                                std::string_view boundary) {
  Result<Body> chat = chatIdJson(chat_id);
  if (!chat) {
    return std::unexpected(std::move(chat.error()));
  }
  if (caption && !caption->empty()) {
    if (auto valid = checkText(*caption, kMaxCaptionLength, "caption"); !valid) {
      return std::unexpected(std::move(valid.error()));
    }
  }
  const std::string delimiter = "--" + std::string(boundary);
  if (boundary.size() < 16 || boundary.size() > 70 ||
      !std::all_of(boundary.begin(), boundary.end(),
                   [](unsigned char c) { return std::isalnum(c); }) ||
      bytes.find(delimiter) != std::string_view::npos) {
    return fail(ErrorCode::ValidationFailed, "the multipart boundary is unusable");
  }
  const bool photo =
      (mime_type == "image/jpeg" || mime_type == "image/png" || mime_type == "image/webp") &&
      bytes.size() <= kMaxUploadedPhotoBytes;
  std::string name;
  for (char c : file_name.substr(0, 255)) {
    const auto byte = static_cast<unsigned char>(c);
    name += byte < 0x20 || byte == 0x7F || c == '"' || c == '\\' ? '_' : c;
  }
  const auto field = [&delimiter](std::string& body, std::string_view key, std::string_view value) {
    body.append(delimiter).append("\r\nContent-Disposition: form-data; name=\"");
    body.append(key).append("\"\r\n\r\n").append(value).append("\r\n");
  };
  UploadCall upload{.method = photo ? "sendPhoto" : "sendDocument",
                    .content_type = "multipart/form-data; boundary=" + std::string(boundary)};
  std::string& body = upload.body;
  body.reserve(bytes.size() + 512);
  field(body, "chat_id", chat->is_string() ? chat->get<std::string>() : chat->dump());
  if (caption && !caption->empty()) {
    field(body, "caption", *caption);
  }
  body.append(delimiter).append("\r\nContent-Disposition: form-data; name=\"");
  body.append(photo ? "photo" : "document").append("\"; filename=\"");
  body.append(name.empty() ? "file" : name).append("\"\r\nContent-Type: ");
  body.append(mime_type.empty() ? "application/octet-stream" : mime_type).append("\r\n\r\n");
  body.append(bytes).append("\r\n").append(delimiter).append("--\r\n");
  return upload;
}

Result<BotCall> sendLocationCall(std::string_view chat_id, double latitude, double longitude) {
  Result<Body> chat = chatIdJson(chat_id);
  if (!chat) {
    return std::unexpected(std::move(chat.error()));
  }
  if (!(std::fabs(latitude) <= 90) || !(std::fabs(longitude) <= 180)) {
    return fail(ErrorCode::ValidationFailed,
                "latitude must be within -90…90 and longitude within -180…180");
  }
  return call("sendLocation",
              {{"chat_id", std::move(*chat)}, {"latitude", latitude}, {"longitude", longitude}});
}

Result<BotCall> sendChatActionCall(std::string_view chat_id) {
  Result<Body> chat = chatIdJson(chat_id);
  if (!chat) {
    return std::unexpected(std::move(chat.error()));
  }
  return call("sendChatAction", {{"chat_id", std::move(*chat)}, {"action", "typing"}});
}

Result<BotCall> answerCallbackQueryCall(std::string_view callback_query_id,
                                        std::optional<std::string_view> text) {
  if (callback_query_id.empty() || callback_query_id.size() > kMaxIdBytes ||
      !utf16Length(callback_query_id)) {
    return fail(ErrorCode::ValidationFailed, "callback_query_id must be 1–1024 bytes of UTF-8");
  }
  Body body = {{"callback_query_id", std::string(callback_query_id)}};
  if (text && !text->empty()) {
    if (auto valid = checkText(*text, kMaxToastLength, "callback answer text"); !valid) {
      return std::unexpected(std::move(valid.error()));
    }
    body["text"] = std::string(*text);
  }
  return call("answerCallbackQuery", body);
}

Result<BotCall> setWebhookCall(std::string_view url, std::string_view secret_token) {
  if (auto valid = checkUrl(url, "webhook url"); !valid) {
    return std::unexpected(std::move(valid.error()));
  }
  const bool is_valid_secret =
      !secret_token.empty() && secret_token.size() <= 256 &&
      std::all_of(secret_token.begin(), secret_token.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
      });
  if (!is_valid_secret) {
    return fail(ErrorCode::ValidationFailed,
                "secret_token must be 1–256 characters of A-Z, a-z, 0-9, _ and -");
  }
  return call("setWebhook", {{"url", std::string(url)},
                             {"secret_token", std::string(secret_token)},
                             {"allowed_updates", allowedUpdates()}});
}

BotCall deleteWebhookCall(bool drop_pending_updates) {
  return call("deleteWebhook", {{"drop_pending_updates", drop_pending_updates}});
}

Result<BotCall> getUpdatesCall(std::optional<int64_t> offset, int timeout_seconds, int limit) {
  if (timeout_seconds < 0 || timeout_seconds > 600 || limit < 1 || limit > 100) {
    return fail(ErrorCode::ValidationFailed,
                "getUpdates needs a timeout of 0–600 seconds and a limit of 1–100");
  }
  Body body = Body::object();
  if (offset) {
    body["offset"] = *offset;
  }
  body["timeout"] = timeout_seconds;
  body["limit"] = limit;
  body["allowed_updates"] = allowedUpdates();
  return call("getUpdates", body);
}

BotCall getMeCall() { return call("getMe", Body::object()); }

Result<BotCall> getFileCall(std::string_view file_id) {
  if (file_id.empty() || file_id.size() > kMaxIdBytes || !utf16Length(file_id)) {
    return fail(ErrorCode::ValidationFailed, "file_id must be 1–1024 bytes of UTF-8");
  }
  return call("getFile", {{"file_id", std::string(file_id)}});
}

Result<BotCall> buildSend(std::string_view chat_id, std::string_view content_json) {
  Result<Json> content = parseJson(content_json, kMaxContentBytes);
  if (!content) {
    return std::unexpected(std::move(content.error()));
  }
  if (!content->is_object() || content->size() != 1) {
    return fail(ErrorCode::ValidationFailed,
                "content must have exactly one of text, media, choices or location");
  }
  const std::string& kind = content->begin().key();
  const Json& value = content->begin().value();
  if (kind == "text") {
    if (!value.is_string()) {
      return fail(ErrorCode::ValidationFailed, "text must be a string");
    }
    return sendMessageCall(chat_id, value.get_ref<const std::string&>());
  }
  if (kind != "media" && kind != "choices" && kind != "location") {
    return fail(ErrorCode::ValidationFailed, "unknown content \"" + utf8Prefix(kind) + "\"");
  }
  if (!value.is_object()) {
    return fail(ErrorCode::ValidationFailed, kind + " must be an object");
  }
  if (kind == "media") {
    return sendStoredMedia(chat_id, value);
  }
  return kind == "choices" ? sendStoredChoices(chat_id, value) : sendStoredLocation(chat_id, value);
}

std::string_view answerKindName(AnswerKind kind) {
  switch (kind) {
    case AnswerKind::Ok:
      return "ok";
    case AnswerKind::RetryAfter:
      return "retry_after";
    case AnswerKind::Blocked:
      return "blocked";
    case AnswerKind::BadRequest:
      return "bad_request";
    case AnswerKind::Unauthorized:
      return "unauthorized";
    case AnswerKind::Conflict:
      return "conflict";
    case AnswerKind::ServerError:
      return "server_error";
    case AnswerKind::Unreadable:
      return "unreadable";
  }
  return "unreadable";
}

bool isRetryable(AnswerKind kind) {
  return kind == AnswerKind::RetryAfter || kind == AnswerKind::ServerError ||
         kind == AnswerKind::Unreadable;
}

BotAnswer parseAnswer(int http_status, std::string_view body) {
  BotAnswer answer;
  const Result<Json> root = parseJson(body, kMaxAnswerBytes);
  const Json* ok = root ? member(*root, "ok") : nullptr;
  if (!ok || !ok->is_boolean()) {
    answer.kind = http_status >= 500 && http_status < 600 ? AnswerKind::ServerError
                  : http_status == 429                    ? AnswerKind::RetryAfter
                                                          : AnswerKind::Unreadable;
    answer.description = "HTTP " + std::to_string(http_status) + ": " +
                         (root ? "the body is not a Bot API answer" : root.error().message);
    return answer;
  }
  answer.ok = ok->get<bool>();
  readFailure(*root, answer);
  if (!answer.ok) {
    answer.kind = classify(answer.error_code.value_or(http_status));
    return answer;
  }
  const Json* result = member(*root, "result");
  if (!result) {
    answer.ok = false;
    answer.description = "an ok answer without a result";
    return answer;
  }
  answer.kind = AnswerKind::Ok;
  answer.result = result->dump(-1, ' ', false, Json::error_handler_t::replace);
  return answer;
}

Result<BotIdentity> parseGetMeResult(std::string_view result_json) {
  Result<Json> result = parseResult(result_json);
  if (!result) {
    return std::unexpected(std::move(result.error()));
  }
  Result<int64_t> id = intMember(*result, "id", "getMe");
  auto username = stringMember(*result, "username", "getMe", false);
  auto first_name = stringMember(*result, "first_name", "getMe", false);
  if (!id || !username || !first_name) {
    return std::unexpected(!id ? id.error() : !username ? username.error() : first_name.error());
  }
  return BotIdentity{*id, std::move(**username), std::move(**first_name)};
}

Result<RemoteFile> parseGetFileResult(std::string_view result_json) {
  Result<Json> result = parseResult(result_json);
  if (!result) {
    return std::unexpected(std::move(result.error()));
  }
  auto path = stringMember(*result, "file_path", "getFile", true);
  if (!path) {
    return std::unexpected(std::move(path.error()));
  }
  if (!*path) {
    return fail(ErrorCode::ValidationFailed,
                "getFile gave no file_path (Telegram serves bots files of at most 20 MB)");
  }
  if (!isSafeFilePath(**path)) {
    return fail(ErrorCode::ValidationFailed, "getFile.file_path is not a plain relative path");
  }
  RemoteFile file{std::move(**path), std::nullopt};
  if (const Json* size = member(*result, "file_size")) {
    file.file_size = asInt64(*size);
    if (!file.file_size || *file.file_size < 0) {
      return fail(ErrorCode::ValidationFailed, "getFile.file_size must be a non-negative integer");
    }
  }
  return file;
}

Result<SentMessage> parseSentMessage(std::string_view result_json) {
  Result<Json> result = parseResult(result_json);
  if (!result) {
    return std::unexpected(std::move(result.error()));
  }
  static const Json kNoChat;
  const Json* chat = member(*result, "chat");
  Result<int64_t> message_id = intMember(*result, "message_id", "message");
  Result<int64_t> chat_id = intMember(chat ? *chat : kNoChat, "id", "message.chat");
  if (!message_id || !chat_id) {
    return std::unexpected(!message_id ? message_id.error() : chat_id.error());
  }
  return SentMessage{*chat_id, *message_id};
}

Result<void> parseTrueResult(std::string_view result_json) {
  Result<Json> result = parseResult(result_json);
  if (!result) {
    return std::unexpected(std::move(result.error()));
  }
  if (!result->is_boolean() || !result->get<bool>()) {
    return fail(ErrorCode::ValidationFailed, "the result is not true");
  }
  return {};
}

}  // namespace parley::channels::telegram
