// GET /api/v1/media/{id}: a file that came with a message (a Telegram user's photo), for signed-in
// people who handle conversations (web chat visitors open theirs through signed links, in
// widget_routes.cc). The bytes are sent with the type they were found to be when
// stored (never one a sender claimed), with `nosniff` (every answer has it) and a sandbox CSP in
// place of the app's; only images open inline, the rest download under their name. Like every API
// answer it is not cached (no-store): a customer's photo does not outlive the session on a shared
// computer.
#include <algorithm>
#include <functional>
#include <string>

#include "api/routes.h"
#include "channels/media_download.h"
#include "channels/media_link.h"
#include "channels/media_type.h"
#include "channels/sms/utf8.h"
#include "core/json/json_writer.h"
#include "storage/conversation_stores.h"
#include "storage/media_store.h"

namespace parley::api {
namespace {

// What Parley keeps of any file (channels/media_download.h), whoever sends it.
constexpr size_t kMaxAttachmentBytes = channels::kMaxMediaBytes;

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

// A file name as given, or "file.<extension of its type>": at most 200 bytes of UTF-8 without
// control characters (it is shown to agents and sent to providers).
Result<std::string> attachmentName(std::string name, std::string_view extension) {
  if (name.empty()) {
    return "file." + std::string(extension);
  }
  if (name.size() > 200 || !channels::sms::decodeUtf8(name) ||
      std::any_of(name.begin(), name.end(),
                  [](unsigned char c) { return c < 0x20 || c == 0x7F; })) {
    return fail(ErrorCode::ValidationFailed,
                "name: at most 200 bytes of UTF-8 without control characters");
  }
  return name;
}

// POST /api/v1/conversations/{id}/attachments?name=…: a file an agent attaches to a reply; the
// body is its bytes (up to kMaxAttachmentBytes). Typed by its bytes (never by its name or the
// browser's word), sealed and recorded against the conversation on the blocking pool; the reply
// then names it: {"content":{"media":{"id":"med_…","caption":…}}}.
// GET /api/v1/media/{id}/shared?tenant=…&expires=…&sig=…: a file an agent sent, fetched by the
// provider that delivers it (Telegram, Viber), through the link the sender signed for an hour
// (channels/media_link.h). Public; a bad, expired or foreign link reads like an unknown file.
void sharedMedia(ApiContext& context, Call call) {
  const TenantId tenant{queryParameter(call.request.query, "tenant")};
  const MediaId id{call.params[0]};
  if (!context.media_link_key ||
      !channels::verifySharedMedia(
          *context.media_link_key, tenant, id, queryParameter(call.request.query, "expires"),
          queryParameter(call.request.query, "sig"), context.clock.now())) {
    call.fail(ErrorCode::NotFound, "no such media");
    return;
  }
  serveMedia(context, std::move(call), tenant, id, [](const Conversation&) { return true; });
}

void attachFile(ApiContext& context, Call call) {
  const TenantId tenant = call.principal->tenant;
  auto conversation = ownConversation(context, call);
  if (!conversation || !context.stores.media) {
    call.fail(conversation ? Error{ErrorCode::NotFound, "no media store"} : conversation.error());
    return;
  }
  if (call.request.body.empty()) {
    call.fail(ErrorCode::ValidationFailed, "the file is empty");
    return;
  }
  const channels::MediaType type = channels::sniffMediaType(call.request.body);
  auto name = attachmentName(queryParameter(call.request.query, "name"), type.extension);
  if (!name) {
    call.fail(name.error());
    return;
  }
  context.blocking.post([&context, call = std::move(call), tenant, conversation = conversation->id,
                         type, name = std::move(*name)](bool admitted) mutable {
    if (!admitted) {
      respondBusy(call);
      return;
    }
    auto staged = context.stores.media->stage(tenant, type.mime, name, call.request.body);
    if (!staged) {
      call.fail(staged.error());
      return;
    }
    context.stores.media->attach(
        tenant, conversation, std::move(*staged),
        [call = std::move(call), name](Result<storage::StoredMedia> stored) mutable {
          if (!stored) {
            call.fail(stored.error());
            return;
          }
          JsonWriter json;
          json.beginObject()
              .key("attachment")
              .beginObject()
              .field("id", stored->id.value)
              .field("url", "/api/v1/media/" + stored->id.value)
              .field("mimeType", stored->mime_type)
              .field("name", name)
              .key("size")
              .number(static_cast<int64_t>(stored->size))
              .endObject()
              .endObject();
          call.respond(Response::json(201, json.take()));
        });
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
  router.add(Method::Get, "/api/v1/media/{id}/shared", Access::Public,
             withContext(context, sharedMedia));
  router.add(Method::Post, "/api/v1/conversations/{id}/attachments",
             Permission::HandleConversations, withContext(context, attachFile));
  router.allowLargerBody(Method::Post, "/api/v1/conversations/{id}/attachments",
                         kMaxAttachmentBytes);
}

}  // namespace parley::api
