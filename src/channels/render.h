#pragma once
// Stored message content turned into what a channel can carry (C9).

#include <string>
#include <string_view>

#include "core/error.h"

namespace parley::channels {

// Stored content as plain text, for channels that carry only text (SMS, C9): the text; a media's
// caption and link; choices as the question and a numbered list ("1. Yes"), so a reply "1" reads
// naturally; a location's name and a map link. InvalidJson / ValidationFailed for content that is
// not one of the stored shapes.
[[nodiscard]] Result<std::string> plainTextOf(std::string_view content_json);

}  // namespace parley::channels
