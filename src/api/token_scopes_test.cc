#include "api/token_scopes.h"

#include <gtest/gtest.h>

namespace parley::api {
namespace {

TEST(TokenScopes, NamesRoundTripAndUnknownOnesAreRefused) {
  for (TokenScope scope : allTokenScopes()) {
    EXPECT_EQ(parseTokenScope(tokenScopeName(scope)), scope);
  }
  EXPECT_FALSE(parseTokenScopes({"messages:send", "everything"}));
  const auto scopes = parseTokenScopes({"messages:send", "contacts:read", "messages:send"});
  ASSERT_TRUE(scopes);
  EXPECT_EQ(tokenScopeNames(*scopes), (std::vector<std::string>{"messages:send", "contacts:read"}));
}

TEST(TokenScopes, AdminHoldsEveryScopeAndOthersOnlyTheirOwn) {
  const TokenScopes admin = static_cast<TokenScopes>(TokenScope::Admin);
  const TokenScopes sender = static_cast<TokenScopes>(TokenScope::MessagesSend);
  for (TokenScope scope : allTokenScopes()) {
    EXPECT_TRUE(holds(admin, scope));
    EXPECT_EQ(holds(sender, scope), scope == TokenScope::MessagesSend) << tokenScopeName(scope);
  }
  EXPECT_FALSE(holds(0, TokenScope::ConversationsRead));
}

TEST(TokenScopes, ABotRepliesClosesAndTransfersWithMessagesSend) {
  for (const char* acting :
       {"/api/v1/conversations/{id}/messages", "/api/v1/conversations/{id}/close",
        "/api/v1/conversations/{id}/transfer", "/api/v1/conversations/{id}/attachments"}) {
    EXPECT_EQ(requiredScope(Method::Post, acting), TokenScope::MessagesSend) << acting;
  }
  EXPECT_EQ(requiredScope(Method::Get, "/api/v1/conversations/{id}/messages"),
            TokenScope::ConversationsRead);
  EXPECT_EQ(requiredScope(Method::Post, "/api/v1/conversations/{id}/notes"),
            TokenScope::ConversationsWrite);
  EXPECT_EQ(requiredScope(Method::Post, "/api/v1/channels/api/messages"),
            TokenScope::ChannelsInbound);
  EXPECT_EQ(requiredScope(Method::Get, "/api/v1/contacts/{id}"), TokenScope::ContactsRead);
  EXPECT_EQ(requiredScope(Method::Post, "/api/v1/contacts/import"), TokenScope::ContactsWrite);
  EXPECT_EQ(requiredScope(Method::Get, "/api/v1/reports/conversations"), TokenScope::ReportsRead);
  EXPECT_EQ(requiredScope(Method::Post, "/api/v1/channels"), TokenScope::Admin);
  EXPECT_EQ(requiredScope(Method::Get, "/api/v1/contactsx"), TokenScope::Admin)
      << "a prefix is a whole path segment";
}

}  // namespace
}  // namespace parley::api
