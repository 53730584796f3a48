#pragma once
// Telegram Bot API (core.telegram.org/bots/api, channels.md §4): one Update — a webhook body or one
// element of getUpdates' result — read into the fields Parley uses. Supported: message,
// edited_message and callback_query, carrying text or caption, one attachment (photo, animation,
// video, video note, voice, audio, sticker, document), a location or venue, a shared contact.
// Every other update type (channel_post, my_chat_member, inline_query, …) is recognised and
// Ignored, so its update_id still counts. Pure code: no I/O, no state.
// Input: untrusted. The webhook route checks X-Telegram-Bot-Api-Secret-Token before calling, but
// nothing here relies on it: size and nesting are bounded before parsing, every field read is
// type-checked, ids are int64 (never double), and nothing throws.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace parley::channels::telegram {

// One update is a few KiB (text ≤ 4096 UTF-16 units, plus entities and a quoted reply); 1 MiB is
// far above anything Telegram sends and small enough to parse on a request thread.
inline constexpr size_t kMaxUpdateBytes = size_t{1} << 20;
// A getUpdates answer holds at most `limit` (≤ 100) updates; with long texts, entities and quoted
// replies (non-ASCII sent as \uXXXX) one can reach tens of KiB.
inline constexpr size_t kMaxUpdatesBytes = size_t{8} << 20;
// Telegram's deepest real nesting is about 12 (getUpdates → update → callback_query → message →
// reply_markup → inline_keyboard → row → button → …). The cap bounds the parser's memory and the
// recursion of copying and re-serialising a parsed document.
inline constexpr size_t kMaxJsonDepth = 64;
// text and caption: 4096 UTF-16 units are at most 12288 UTF-8 bytes.
inline constexpr size_t kMaxTextBytes = 16384;
// Every other string read (ids, names, MIME types, callback data, button labels).
inline constexpr size_t kMaxShortBytes = 1024;

// Checks a Telegram JSON document before it is parsed: PayloadTooLarge when longer than
// `max_bytes`; InvalidJson when arrays and objects nest deeper than kMaxJsonDepth (brackets inside
// strings do not count). Says nothing about whether the rest is valid JSON.
[[nodiscard]] Result<void> checkJsonBounds(std::string_view json, size_t max_bytes);

enum class UpdateKind { Message, EditedMessage, CallbackQuery, Ignored };

// "message", "edited_message", "callback_query", "ignored".
std::string_view updateKindName(UpdateKind kind);

// Other: a type this code does not know (Telegram may add some); read it as "not private".
enum class ChatType { Private, Group, Supergroup, Channel, Other };

struct Chat {
  int64_t id = 0;       // negative for groups and channels; up to 52 significant bits
  std::string id_text;  // the same id in decimal: the contact's identity on this channel
  ChatType type = ChatType::Other;
};

struct Sender {
  int64_t id = 0;
  bool is_bot = false;
  // first_name + " " + last_name; the username when both are empty; else empty.
  std::string display_name;
  std::optional<std::string> username;       // without '@'
  std::optional<std::string> language_code;  // IETF tag as the client reports it, e.g. "de"
};

enum class AttachmentKind { Photo, Animation, Video, VideoNote, Voice, Audio, Sticker, Document };

// One file, downloadable with getFile(file_id). Fields the kind lacks stay empty (a photo has no
// mime_type or file_name; a sticker no mime_type).
struct Attachment {
  AttachmentKind kind = AttachmentKind::Document;
  std::string file_id;         // for getFile / re-sending; valid for this bot only
  std::string file_unique_id;  // stable across bots and time; not usable to download
  std::optional<int64_t> file_size;
  std::optional<std::string> mime_type;
  std::optional<std::string> file_name;
};

struct Location {
  double latitude = 0;              // -90…90
  double longitude = 0;             // -180…180
  std::optional<std::string> name;  // a venue's title
};

struct SharedContact {
  std::string phone_number;  // as the client sent it; not normalised
  std::string first_name;
  std::optional<std::string> last_name;
  std::optional<int64_t> user_id;  // when the contact is a Telegram user
};

struct CallbackQuery {
  std::string id;                   // answer it with answerCallbackQuery
  std::optional<std::string> data;  // callback_data of the pressed button
  // The label of the button whose callback_data equals `data`, found in the inline keyboard of
  // the message the button was on. nullopt when the keyboard is gone, is not an inline keyboard,
  // or has no such button (a malformed keyboard is "not found", not an error).
  std::optional<std::string> button_text;
};

// What one update says. For Ignored only update_id and type are set.
struct Update {
  int64_t update_id = 0;  // 0 ≤ update_id < INT64_MAX
  UpdateKind kind = UpdateKind::Ignored;
  // The Update field present: "message", "channel_post", … ("" when none; for an Ignored update
  // with several, the first in key order).
  std::string type;
  Chat chat;  // for CallbackQuery: the chat of the message the button was on
  // message.from, or for CallbackQuery the user who tapped. nullopt for a message without `from`
  // (an anonymous group admin writing as the group).
  std::optional<Sender> sender;
  int64_t message_id = 0;  // unique per chat; for CallbackQuery the message the button was on
  int64_t date = 0;        // Unix seconds the message was sent (0 for an inaccessible message)
  std::optional<int64_t> edit_date;  // EditedMessage only
  std::optional<std::string> text;   // text, else caption; never both
  std::optional<Attachment> attachment;
  std::optional<Location> location;
  std::optional<SharedContact> contact;
  std::optional<CallbackQuery> callback;  // set exactly when kind is CallbackQuery
};

// Parses one Update (a webhook body). Errors:
//   PayloadTooLarge  — body over kMaxUpdateBytes;
//   InvalidJson      — not JSON, invalid UTF-8, a number out of double range, nesting too deep;
//   ValidationFailed — not an object; update_id missing, not an integer or outside
//                      [0, INT64_MAX); more than one of message / edited_message / callback_query;
//                      a field Parley reads that is missing, of the wrong type (an id given as a
//                      string or a float, a huge integer) or too long. The message names the field.
// Unknown fields are ignored; a duplicated key keeps its last value. A message Parley cannot show
// (a poll, a dice, a service message such as new_chat_members) is still a Message, with no text,
// attachment, location or contact: the caller decides. A callback_query without `message` (a
// button on an inline-mode message, which Parley never sends) has no chat and is Ignored.
[[nodiscard]] Result<Update> parseUpdate(std::string_view body);

// An update of a getUpdates answer that could not be read. update_id is set when it could be.
struct RejectedUpdate {
  std::optional<int64_t> update_id;
  Error error;
};

struct UpdateBatch {
  std::vector<Update> updates;  // in the order given, Ignored ones included
  std::vector<RejectedUpdate> rejected;
  // The offset confirming this batch: the largest readable update_id + 1, rejected ones included
  // (so a bad update is not fetched again and again). nullopt when no update_id could be read (an
  // empty batch): keep the previous offset. An element without a readable update_id cannot be
  // confirmed on its own; Telegram always sends one.
  std::optional<int64_t> next_offset;
};

// Parses a whole getUpdates answer ({"ok":true,"result":[Update, …]}). Each element is read as
// parseUpdate() reads a body; one that fails is listed in `rejected` and does not stop the others.
// Errors: PayloadTooLarge over kMaxUpdatesBytes (ask again with a smaller `limit`); InvalidJson;
// ValidationFailed when the answer is not {"ok":true,"result":[…]} — for {"ok":false,…} the
// message carries error_code and description; use parseAnswer() (bot_api.h) on the same body to
// decide whether and when to retry.
[[nodiscard]] Result<UpdateBatch> parseGetUpdates(std::string_view body);

}  // namespace parley::channels::telegram
