#include "api/token_scopes.h"

#include <array>
#include <utility>

namespace parley::api {
namespace {

constexpr std::array<std::pair<TokenScope, std::string_view>, 8> kNames = {{
    {TokenScope::ConversationsRead, "conversations:read"},
    {TokenScope::ConversationsWrite, "conversations:write"},
    {TokenScope::MessagesSend, "messages:send"},
    {TokenScope::ContactsRead, "contacts:read"},
    {TokenScope::ContactsWrite, "contacts:write"},
    {TokenScope::ChannelsInbound, "channels:inbound"},
    {TokenScope::ReportsRead, "reports:read"},
    {TokenScope::Admin, "admin"},
}};

bool under(std::string_view pattern, std::string_view prefix) {
  return pattern == prefix || (pattern.starts_with(prefix) && pattern[prefix.size()] == '/');
}

}  // namespace

std::string_view tokenScopeName(TokenScope scope) {
  for (const auto& [value, name] : kNames) {
    if (value == scope) {
      return name;
    }
  }
  return "admin";
}

std::optional<TokenScope> parseTokenScope(std::string_view name) {
  for (const auto& [value, known] : kNames) {
    if (known == name) {
      return value;
    }
  }
  return std::nullopt;
}

const std::vector<TokenScope>& allTokenScopes() {
  static const std::vector<TokenScope> all = [] {
    std::vector<TokenScope> scopes;
    for (const auto& [value, name] : kNames) {
      scopes.push_back(value);
    }
    return scopes;
  }();
  return all;
}

std::optional<TokenScopes> parseTokenScopes(const std::vector<std::string>& names) {
  TokenScopes scopes = 0;
  for (const std::string& name : names) {
    auto scope = parseTokenScope(name);
    if (!scope) {
      return std::nullopt;
    }
    scopes |= static_cast<uint32_t>(*scope);
  }
  return scopes;
}

std::vector<std::string> tokenScopeNames(TokenScopes scopes) {
  std::vector<std::string> names;
  for (const auto& [value, name] : kNames) {
    if (scopes & static_cast<uint32_t>(value)) {
      names.emplace_back(name);
    }
  }
  return names;
}

TokenScope requiredScope(Method method, std::string_view pattern) {
  const bool reads = method == Method::Get || method == Method::Head;
  if (pattern == "/api/v1/channels/api/messages") {
    return TokenScope::ChannelsInbound;
  }
  if (under(pattern, "/api/v1/conversations")) {
    if (reads) {
      return TokenScope::ConversationsRead;
    }
    for (std::string_view acting : {"/messages", "/attachments", "/close", "/transfer"}) {
      if (pattern.ends_with(acting)) {
        return TokenScope::MessagesSend;
      }
    }
    return TokenScope::ConversationsWrite;
  }
  if (pattern == "/api/v1/broadcasts") {
    return TokenScope::MessagesSend;
  }
  // What a bot reads beside the conversations: the queue, files, canned answers, the channels.
  if (reads && (pattern == "/api/v1/queue" || under(pattern, "/api/v1/media") ||
                pattern == "/api/v1/canned-responses" || pattern == "/api/v1/channels")) {
    return TokenScope::ConversationsRead;
  }
  if (under(pattern, "/api/v1/contacts")) {
    return reads ? TokenScope::ContactsRead : TokenScope::ContactsWrite;
  }
  if (reads && (under(pattern, "/api/v1/reports") || under(pattern, "/api/v1/stats") ||
                under(pattern, "/api/v1/usage"))) {
    return TokenScope::ReportsRead;
  }
  return TokenScope::Admin;
}

}  // namespace parley::api
