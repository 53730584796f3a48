#pragma once
// A message's content as the API takes it: {"text": "…"} or {"content": {one of "text", "media",
// "choices", "location"}}. Validated and re-rendered canonically, so what is stored is always
// one known shape.

#include <string>

#include "core/json/json_reader.h"

namespace parley::channels {

// Bounds of what an agent or an integrator may send.
constexpr size_t kMaxTextBytes = 4096;
constexpr size_t kMaxOptions = 10;

struct MessageContent {
  std::string json;  // {"text":…} | {"media":{…}} | {"choices":{…}} | {"location":{…}}
  std::string text;  // what keyword rules read: the text, caption or question
};

[[nodiscard]] Result<MessageContent> parseMessageContent(const JsonObject& body);

}  // namespace parley::channels
