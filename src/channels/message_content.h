#pragma once
// A message's content as the API takes it: {"text": "…"} or {"content": {one of "text", "media",
// "choices", "location"}}. Validated and re-rendered canonically, so what is stored is always
// one known shape.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/conversation.h"
#include "core/json/json_reader.h"

namespace parley::channels {

// Bounds of what an agent or an integrator may send.
constexpr size_t kMaxTemplateParameters = 20;
constexpr size_t kMaxTextBytes = 4096;
constexpr size_t kMaxOptions = 10;

struct MessageContent {
  std::string json;  // {"text":…} | {"media":{…}} | {"choices":{…}} | {"location":{…}}
  std::string text;  // what keyword rules read: the text, caption or question
  // {"media":{"id":"med_…","caption"}}: a file attached to the conversation (POST
  // /conversations/{id}/attachments). `json` stays empty: the caller looks the file up and renders
  // it with storedMediaContent().
  std::optional<MediaId> attachment;
  // {"template":{"name","language","parameters":["#4711"]}}: one of the channel's approved message
  // templates (WhatsApp). `json` stays empty: the caller looks it up and renders it with
  // templateContent() (channels/message_template.h).
  struct Template {
    std::string name;
    std::string language;
    std::vector<std::string> parameters;
  };
  std::optional<Template> template_message;
};

// `template` only where `templates` is true (an agent's reply); elsewhere it is refused like an
// unknown kind.
[[nodiscard]] Result<MessageContent> parseMessageContent(const JsonObject& body,
                                                         bool templates = false);

// The content of an inbound message whose file is in the media store: {"media":{"id","url" (where
// signed-in agents open it: /api/v1/media/<id>),"mimeType","name","size","caption"}}. The caption
// is omitted when empty.
std::string storedMediaContent(const MediaId& id, std::string_view mime_type, std::string_view name,
                               size_t size, std::string_view caption);

}  // namespace parley::channels
