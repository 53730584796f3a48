#pragma once
// Telegram Bot API (core.telegram.org/bots/api, channels.md §4) without I/O: the method calls
// Parley makes, as a method name and a JSON body to POST to methodUrl(); and every answer read
// back, classified for the outbox's retry decision. Supported calls: sendMessage (text, and choices
// as an inline keyboard), sendPhoto and sendDocument by URL, sendLocation, sendChatAction,
// answerCallbackQuery, setWebhook, deleteWebhook, getUpdates, getMe, getFile.
// Input: the content and chat ids come from Parley's store (validated again here: a bad one is a
// ValidationFailed, never a malformed call); answers come from the network and are untrusted:
// sizes and nesting bounded, types checked, nothing throws. Text is sent without parse_mode, so an
// agent's "<" or "*" is shown as typed and never fails as "can't parse entities".

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "channels/provider_json.h"
#include "core/error.h"

namespace parley::channels::telegram {

inline constexpr std::string_view kDefaultBaseUrl = "https://api.telegram.org";
// Telegram's limits, counted in UTF-16 code units (the unit of its message entities, and what
// its "characters" are): an emoji outside the BMP counts 2.
inline constexpr size_t kMaxMessageLength = 4096;
inline constexpr size_t kMaxCaptionLength = 1024;
// Inline keyboards: Parley stores at most 10 choices; this is a backstop.
inline constexpr size_t kMaxButtons = 100;
// Largest answer parseAnswer() reads: as large as a getUpdates answer may be (kMaxUpdatesBytes).
inline constexpr size_t kMaxAnswerBytes = size_t{8} << 20;

// One Bot API call: POST methodUrl(base, token, method) with Content-Type: application/json and
// body_json as the body.
struct BotCall {
  std::string method;
  std::string body_json;
};

// base_url + "/bot" + token + "/" + method. Trailing slashes of base_url are dropped; an empty
// base_url means kDefaultBaseUrl (a local Bot API server is the other use). The URL holds the
// token: never log it.
std::string methodUrl(std::string_view base_url, std::string_view token, std::string_view method);
// base_url + "/file/bot" + token + "/" + file_path, to download what getFile described (≤ 20 MB).
std::string fileUrl(std::string_view base_url, std::string_view token, std::string_view file_path);
// A token as BotFather issues it: decimal bot id, ':', then letters, digits, '_' or '-'.
bool isWellFormedToken(std::string_view token);

// The UTF-16 code units of a text (channels/provider_json.h).
using channels::utf16Length;

// ---- Calls. `chat_id` is a Chat::id_text (a decimal int64, sent as a JSON number) or a public
// "@channelname" (sent as a string); anything else is ValidationFailed.

// Text of 1…kMaxMessageLength UTF-16 units. ValidationFailed when empty, too long (the message
// gives the length), or not UTF-8. Telegram itself refuses text of only white space (BadRequest).
[[nodiscard]] Result<BotCall> sendMessageCall(std::string_view chat_id, std::string_view text);
// The question as text, each option a button on its own row whose callback_data is the option's
// 1-based number ("1", "2", …): an incoming CallbackQuery's data says which was picked.
// ValidationFailed for no options, more than kMaxButtons, or an empty option.
[[nodiscard]] Result<BotCall> sendChoicesCall(std::string_view chat_id, std::string_view text,
                                              const std::vector<std::string>& options);
// Media by http(s) URL (Telegram fetches it: ≤ 5 MB photos, ≤ 20 MB others), with an optional
// caption of ≤ kMaxCaptionLength UTF-16 units (an empty one is left out).
[[nodiscard]] Result<BotCall> sendPhotoCall(std::string_view chat_id, std::string_view url,
                                            std::optional<std::string_view> caption);
[[nodiscard]] Result<BotCall> sendDocumentCall(std::string_view chat_id, std::string_view url,
                                               std::optional<std::string_view> caption);

// A call whose body is multipart/form-data, carrying a file.
struct UploadCall {
  std::string method;
  std::string content_type;  // "multipart/form-data; boundary=…"
  std::string body;
};
inline constexpr size_t kMaxUploadedPhotoBytes = 10 * 1000 * 1000;
// A file uploaded with the call (Telegram takes 10 MB photos and 50 MB others this way, and any
// type, where by URL it fetches 5 MB photos and only GIF, PDF and ZIP documents): sendPhoto for a
// JPEG, PNG or WebP image of at most kMaxUploadedPhotoBytes, sendDocument otherwise, named
// `file_name` (quotes and control characters replaced). `boundary` separates the parts: letters
// and digits, 16–70 of them, that the bytes do not contain. ValidationFailed for a bad chat id,
// caption or boundary.
[[nodiscard]] Result<UploadCall> sendFileCall(std::string_view chat_id, std::string_view file_name,
                                              std::string_view mime_type, std::string_view bytes,
                                              std::optional<std::string_view> caption,
                                              std::string_view boundary);
// ValidationFailed outside -90…90 / -180…180.
[[nodiscard]] Result<BotCall> sendLocationCall(std::string_view chat_id, double latitude,
                                               double longitude);
// "typing…" for 5 s or until the next message. ValidationFailed only for a bad chat_id.
[[nodiscard]] Result<BotCall> sendChatActionCall(std::string_view chat_id);
// Stops the button's spinner; `text` (≤ 200 UTF-16 units) shows as a toast when given.
// ValidationFailed for an empty id, one over 1024 bytes, or a text too long.
[[nodiscard]] Result<BotCall> answerCallbackQueryCall(std::string_view callback_query_id,
                                                      std::optional<std::string_view> text = {});
// allowed_updates is ["message","edited_message","callback_query"]. ValidationFailed unless
// `url` is http(s) (Telegram itself refuses anything but https:// with a BadRequest the admin
// sees: a local Bot API server takes http) and `secret_token` is 1–256 of A-Z a-z 0-9 _ -.
[[nodiscard]] Result<BotCall> setWebhookCall(std::string_view url, std::string_view secret_token);
BotCall deleteWebhookCall(bool drop_pending_updates = false);
// Long polling. `offset`: UpdateBatch::next_offset (nullopt on the first call). `timeout_seconds`
// 0–600 (the HTTP client's timeout must be longer); `limit` 1–100. ValidationFailed otherwise.
[[nodiscard]] Result<BotCall> getUpdatesCall(std::optional<int64_t> offset, int timeout_seconds,
                                             int limit = 100);
BotCall getMeCall();
// ValidationFailed for an empty file_id or one over 1024 bytes.
[[nodiscard]] Result<BotCall> getFileCall(std::string_view file_id);

// Maps one stored message content (message_content.h) to its call:
//   {"text":…}                          → sendMessage
//   {"media":{url, mimeType, caption}}  → sendPhoto when mimeType is image/* (except image/svg+xml,
//                                          which Telegram cannot show as a photo), or, without a
//                                          mimeType, when the URL's path ends in .jpg .jpeg .png
//                                          .webp .gif; else sendDocument
//   {"choices":{text, options}}         → sendMessage with an inline keyboard (sendChoicesCall)
//   {"location":{latitude, longitude, name}} → sendLocation (Telegram shows no name; it is dropped)
// InvalidJson when content_json is not JSON; ValidationFailed when it is not exactly one of the
// shapes above or breaks a limit of the call it maps to.
[[nodiscard]] Result<BotCall> buildSend(std::string_view chat_id, std::string_view content_json);

// ---- Answers.

// What to do about an answer. Only RetryAfter, ServerError and Unreadable are worth retrying.
enum class AnswerKind {
  Ok,            // ok:true with a result
  RetryAfter,    // 429: wait retry_after seconds (flood control); the call itself is fine
  Blocked,       // 403, any description: blocked by the user, user deactivated, kicked from the
                 // group, can't initiate a conversation. Final for this chat.
  BadRequest,    // 400 ("message is too long", "chat not found", "can't parse entities") and
                 // other 4xx not listed here. Final: the same call fails again.
  Unauthorized,  // 401 (revoked token) or 404 (Telegram's answer to a malformed token; our method
                 // names are fixed). Final until the channel's token is fixed.
  Conflict,      // 409: another getUpdates poller, or getUpdates while a webhook is set.
  ServerError,   // 5xx, with or without a Bot API body. Retry with backoff.
  Unreadable,    // the body is not a Bot API answer (a proxy's page, truncated, oversized). Retry.
};

std::string_view answerKindName(AnswerKind kind);  // "ok", "retry_after", …
bool isRetryable(AnswerKind kind);

struct BotAnswer {
  AnswerKind kind = AnswerKind::Unreadable;
  bool ok = false;
  // "result" as JSON text when ok (re-serialised: same values, keys sorted); else empty.
  std::string result;
  std::optional<int64_t> error_code;
  // Telegram's description, at most 1024 bytes (cut on a code point), for the failure reason an
  // agent sees; for Unreadable a short note of what was wrong. Never holds the token.
  std::string description;
  // parameters.retry_after, else the N of "retry after N" in the description; 0–86400 seconds.
  std::optional<int64_t> retry_after;
  // parameters.migrate_to_chat_id: the group became this supergroup; resend there.
  std::optional<int64_t> migrate_to_chat_id;
};

// Reads an answer. The body decides when it is a Bot API answer ({"ok":…}): its error_code (else
// the HTTP status) classifies it. Otherwise the HTTP status does: 5xx → ServerError, 429 →
// RetryAfter without seconds, anything else → Unreadable. Never fails.
BotAnswer parseAnswer(int http_status, std::string_view body);

// ---- Results (BotAnswer::result of an Ok answer). InvalidJson / ValidationFailed for anything
// else, naming the field.

struct BotIdentity {
  int64_t id = 0;
  std::string username;  // without '@'
  std::string first_name;
};
[[nodiscard]] Result<BotIdentity> parseGetMeResult(std::string_view result_json);

struct RemoteFile {
  std::string file_path;  // relative, for fileUrl(); checked: [A-Za-z0-9_.-/], no "..", no "/…"
  std::optional<int64_t> file_size;
};
// ValidationFailed also when file_path is absent (Telegram omits it for files over 20 MB).
[[nodiscard]] Result<RemoteFile> parseGetFileResult(std::string_view result_json);

// What a sendX call answered: the sent Message. (chat_id, message_id) is its provider id.
struct SentMessage {
  int64_t chat_id = 0;
  int64_t message_id = 0;
};
[[nodiscard]] Result<SentMessage> parseSentMessage(std::string_view result_json);

// setWebhook, deleteWebhook, sendChatAction and answerCallbackQuery answer `true`; anything else
// is ValidationFailed.
[[nodiscard]] Result<void> parseTrueResult(std::string_view result_json);

}  // namespace parley::channels::telegram
