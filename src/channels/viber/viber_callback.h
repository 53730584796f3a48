#pragma once
// Viber REST Bot API (chatapi.viber.com/pa, channels.md §5.1): one webhook callback read into the
// fields Parley uses. Supported events: message (text, picture, video, file, sticker, location,
// contact, url; any other message type is kept by name with its text and tracking_data),
// delivered, seen, failed, subscribed, unsubscribed, conversation_started and the webhook check.
// An event of any other name is recognised as Other, not refused: Viber may add some, and
// refusing a callback only makes Viber retry it for an hour. Pure code: no I/O, no state.
// Input: untrusted. The webhook route checks X-Viber-Content-Signature (viber_signature.h) first,
// but nothing here relies on it: size and nesting are bounded before parsing, every field read is
// type-checked, message_token is kept as exact decimal text (never a double), nothing throws.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace parley::channels::viber {

// Viber's largest JSON is 30 KB (a 7000-character text is at most 28000 UTF-8 bytes); twice
// that leaves room for JSON escapes and fields Viber may add, and is still cheap to parse.
inline constexpr size_t kMaxCallbackBytes = 64 * 1024;
// Real callbacks nest 3 deep (callback → message → location); the cap bounds the parser's memory
// and recursion on hostile input.
inline constexpr size_t kMaxJsonDepth = 32;
// text, tracking_data (≤ 4000 characters), context and desc.
inline constexpr size_t kMaxTextBytes = 32 * 1024;
// Every other string read: ids, names, URLs, file names, types, language and country codes.
inline constexpr size_t kMaxFieldBytes = 4096;

// Checks a JSON document before it is parsed: PayloadTooLarge when longer than `max_bytes`;
// InvalidJson when arrays and objects nest deeper than kMaxJsonDepth (brackets inside strings do
// not count). Says nothing about whether the rest is valid JSON.
[[nodiscard]] Result<void> checkJsonBounds(std::string_view json, size_t max_bytes);

// True when `text` is a message_token as this code keeps it: an integer in [INT64_MIN,
// UINT64_MAX] in canonical decimal ("0", "5058590812907389764", "-12"; not "007", "+1", "-0",
// "1.0", " 1"). A token Viber sends as a JSON string must pass this too.
bool isDecimalToken(std::string_view text);

enum class EventKind {
  Message,
  Delivered,
  Seen,
  Failed,
  Subscribed,
  Unsubscribed,
  ConversationStarted,
  Webhook,
  Other,
};

// The event name Viber uses ("message", "conversation_started", …); "other" for Other.
std::string_view eventKindName(EventKind kind);

// A Viber user as a callback describes them (sender of a message; user of subscribed and
// conversation_started). Only id is certain; the rest depends on the user's settings and on
// send_name / send_photo of set_webhook.
struct UserProfile {
  std::string id;  // per bot and stable: the contact's identity on this channel; never empty
  std::optional<std::string> name;
  std::optional<std::string> avatar;    // URL
  std::optional<std::string> language;  // e.g. "de" or "en-US", as the client reports it
  std::optional<std::string> country;   // ISO 3166-1 alpha-2, e.g. "DE"
  std::optional<int64_t> api_version;   // the highest API level the user's client supports
};

// Other: a type this code does not know (rich_media, keyboard, …); ReceivedMessage::type_name
// holds its name, and only text and tracking_data are read from it.
enum class MessageType { Text, Picture, Video, File, Sticker, Location, Contact, Url, Other };

// For picture, video, file and sticker: the file; for url: the link. Viber's media URLs expire.
struct Media {
  std::string url;  // message.media; never empty
  std::optional<std::string> thumbnail;
  std::optional<std::string> file_name;  // file
  std::optional<int64_t> size;           // bytes, ≥ 0 (file, video)
};

struct Location {
  double latitude = 0;   // message.location.lat, -90…90
  double longitude = 0;  // message.location.lon, -180…180
};

struct SharedContact {
  std::string name;          // "" when absent
  std::string phone_number;  // as the client sent it; not normalised; "" when absent
};

struct ReceivedMessage {
  MessageType type = MessageType::Other;
  std::string type_name;                 // message.type as sent ("text", "rich_media", …)
  std::optional<std::string> text;       // text, or the description of a picture or video
  std::optional<Media> media;            // set for picture, video, file, url; for sticker when sent
  std::optional<Location> location;      // set for location
  std::optional<SharedContact> contact;  // set for contact
  std::optional<int64_t> sticker_id;     // sticker, when sent
  // What the bot set on its last send_message to this user (≤ 4000 characters), echoed back.
  std::optional<std::string> tracking_data;
};

// What one callback says. Fields an event lacks stay empty.
struct Callback {
  EventKind kind = EventKind::Other;
  std::string event;      // the event name as sent, e.g. "message" (for Other: whatever it was)
  int64_t timestamp = 0;  // Unix milliseconds, ≥ 0 (0 when an Other event has none)
  // The callback's token in decimal, exactly as sent (tokens exceed 2^53). For Message: the id to
  // dedupe on; for Delivered, Seen, Failed: the message_token send_message answered. "" only when
  // absent, which is allowed for Subscribed, Unsubscribed, ConversationStarted, Webhook and Other.
  std::string message_token;
  // The user the event is about: sender.id (Message), user_id (Delivered, Seen, Failed,
  // Unsubscribed), user.id (Subscribed, ConversationStarted). Never empty for those kinds; "" for
  // Webhook and Other.
  std::string user_id;
  std::optional<UserProfile> user;         // Message, Subscribed, ConversationStarted
  std::optional<ReceivedMessage> message;  // set exactly when kind is Message
  std::optional<std::string> description;  // Failed: desc
  // ConversationStarted: type ("open"), context (the deep link's context parameter) and whether
  // the user is already subscribed (false when absent).
  std::optional<std::string> conversation_type;
  std::optional<std::string> context;
  bool subscribed = false;
};

// Parses one callback body. Errors:
//   PayloadTooLarge  — body over kMaxCallbackBytes;
//   InvalidJson      — not JSON, invalid UTF-8 (or an escaped lone surrogate), nesting deeper than
//                      kMaxJsonDepth, a number out of double range;
//   ValidationFailed — not an object; event missing or not a string; timestamp missing (for a
//                      known event), not an integer or negative; message_token neither a JSON
//                      integer in [INT64_MIN, UINT64_MAX] nor a string passing isDecimalToken()
//                      (a float, 1e3, "12a", "007"), or missing where it is required (Callback);
//                      the user id missing, not a string or empty (sender / user / user_id, per
//                      kind); for Message: message missing, type missing, the field the type needs
//                      missing (text for text; media for picture, video, file, url;
//                      location with lat and lon in range; contact); any field read of the wrong
//                      type or too long. The message names the field ("sender.id is missing").
// Unknown fields are ignored; a duplicated key keeps its last value; a null field is absent.
[[nodiscard]] Result<Callback> parseCallback(std::string_view body);

}  // namespace parley::channels::viber
