// GET /api/v1/media/{id}: a file that came with a message (a Telegram user's photo), for signed-in
// people who handle conversations (web chat visitors open theirs through signed links, in
// widget_routes.cc). The bytes are sent with the type they were found to be when
// stored (never one a sender claimed), with `nosniff` (every answer has it) and a sandbox CSP in
// place of the app's; only images open inline, the rest download under their name. Like every API
// answer it is not cached (no-store): a customer's photo does not outlive the session on a shared
// computer.
#include <functional>
#include <string>

#include "api/routes.h"
#include "storage/conversation_stores.h"
#include "storage/media_store.h"

namespace parley::api {
namespace {

// A file name for Content-Disposition: printable ASCII but quotes and backslashes.
std::string safeFileName(std::string_view name) {
  std::string safe;
  for (char c : name.substr(0, 100)) {
    const auto byte = static_cast<unsigned char>(c);
    safe += byte >= 0x20 && byte < 0x7F && c != '"' && c != '\\' ? c : '_';
  }
  return safe.empty() ? "file" : safe;
}

void readMedia(ApiContext& context, Call call) {
  const TenantId tenant = call.principal->tenant;
  const Principal principal = *call.principal;
  const MediaId id{call.params[0]};
  serveMedia(context, std::move(call), tenant, id, [principal](const Conversation& conversation) {
    return maySeeConversation(principal, conversation);
  });
}

}  // namespace

void serveMedia(ApiContext& context, Call call, const TenantId& tenant, const MediaId& id,
                std::function<bool(const Conversation&)> may_see) {
  if (!context.stores.media) {
    call.fail(ErrorCode::NotFound, "no such media");
    return;
  }
  // Reading and opening a file of up to 20 MB: not on the network thread.
  context.blocking.post([&context, call = std::move(call), tenant, id,
                         may_see = std::move(may_see)](bool admitted) mutable {
    if (!admitted) {
      respondBusy(call);
      return;
    }
    auto media = context.stores.media->readMedia(tenant, id);
    if (!media) {
      call.fail(media.error());
      return;
    }
    // Only for those who may see its conversation (the same NotFound as an unknown id).
    auto conversation =
        context.stores.conversations->findConversation(tenant, media->first.conversation_id);
    if (!conversation || !may_see(*conversation)) {
      call.fail(ErrorCode::NotFound, "no such media");
      return;
    }
    const storage::StoredMedia& file = media->first;
    Response response{
        .status = 200, .content_type = file.mime_type, .body = std::move(media->second)};
    const bool image = file.mime_type.starts_with("image/") && file.mime_type != "image/heic";
    response.headers = {
        {"Content-Disposition", std::string(image ? "inline" : "attachment") + "; filename=\"" +
                                    safeFileName(file.name) + "\""},
        {"Content-Security-Policy", "sandbox; default-src 'none'"},
    };
    call.respond(std::move(response));
  });
}

void addMediaRoutes(Router& router, ApiContext& context) {
  router.add(Method::Get, "/api/v1/media/{id}", Permission::HandleConversations,
             withContext(context, readMedia));
}

}  // namespace parley::api
