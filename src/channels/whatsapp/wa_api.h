#pragma once
// WhatsApp Cloud API calls (channels.md §1.2) without I/O: the body of each POST to
// {graph}/{version}/{phone-number-id}/messages, made from a stored message's content, and the
// answers read back. Sent with `Authorization: Bearer <access token>`.
//
//   {"text":…}                    → type "text" (≤ 4096 characters)
//   {"media":{url, mimeType, name, caption}}
//                                 → "image" (JPEG, PNG), "video" (MP4, 3GPP), "audio", "sticker"
//                                   (WebP) or "document" (anything else, with its filename) by link
//   {"choices":{text, options}}   → "interactive": reply buttons for ≤ 3 options of ≤ 20
//                                   characters, else a list of ≤ 10 rows
//   {"location":{latitude, longitude, name}} → "location"
//   {"template":{name, language, parameters}} → "template" with the parameters as the body's
// Each option's id is "opt:" + the option, so the customer's press names it in full even where
// WhatsApp shortened the title it showed.

#include <string>
#include <string_view>
#include <vector>

#include "core/channel.h"
#include "core/error.h"

namespace parley::channels::whatsapp {

inline constexpr size_t kMaxTextCharacters = 4096;
inline constexpr size_t kMaxButtons = 3;
inline constexpr size_t kMaxButtonTitle = 20;
inline constexpr size_t kMaxListRows = 10;
inline constexpr size_t kMaxRowTitle = 24;
inline constexpr size_t kMaxRowDescription = 72;
inline constexpr size_t kMaxInteractiveBody = 1024;
inline constexpr std::string_view kOptionIdPrefix = "opt:";

// `base` (no trailing slash) + "/" + version + "/" + path.
std::string graphUrl(std::string_view base, std::string_view version, std::string_view path);

// The body sending `content_json` to the customer `to` (their wa_id). ValidationFailed, naming
// what, when the content cannot go over WhatsApp as it is.
[[nodiscard]] Result<std::string> buildSend(std::string_view to, std::string_view content_json);

// Marks the customer's message read (the two blue ticks on their phone).
std::string markReadBody(std::string_view message_id);

// The wamid of a send's answer {"messages":[{"id":"wamid…"}]}.
[[nodiscard]] Result<std::string> parseSentId(std::string_view body);
// The download URL in GET /{version}/{media-id}'s answer {"url":…,"mime_type":…}.
[[nodiscard]] Result<std::string> parseMediaUrl(std::string_view body);

// One page of GET /{version}/{business-account-id}/message_templates: {"data":[{"name",
// "language","status","category","components":[{"type":"BODY","text":"… {{1}}"}…]}…],
// "paging":{"next":"<url of the next page>"}}. `next` is "" on the last page.
struct TemplatePage {
  std::vector<ChannelTemplate> templates;
  std::string next;
};
[[nodiscard]] Result<TemplatePage> parseTemplates(std::string_view body);

}  // namespace parley::channels::whatsapp
