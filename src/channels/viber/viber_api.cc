#include "channels/viber/viber_api.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <vector>

#include "channels/provider_json.h"
#include "channels/viber/viber_callback.h"
namespace parley::channels::viber {
namespace {

// Answers and content are read into nlohmann::json (std::map lookups); calls are written as
// ordered_json, so a body reads in the order it was built, receiver first, as channels.md shows.
using Json = nlohmann::json;
using Body = nlohmann::ordered_json;

constexpr size_t kMaxContentBytes = 64 * 1024;
constexpr size_t kMaxReceiverBytes = 256;
constexpr size_t kMaxStatusMessageBytes = 1024;

struct StatusText {
  std::string_view name;    // Viber's name
  std::string_view reason;  // what it means to an agent reading a failed message
};

// Indexed by status.
constexpr std::array<StatusText, 14> kStatuses{{
    {"ok", ""},
    {"invalidUrl", "Viber refused a URL in the message"},
    {"invalidAuthToken", "the channel's Viber auth token is not valid"},
    {"badData", "Viber refused the message as malformed"},
    {"missingData", "Viber says the message lacks a required field"},
    {"receiverNotRegistered", "the contact is not registered on Viber"},
    {"receiverNotSubscribed", "the contact is not subscribed to the bot"},
    {"publicAccountBlocked", "the bot's Viber account is blocked"},
    {"publicAccountNotFound", "the bot's Viber account was not found"},
    {"publicAccountSuspended", "the bot's Viber account is suspended"},
    {"webhookNotSet", "the bot has no webhook set; the channel must register it again"},
    {"receiverNoSuitableDevice", "the contact has no device that can receive this message"},
    {"tooManyRequests", "too many messages to this contact without a reply; will retry later"},
    {"apiVersionNotSupported", "the contact's Viber app is too old for this message"},
}};

bool isKnownStatus(int status) {
  return status >= 0 && static_cast<size_t>(status) < kStatuses.size();
}

Result<Json> parseJson(std::string_view body, size_t max_bytes) {
  return parseProviderJson(body, max_bytes, kMaxJsonDepth);
}

// A member, or nullptr when `object` is no object or the member is absent or null.
const Json* member(const Json& object, std::string_view key) {
  if (!object.is_object()) {
    return nullptr;
  }
  const auto found = object.find(key);
  return found == object.end() || found->is_null() ? nullptr : &*found;
}

// message_token as exact decimal text: see decimalToken() in viber_callback.cc.
std::optional<std::string> decimalToken(const Json& value) {
  if (value.is_number_unsigned()) {
    return std::to_string(value.get<uint64_t>());
  }
  if (value.is_number_integer()) {
    return std::to_string(value.get<int64_t>());
  }
  if (value.is_string() && isDecimalToken(value.get_ref<const std::string&>())) {
    return value.get<std::string>();
  }
  return std::nullopt;
}

// At most `max_bytes` of valid UTF-8 `text`, cut before a code point.
std::string utf8Prefix(std::string text, size_t max_bytes) {
  if (text.size() > max_bytes) {
    size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    text.resize(end);
  }
  return text;
}

std::string lowercase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return lower;
}

// ---- Checks of what goes out

Result<void> checkText(std::string_view text, size_t max_length, std::string_view what) {
  const std::optional<size_t> length = utf16Length(text);
  if (!length) {
    return fail(ErrorCode::ValidationFailed, std::string(what) + " is not valid UTF-8");
  }
  if (*length == 0) {
    return fail(ErrorCode::ValidationFailed, std::string(what) + " must not be empty");
  }
  if (*length > max_length) {
    return fail(ErrorCode::ValidationFailed, std::string(what) + " is " + std::to_string(*length) +
                                                 " characters long; Viber allows at most " +
                                                 std::to_string(max_length));
  }
  return {};
}

Result<void> checkUrl(std::string_view url, std::string_view what) {
  const bool has_scheme = url.starts_with("https://") || url.starts_with("http://");
  const bool is_clean = std::none_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F;
  });
  if (!has_scheme || !is_clean || url.size() > kMaxUrlBytes || !utf16Length(url)) {
    return fail(ErrorCode::ValidationFailed,
                std::string(what) + " must be an http(s) URL without spaces, at most " +
                    std::to_string(kMaxUrlBytes) + " bytes");
  }
  return {};
}

Result<Body> senderJson(const SenderProfile& sender) {
  if (auto valid = checkText(sender.name, kMaxSenderNameLength, "sender name"); !valid) {
    return std::unexpected(std::move(valid.error()));
  }
  Body body = {{"name", sender.name}};
  if (sender.avatar && !sender.avatar->empty()) {
    if (auto valid = checkUrl(*sender.avatar, "sender avatar"); !valid) {
      return std::unexpected(std::move(valid.error()));
    }
    body["avatar"] = *sender.avatar;
  }
  return body;
}

// {"receiver","min_api_version","sender","type"}: what every send_message body starts with.
Result<Body> envelope(std::string_view receiver, const SenderProfile& sender, int min_api_version,
                      std::string_view type) {
  const bool is_printable =
      std::all_of(receiver.begin(), receiver.end(), [](char c) { return c > 0x20 && c < 0x7F; });
  if (receiver.empty() || receiver.size() > kMaxReceiverBytes || !is_printable) {
    return fail(ErrorCode::ValidationFailed,
                "receiver must be a Viber user id: 1–256 printable ASCII characters");
  }
  Result<Body> from = senderJson(sender);
  if (!from) {
    return std::unexpected(std::move(from.error()));
  }
  return Body{{"receiver", std::string(receiver)},
              {"min_api_version", min_api_version},
              {"sender", std::move(*from)},
              {"type", std::string(type)}};
}

// Inputs are checked UTF-8, so `replace` never changes anything; it keeps dump() from throwing.
Result<ApiCall> finish(std::string endpoint, const Body& body) {
  std::string json = body.dump(-1, ' ', false, Body::error_handler_t::replace);
  if (json.size() > kMaxSendBytes) {
    return fail(ErrorCode::ValidationFailed, "the message is " + std::to_string(json.size()) +
                                                 " bytes as JSON; Viber accepts at most " +
                                                 std::to_string(kMaxSendBytes));
  }
  return ApiCall{std::move(endpoint), std::move(json)};
}

// ---- Stored content (message_content.h)

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

bool isPicture(const std::optional<std::string>& mime_type, std::string_view url) {
  if (mime_type && !mime_type->empty()) {
    std::string type = lowercase(mime_type->substr(0, mime_type->find(';')));
    while (type.ends_with(' ')) {
      type.pop_back();
    }
    return type == "image/jpeg" || type == "image/png" || type == "image/gif";
  }
  static constexpr std::string_view kExtensions[] = {".jpg", ".jpeg", ".png", ".gif"};
  const std::string path = lowercase(url.substr(0, url.find_first_of("?#")));
  return std::any_of(std::begin(kExtensions), std::end(kExtensions),
                     [&](std::string_view extension) { return path.ends_with(extension); });
}

Result<ApiCall> sendText(std::string_view receiver, const SenderProfile& sender, const Json& text) {
  if (!text.is_string()) {
    return fail(ErrorCode::ValidationFailed, "text must be a string");
  }
  if (auto valid = checkText(text.get_ref<const std::string&>(), kMaxTextLength, "text"); !valid) {
    return std::unexpected(std::move(valid.error()));
  }
  Result<Body> body = envelope(receiver, sender, 1, "text");
  if (!body) {
    return std::unexpected(std::move(body.error()));
  }
  (*body)["text"] = text;
  return finish("send_message", *body);
}

Result<ApiCall> sendMedia(std::string_view receiver, const SenderProfile& sender,
                          const Json& media) {
  auto url = stringMember(media, "url", "media", false);
  auto mime_type = stringMember(media, "mimeType", "media", true);
  auto caption = stringMember(media, "caption", "media", true);
  if (!url || !mime_type || !caption) {
    return std::unexpected(!url ? url.error() : !mime_type ? mime_type.error() : caption.error());
  }
  if (auto valid = checkUrl(**url, "media.url"); !valid) {
    return std::unexpected(std::move(valid.error()));
  }
  // A file of Parley's media store knows its name and size: Viber takes it as a file (which it
  // downloads and keeps), and as a picture only up to kMaxPictureBytes; a link to anything else
  // goes as a link.
  const Json* size =
      media.contains("size") && media.at("size").is_number_unsigned() ? &media.at("size") : nullptr;
  auto name = stringMember(media, "name", "media", true);
  const bool picture =
      isPicture(*mime_type, **url) && (!size || size->get<uint64_t>() <= kMaxPictureBytes);
  const bool file = !picture && size && name && *name && !(*name)->empty();
  Result<Body> body = envelope(receiver, sender, 1, picture ? "picture" : file ? "file" : "url");
  if (!body) {
    return std::unexpected(std::move(body.error()));
  }
  if (file) {
    (*body)["size"] = size->get<uint64_t>();
    (*body)["file_name"] = utf8Prefix(**name, 255);
  }
  if (picture && *caption && !(*caption)->empty()) {
    if (auto valid = checkText(**caption, kMaxPictureTextLength, "media.caption"); !valid) {
      return std::unexpected(std::move(valid.error()));
    }
    (*body)["text"] = **caption;
  }
  (*body)["media"] = **url;
  return finish("send_message", *body);
}

Result<ApiCall> sendChoices(std::string_view receiver, const SenderProfile& sender,
                            const Json& choices) {
  auto text = stringMember(choices, "text", "choices", false);
  if (!text) {
    return std::unexpected(std::move(text.error()));
  }
  if (auto valid = checkText(**text, kMaxTextLength, "choices.text"); !valid) {
    return std::unexpected(std::move(valid.error()));
  }
  const Json* options = member(choices, "options");
  if (!options || !options->is_array() || options->empty() || options->size() > kMaxButtons) {
    return fail(ErrorCode::ValidationFailed, "choices.options must be an array of 1 to " +
                                                 std::to_string(kMaxButtons) + " strings");
  }
  Body buttons = Body::array();
  for (size_t index = 0; index < options->size(); ++index) {
    const Json& option = (*options)[index];
    if (!option.is_string() || option.get_ref<const std::string&>().empty()) {
      return fail(ErrorCode::ValidationFailed,
                  "choices.options[" + std::to_string(index) + "] must be a non-empty string");
    }
    buttons.push_back({{"Columns", 6},
                       {"Rows", 1},
                       {"ActionType", "reply"},
                       {"ActionBody", option},
                       {"Text", option}});
  }
  Result<Body> body = envelope(receiver, sender, 3, "text");
  if (!body) {
    return std::unexpected(std::move(body.error()));
  }
  (*body)["text"] = **text;
  (*body)["keyboard"] = {
      {"Type", "keyboard"}, {"DefaultHeight", false}, {"Buttons", std::move(buttons)}};
  return finish("send_message", *body);
}

Result<ApiCall> sendLocation(std::string_view receiver, const SenderProfile& sender,
                             const Json& location) {
  const Json* latitude = member(location, "latitude");
  const Json* longitude = member(location, "longitude");
  constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  const double lat = latitude && latitude->is_number() ? latitude->get<double>() : kNone;
  const double lon = longitude && longitude->is_number() ? longitude->get<double>() : kNone;
  if (!(std::fabs(lat) <= 90) || !(std::fabs(lon) <= 180)) {
    return fail(ErrorCode::ValidationFailed,
                "location needs a latitude within -90…90 and a longitude within -180…180");
  }
  Result<Body> body = envelope(receiver, sender, 1, "location");
  if (!body) {
    return std::unexpected(std::move(body.error()));
  }
  (*body)["location"] = {{"lat", lat}, {"lon", lon}};
  return finish("send_message", *body);
}

// ---- Answers

AnswerKind classify(int status) {
  switch (status) {
    case 0:
      return AnswerKind::Ok;
    case 12:
      return AnswerKind::TooManyRequests;
    case 5:
    case 6:
    case 11:
      return AnswerKind::Unreachable;
    case 2:
    case 7:
    case 8:
    case 9:
    case 10:
      return AnswerKind::AccountProblem;
    default:
      return AnswerKind::BadRequest;
  }
}

// Letters and digits only, lower-cased: "Too many requests" and "tooManyRequests" say the same.
std::string words(std::string_view text) {
  std::string out;
  for (const char c : lowercase(text)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    }
  }
  return out;
}

std::string statusReason(int status, std::string_view status_message) {
  const bool known = isKnownStatus(status);
  std::string reason(known ? kStatuses[static_cast<size_t>(status)].reason
                           : "Viber refused the request");
  reason += " (Viber status " + std::to_string(status);
  if (known) {
    reason += " " + std::string(statusName(status));
  }
  if (!status_message.empty() && words(status_message) != words(statusName(status))) {
    reason += ": " + std::string(status_message);
  }
  return reason + ")";
}

// Viber's status, when `root` has one that is an integer fitting an int. (An out-parameter, not
// std::optional: g++ 12 warns about a maybe-uninitialized optional here at -O1.)
bool readStatus(const Result<Json>& root, int& status) {
  const Json* value = root ? member(*root, "status") : nullptr;
  if (!value || !value->is_number_integer()) {
    return false;
  }
  const bool fits = value->is_number_unsigned()
                        ? value->get<uint64_t>() <= std::numeric_limits<int>::max()
                        : value->get<int64_t>() >= std::numeric_limits<int>::min() &&
                              value->get<int64_t>() <= std::numeric_limits<int>::max();
  if (fits) {
    status = value->get<int>();
  }
  return fits;
}

// The answer in `root` (parsed from a body answered with `http_status`).
ViberAnswer readAnswer(int http_status, const Result<Json>& root) {
  ViberAnswer answer;
  if (const Json* message = root ? member(*root, "status_message") : nullptr;
      message && message->is_string()) {
    answer.status_message = utf8Prefix(message->get<std::string>(), kMaxStatusMessageBytes);
  }
  if (const Json* token = root ? member(*root, "message_token") : nullptr) {
    answer.message_token = decimalToken(*token).value_or("");
  }
  const std::string http = "HTTP " + std::to_string(http_status);
  const bool readable = readStatus(root, answer.status);
  if (http_status >= 500 && http_status < 600) {
    answer.reason = "Viber is unavailable (" + http + "); will retry";
  } else if (!readable && http_status == 429) {
    answer.kind = AnswerKind::TooManyRequests;
    answer.reason = "Viber is rate-limiting the bot (" + http + "); will retry later";
  } else if (!readable) {
    answer.reason = "Viber's answer could not be read (" + http + ": " +
                    (!root ? root.error().message : "no integer status") + "); will retry";
  } else {
    answer.kind = classify(answer.status);
    answer.reason =
        answer.kind == AnswerKind::Ok ? "" : statusReason(answer.status, answer.status_message);
  }
  return answer;
}

}  // namespace

std::string endpointUrl(std::string_view base_url, std::string_view endpoint) {
  while (base_url.ends_with('/')) {
    base_url.remove_suffix(1);
  }
  std::string url(base_url.empty() ? kDefaultBaseUrl : base_url);
  return url.append("/").append(endpoint);
}

Result<ApiCall> setWebhookCall(std::string_view url) {
  if (auto valid = checkUrl(url, "webhook url"); !valid) {
    return std::unexpected(std::move(valid.error()));
  }
  const Body event_types = Body::array(
      {"delivered", "seen", "failed", "subscribed", "unsubscribed", "conversation_started"});
  return finish("set_webhook", {{"url", std::string(url)},
                                {"event_types", event_types},
                                {"send_name", true},
                                {"send_photo", true}});
}

ApiCall removeWebhookCall() { return ApiCall{"set_webhook", R"({"url":""})"}; }

ApiCall accountInfoCall() { return ApiCall{"get_account_info", "{}"}; }

Result<ApiCall> buildSend(std::string_view receiver, const SenderProfile& sender,
                          std::string_view content_json) {
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
    return sendText(receiver, sender, value);
  }
  if (kind != "media" && kind != "choices" && kind != "location") {
    return fail(ErrorCode::ValidationFailed,
                "unknown content \"" + utf8Prefix(kind, kMaxStatusMessageBytes) + "\"");
  }
  if (!value.is_object()) {
    return fail(ErrorCode::ValidationFailed, kind + " must be an object");
  }
  if (kind == "media") {
    return sendMedia(receiver, sender, value);
  }
  return kind == "choices" ? sendChoices(receiver, sender, value)
                           : sendLocation(receiver, sender, value);
}

Result<std::string> welcomeMessage(const SenderProfile& sender, std::string_view text) {
  if (auto valid = checkText(text, kMaxTextLength, "text"); !valid) {
    return std::unexpected(std::move(valid.error()));
  }
  Result<Body> from = senderJson(sender);
  if (!from) {
    return std::unexpected(std::move(from.error()));
  }
  Result<ApiCall> call =
      finish("", {{"sender", std::move(*from)}, {"type", "text"}, {"text", std::string(text)}});
  if (!call) {
    return std::unexpected(std::move(call.error()));
  }
  return std::move(call->body_json);
}

std::string_view answerKindName(AnswerKind kind) {
  switch (kind) {
    case AnswerKind::Ok:
      return "ok";
    case AnswerKind::TooManyRequests:
      return "too_many_requests";
    case AnswerKind::Unreachable:
      return "unreachable";
    case AnswerKind::AccountProblem:
      return "account_problem";
    case AnswerKind::BadRequest:
      return "bad_request";
    case AnswerKind::Unreadable:
      return "unreadable";
  }
  return "unreadable";
}

bool isRetryable(AnswerKind kind) {
  return kind == AnswerKind::TooManyRequests || kind == AnswerKind::Unreadable;
}

std::string_view statusName(int status) {
  return isKnownStatus(status) ? kStatuses[static_cast<size_t>(status)].name : "unknown";
}

ViberAnswer parseAnswer(int http_status, std::string_view body) {
  return readAnswer(http_status, parseJson(body, kMaxAnswerBytes));
}

Result<AccountInfo> parseAccountInfo(std::string_view body) {
  Result<Json> root = parseJson(body, kMaxAnswerBytes);
  if (!root) {
    return std::unexpected(std::move(root.error()));
  }
  const ViberAnswer answer = readAnswer(200, root);
  if (answer.kind != AnswerKind::Ok) {
    return fail(ErrorCode::ValidationFailed, "get_account_info failed: " + answer.reason);
  }
  auto id = stringMember(*root, "id", "get_account_info", false);
  auto name = stringMember(*root, "name", "get_account_info", false);
  auto uri = stringMember(*root, "uri", "get_account_info", true);
  auto webhook = stringMember(*root, "webhook", "get_account_info", true);
  if (!id || !name || !uri || !webhook) {
    return std::unexpected(!id     ? id.error()
                           : !name ? name.error()
                           : !uri  ? uri.error()
                                   : webhook.error());
  }
  if ((*id)->empty() || (*name)->empty()) {
    return fail(
        ErrorCode::ValidationFailed,
        std::string("get_account_info.") + ((*id)->empty() ? "id" : "name") + " must not be empty");
  }
  AccountInfo info{std::move(**id), std::move(**name), std::move(*uri), std::move(*webhook),
                   std::nullopt};
  if (info.webhook && info.webhook->empty()) {
    info.webhook.reset();
  }
  if (const Json* count = member(*root, "subscribers_count")) {
    info.subscribers_count = asInt64(*count);
    if (!info.subscribers_count || *info.subscribers_count < 0) {
      return fail(ErrorCode::ValidationFailed,
                  "get_account_info.subscribers_count must be a non-negative integer");
    }
  }
  return info;
}

}  // namespace parley::channels::viber
