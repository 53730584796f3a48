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

// Stored content as plain text, for channels that carry only text (SMS, C9): the text; a media's
// caption and link; choices as the question and a numbered list ("1. Yes"), so a reply "1" reads
// naturally; a location's name and a map link. InvalidJson / ValidationFailed for content that is
// not one of the stored shapes.
[[nodiscard]] Result<std::string> plainTextOf(std::string_view content_json);

}  // namespace parley::api
