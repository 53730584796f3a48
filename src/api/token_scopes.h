#pragma once
// What an API token may do (S4), beside its role: each route needs one scope, and a token calls it
// only when it holds that scope (or `admin`). A token with `messages:send` acts as a bot or CRM:
// it replies in a conversation, closes it or transfers it. Sessions hold every scope: people are
// limited by their role alone.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_types.h"

namespace parley::api {

enum class TokenScope : uint32_t {
  ConversationsRead = 1u << 0,   // conversations, messages, notes, the queue, files
  ConversationsWrite = 1u << 1,  // notes, pick, accept, unassign, read receipts, typing
  MessagesSend = 1u << 2,        // reply, attach, close, transfer, broadcasts
  ContactsRead = 1u << 3,
  ContactsWrite = 1u << 4,    // create, change, merge, import
  ChannelsInbound = 1u << 5,  // post inbound messages on the API channel
  ReportsRead = 1u << 6,      // reports, statistics, usage
  Admin = 1u << 7,            // everything the role allows, configuration included
};

using TokenScopes = uint32_t;  // a set of TokenScope bits
inline constexpr TokenScopes kAllTokenScopes = (1u << 8) - 1;

inline bool holds(TokenScopes scopes, TokenScope scope) {
  return (scopes & (static_cast<uint32_t>(TokenScope::Admin) | static_cast<uint32_t>(scope))) != 0;
}

// "conversations:read", …
std::string_view tokenScopeName(TokenScope scope);
std::optional<TokenScope> parseTokenScope(std::string_view name);
// Every scope, in the order above.
const std::vector<TokenScope>& allTokenScopes();
// The set named by `names`; nullopt when one is unknown.
std::optional<TokenScopes> parseTokenScopes(const std::vector<std::string>& names);
std::vector<std::string> tokenScopeNames(TokenScopes scopes);

// The scope a token needs for `method` `pattern` (the route as registered, with `{id}`s).
TokenScope requiredScope(Method method, std::string_view pattern);

}  // namespace parley::api
