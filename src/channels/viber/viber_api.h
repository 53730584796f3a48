#pragma once
// Viber REST Bot API (chatapi.viber.com/pa, channels.md §5) without I/O: the calls Parley makes,
// as an endpoint and a JSON body to POST to endpointUrl() with the header X-Viber-Auth-Token; the
// welcome message answered to conversation_started; and every answer read back, classified for
// the outbox's retry decision. Supported calls: set_webhook (set and remove), get_account_info,
// send_message with text, picture, url, location, and text with a reply keyboard.
// Input: content, receiver ids and the sender profile come from Parley's store (validated again
// here: a bad one is a ValidationFailed, never a malformed call); answers come from the network
// and are untrusted: size and nesting bounded, types checked, message_token kept as exact decimal
// text, nothing throws. Text is sent as typed (Viber has no markup in text messages).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "channels/provider_json.h"
#include "core/error.h"

namespace parley::channels::viber {

inline constexpr std::string_view kDefaultBaseUrl = "https://chatapi.viber.com/pa";
inline constexpr std::string_view kAuthTokenHeader = "X-Viber-Auth-Token";
// Viber's limits in characters, counted here in UTF-16 code units (an emoji outside the BMP
// counts 2), which is never fewer than Viber counts.
inline constexpr size_t kMaxTextLength = 7000;
inline constexpr size_t kMaxPictureTextLength = 512;
inline constexpr uint64_t kMaxPictureBytes = 1024 * 1024;  // larger pictures go as files
inline constexpr size_t kMaxSenderNameLength = 28;
// Any URL sent (webhook, media, avatar): Viber's url message allows 2000 characters.
inline constexpr size_t kMaxUrlBytes = 2000;
// Buttons on one keyboard: one per row, and a portrait keyboard shows at most 12 rows.
inline constexpr size_t kMaxButtons = 12;
// "Max JSON body 30 KB", read as 30000 bytes so that no reading of "KB" lets a body through that
// Viber refuses.
inline constexpr size_t kMaxSendBytes = 30000;
// Largest answer parseAnswer() and parseAccountInfo() read (get_account_info lists members).
inline constexpr size_t kMaxAnswerBytes = size_t{1} << 20;

// One call: POST endpointUrl(base, endpoint) with Content-Type: application/json,
// X-Viber-Auth-Token: <the channel's auth token> and body_json as the body.
struct ApiCall {
  std::string endpoint;  // "send_message", "set_webhook", "get_account_info"
  std::string body_json;
};

// base_url + "/" + endpoint. Trailing slashes of base_url are dropped; an empty base_url means
// kDefaultBaseUrl (an emulator is the other use).
std::string endpointUrl(std::string_view base_url, std::string_view endpoint);

// The UTF-16 code units of a text (channels/provider_json.h).
using channels::utf16Length;

// ---- Calls

// set_webhook with event_types ["delivered","seen","failed","subscribed","unsubscribed",
// "conversation_started"] (message cannot be filtered out), send_name and send_photo true.
// ValidationFailed unless `url` is an http(s) URL without spaces or control characters, at most
// kMaxUrlBytes. Viber itself insists on https with a valid certificate and answers status 1
// (invalidUrl) otherwise; that answer reaches the admin through parseAnswer(). Viber then POSTs a
// "webhook" callback to the URL, which must get HTTP 200 before set_webhook answers.
[[nodiscard]] Result<ApiCall> setWebhookCall(std::string_view url);
// set_webhook with {"url":""}: Viber stops sending callbacks.
ApiCall removeWebhookCall();
// get_account_info with {}: the bot's details; read the answer with parseAccountInfo().
ApiCall accountInfoCall();

// Who a message is from, as the user sees it.
struct SenderProfile {
  std::string name;                   // 1–kMaxSenderNameLength characters
  std::optional<std::string> avatar;  // http(s) URL of an image ≤ 100 KB; an empty one is left out
};

// Maps one stored message content (message_content.h) to a send_message call to `receiver` (a
// UserProfile::id). Every body carries "receiver", "min_api_version", "sender" {"name", "avatar"
// when set} and "type":
//   {"text":…}                → "text" (1–kMaxTextLength characters)
//   {"media":{url, mimeType, caption}}
//                             → "picture" when mimeType is image/jpeg, image/png or image/gif
//                               (case and parameters ignored), or, without a mimeType, when the
//                               URL's path ends in .jpg .jpeg .png .gif: "media" = url, "text" =
//                               caption (≤ kMaxPictureTextLength characters; left out when null
//                               or empty), no thumbnail. Viber wants JPEG/PNG/non-animated GIF
//                               ≤ 1 MB and answers otherwise.
//                             → "file" for other media of Parley's media store (and pictures
//                               over kMaxPictureBytes): "media" = url, "size", "file_name" (its
//                               name, ≤ 255 bytes); the caption is NOT sent (a file has no text).
//                             → "url" for any other media: "media" = url; no caption either.
//   {"choices":{text, options}}
//                             → "text" with a "keyboard" of one full-width reply button per
//                               option (ActionBody = Text = the option: tapping it sends the
//                               option back as a text message), "min_api_version":3. 1 to
//                               kMaxButtons options.
//   {"location":{latitude, longitude, name}}
//                             → "location" with {"lat","lon"} (Viber shows no name; dropped)
// Media URLs must be http(s), at most kMaxUrlBytes, without spaces or control characters.
// "min_api_version" is 1 except for the keyboard. InvalidJson when content_json is not JSON;
// ValidationFailed when receiver is empty, longer than 256 bytes or not printable ASCII; when the
// sender's name is empty or too long or the avatar no http(s) URL; when the content is not
// exactly one of the shapes above; when it breaks a limit named above; or when the body would
// exceed kMaxSendBytes. The message says which.
[[nodiscard]] Result<ApiCall> buildSend(std::string_view receiver, const SenderProfile& sender,
                                        std::string_view content_json);

// The body to answer a conversation_started callback with (HTTP 200): a text message without a
// receiver, {"sender":{…},"type":"text","text":…}, shown as the welcome message. It is the only
// message a user who has not subscribed can get. ValidationFailed as buildSend() for the sender
// and for text (empty or over kMaxTextLength characters).
[[nodiscard]] Result<std::string> welcomeMessage(const SenderProfile& sender,
                                                 std::string_view text);

// ---- Answers

// What to do about an answer. Only TooManyRequests and Unreadable are worth retrying.
enum class AnswerKind {
  Ok,               // status 0
  TooManyRequests,  // 12 (100 messages to a user without a reply), or HTTP 429 without a Viber
                    // body: retry later (the count resets when the user replies)
  Unreachable,      // 5 receiverNotRegistered, 6 receiverNotSubscribed, 11
                    // receiverNoSuitableDevice: final for this contact
  AccountProblem,   // 2 invalidAuthToken, 7 publicAccountBlocked, 8 publicAccountNotFound,
                    // 9 publicAccountSuspended, 10 webhookNotSet: final until an admin fixes the
                    // channel
  BadRequest,       // 1 invalidUrl, 3 badData, 4 missingData, 13 apiVersionNotSupported and any
                    // other non-zero status: final, the same call fails again
  Unreadable,       // HTTP 5xx (whatever the body), or no Viber answer in the body: not JSON, not
                    // an object, no integer status. Retry with backoff.
};

std::string_view answerKindName(AnswerKind kind);  // "ok", "too_many_requests", …
bool isRetryable(AnswerKind kind);

// Viber's name of a status: 0 "ok", 1 "invalidUrl", … 13 "apiVersionNotSupported"; "unknown" for
// any other.
std::string_view statusName(int status);

struct ViberAnswer {
  AnswerKind kind = AnswerKind::Unreadable;
  int status = -1;             // Viber's status; -1 when the body had none
  std::string status_message;  // as sent, at most 1024 bytes (cut on a code point)
  // send_message's token in decimal, exactly as sent (it exceeds 2^53): what delivered, seen and
  // failed callbacks name. "" when absent or not an integer.
  std::string message_token;
  // A sentence an agent can read, e.g. "the contact is not subscribed to the bot (Viber status 6
  // receiverNotSubscribed)"; "" for Ok. Never holds the auth token.
  std::string reason;
};

// Reads an answer to any call. Never fails: what cannot be read is Unreadable, with a reason.
ViberAnswer parseAnswer(int http_status, std::string_view body);

// What get_account_info says about the bot, for the channel's Test button.
struct AccountInfo {
  std::string id;  // "pa:…"
  std::string name;
  std::optional<std::string> uri;
  std::optional<std::string> webhook;  // nullopt when absent or "" (no webhook set)
  std::optional<int64_t> subscribers_count;
};

// Reads a get_account_info answer. PayloadTooLarge over kMaxAnswerBytes; InvalidJson;
// ValidationFailed when status is not 0 (the message is parseAnswer()'s reason), when id or name
// is missing, not a string or empty, or when uri, webhook or subscribers_count (a non-negative
// integer) has the wrong type. The message names the field.
[[nodiscard]] Result<AccountInfo> parseAccountInfo(std::string_view body);

}  // namespace parley::channels::viber
