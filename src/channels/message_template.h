#pragma once
// A provider's message template (WhatsApp) filled in by an agent: the body's {{1}}, {{2}}… replaced
// by the parameters in order, and stored as
//   {"template":{"name","language","parameters":["#4711"],"text":"Your ticket #4711 was updated"}}
// so the timeline shows what the customer read and the sender knows what to ask the provider for.

#include <string>
#include <string_view>
#include <vector>

#include "core/channel.h"
#include "core/error.h"

namespace parley::channels {

// The highest n of the {{n}} in `body` (Meta numbers them from 1, without gaps).
int templateParameterCount(std::string_view body);

// The stored content of `chosen` with `parameters`. ValidationFailed when the template is not
// approved, the count is wrong, or a parameter is empty or has what Meta refuses in one (a new
// line, a tab, more than four spaces in a row).
[[nodiscard]] Result<std::string> templateContent(const ChannelTemplate& chosen,
                                                  const std::vector<std::string>& parameters);

}  // namespace parley::channels
