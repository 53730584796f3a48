#pragma once
// Messenger and Instagram webhooks (channels.md §2.1, §3), read after the signature was checked:
// {"object":"page"|"instagram","entry":[{"id":"<page or IG account id>","time":…,"messaging":[…],
// "standby":[…]}]}. Each messaging item is one event: a message (text, quick reply, attachments,
// a reply to a message or, on Instagram, to a story; a story mention), a postback (a pressed
// button), a reaction, a delivery or a read, or an echo of the page's own message. Every entry and
// event is returned, in order; kinds Parley does not handle come back as Other.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace parley::channels::messenger {

inline constexpr size_t kMaxWebhookBytes = 4 * 1024 * 1024;
inline constexpr size_t kMaxEvents = 1000;

enum class MsKind { Message, Postback, Reaction, Delivery, Read, Echo, Other };

struct MsAttachment {
  std::string type;  // "image", "video", "audio", "file", "story_mention", "share", "fallback"…
  std::string url;   // "" when the payload has none
};

struct MsEvent {
  MsKind kind = MsKind::Other;
  bool instagram = false;  // object "instagram"
  std::string account_id;  // entry.id: the page's (or the Instagram account's) id
  std::string sender;      // PSID / IGSID (the page's id for an echo)
  std::string recipient;
  int64_t timestamp = 0;  // milliseconds, Meta's clock
  std::string mid;        // the message's id ("" for deliveries and reads)
  std::string text;       // the message's text, the postback's title, the reaction's emoji
  std::optional<std::string> payload;  // a quick reply's or postback's payload
  std::vector<MsAttachment> attachments;
  std::optional<std::string> reply_to;   // the message it replies to
  std::optional<std::string> story_url;  // Instagram: the story it replies to
  std::vector<std::string> mids;         // a delivery's messages
  int64_t watermark = 0;                 // deliveries and reads: everything before it
  bool unreact = false;                  // a reaction taken back
};

// InvalidJson or ValidationFailed (naming the field) when the body is not such a webhook.
[[nodiscard]] Result<std::vector<MsEvent>> parseMessengerWebhook(std::string_view body);

}  // namespace parley::channels::messenger
