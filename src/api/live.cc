#include "api/live.h"

#include "api/render.h"
#include "api/routes.h"
#include "storage/conversation_stores.h"

namespace parley::api {

Result<std::string> liveHello(ApiContext& context, const Principal& principal,
                              const std::string& cursor,
                              const std::optional<std::string>& watching) {
  if (watching) {
    auto conversation =
        context.stores.conversations->findConversation(principal.tenant, ConversationId{*watching});
    if (!conversation) {
      return std::unexpected(conversation.error());
    }
    recordRead(context, principal, "conversation", *watching, "watch");
  }
  JsonWriter json;
  json.beginObject().field("type", "hello").field("cursor", cursor);
  if (principal.user) {
    auto user = context.stores.users->findUser(principal.tenant, *principal.user);
    if (!user) {
      return std::unexpected(user.error());
    }
    json.key("user");
    renderUser(json, *user);
  } else {
    json.field("tokenId", principal.token->value).field("role", roleName(principal.role));
  }
  json.endObject();
  return json.take();
}

}  // namespace parley::api
