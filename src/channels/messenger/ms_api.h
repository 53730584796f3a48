#pragma once
// The Messenger Send API (channels.md §2.2; Instagram the same, §3) without I/O: the body of each
// POST to {graph}/{version}/{page-id}/messages, made from a stored message's content, and the
// answers read back. Sent with `Authorization: Bearer <page access token>`.
//
//   {"text":…}                  → message.text (Messenger ≤ 2000 characters; Instagram < 1000
//   bytes)
//   {"media":{url, mimeType}}   → message.attachment of type image, video, audio or file, by URL
//                                 (a caption goes as a text of its own, captionSend())
//   {"choices":{text, options}} → message.text with ≤ 13 quick replies; each payload is
//                                 "opt:" + the option, so a press names it in full
//   {"location":…}              → message.text: its name and a map link
// Inside the 24-hour window `messaging_type` is RESPONSE; after it, MESSAGE_TAG with the tag
// HUMAN_AGENT (the caller decides which, from the conversation's window).

#include <string>
#include <string_view>

#include "core/error.h"

namespace parley::channels::messenger {

inline constexpr size_t kMaxTextCharacters = 2000;
inline constexpr size_t kMaxInstagramTextBytes = 999;
inline constexpr size_t kMaxQuickReplies = 13;
inline constexpr size_t kMaxQuickReplyTitle = 20;
inline constexpr std::string_view kOptionPayloadPrefix = "opt:";

struct SendTo {
  std::string_view recipient;  // PSID / IGSID
  bool instagram = false;
  bool human_agent = false;  // outside the 24-hour window: tagged as a human agent's reply
};

// The body sending `content_json`. ValidationFailed naming what cannot go as it is.
[[nodiscard]] Result<std::string> buildSend(const SendTo& to, std::string_view content_json);
// A media message's caption as a text message of its own; "" when it has none.
[[nodiscard]] Result<std::string> captionSend(const SendTo& to, std::string_view content_json);
// {"recipient":{"id"},"sender_action":"mark_seen"}: the customer sees their messages were read.
std::string markSeenBody(std::string_view recipient);

// The message id of a send's answer {"recipient_id":…,"message_id":"m_…"}.
[[nodiscard]] Result<std::string> parseSentId(std::string_view body);

}  // namespace parley::channels::messenger
