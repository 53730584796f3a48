#pragma once
// Rich content on text-only channels (C9): choices go out as a numbered list ("1. Yes\n2. No",
// see plainTextOf()), so a contact answers with a number. This maps such an answer back: when the
// text is just a number and the last message an agent sent in the contact's open conversation on
// that channel offered choices, the option with that number.

#include <optional>
#include <string>
#include <string_view>

#include "storage/conversation_stores.h"

namespace parley::channels {

std::optional<std::string> chosenOption(storage::ConversationStore& conversations,
                                        const TenantId& tenant, const std::string& channel,
                                        const std::string& identity, std::string_view text);

}  // namespace parley::channels
