#pragma once
// A message's content as the API takes it: {"text": "…"} or {"content": {one of "text", "media",
// "choices", "location"}}. Validated and re-rendered canonically, so what is stored is always
// one known shape.

#include <string>

#include "api/json_reader.h"

namespace parley::api {

struct MessageContent {
  std::string json;  // {"text":…} | {"media":{…}} | {"choices":{…}} | {"location":{…}}
  std::string text;  // what keyword rules read: the text, caption or question
};

[[nodiscard]] Result<MessageContent> parseMessageContent(const JsonObject& body);

}  // namespace parley::api
