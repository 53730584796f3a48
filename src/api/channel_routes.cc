// The API channel (C8): an integrator posts a customer's inbound message; Parley finds or creates
// the contact by its identity, stores the message durably, then categorises and routes the
// conversation. The answer comes once the message is stored; allocation follows on the agent's
// live socket. A repeated `messageId` is answered 200 with `duplicate: true` and stores nothing.
#include "api/idempotency.h"
#include "api/message_content.h"
#include "api/render_routing.h"
#include "api/routes.h"

namespace parley::api {
namespace {

constexpr std::string_view kChannel = "api";

void postInbound(ApiContext& context, Call call) {
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto contact = body->optionalObject("contact");
  auto message_id = body->optionalString("messageId", 200);
  auto entry_point = body->optionalString("entryPoint", 200);
  auto content = parseMessageContent(*body);
  for (const Error* error :
       {contact ? nullptr : &contact.error(), message_id ? nullptr : &message_id.error(),
        entry_point ? nullptr : &entry_point.error(), content ? nullptr : &content.error()}) {
    if (error) {
      call.fail(*error);
      return;
    }
  }
  if (!*contact) {
    call.fail(ErrorCode::ValidationFailed, "contact is required");
    return;
  }
  auto identity = (*contact)->requiredString("identity", 200);
  auto name = (*contact)->optionalString("name", 200);
  if (!identity || !name) {
    call.fail(identity ? name.error() : identity.error());
    return;
  }
  if (identity->empty()) {
    call.fail(ErrorCode::ValidationFailed, "contact.identity must not be empty");
    return;
  }
  conversations::Inbound inbound{.message = {.tenant_id = call.principal->tenant,
                                             .channel = std::string(kChannel),
                                             .identity = std::move(*identity),
                                             .contact_name = std::move(*name),
                                             .content = std::move(content->json),
                                             .provider_message_id = std::move(*message_id)},
                                 .text = std::move(content->text),
                                 .entry_point = entry_point->value_or("")};
  context.routing.receive(
      std::move(inbound),
      [call = std::move(call)](Result<storage::ReceivedMessage> received) mutable {
        if (!received) {
          call.fail(received.error());
          return;
        }
        JsonWriter json;
        json.beginObject()
            .field("contactId", received->contact_id.value)
            .key("duplicate")
            .boolean(received->duplicate)
            .key("newConversation")
            .boolean(received->new_conversation)
            .key("conversation");
        renderConversation(json, received->conversation);
        json.key("message");
        renderMessage(json, received->message);
        json.endObject();
        call.respond(Response::json(received->duplicate ? 200 : 202, json.take()));
      });
}

}  // namespace

void addChannelRoutes(Router& router, ApiContext& context) {
  router.add(Method::Post, "/api/v1/channels/api/messages", Permission::InjectMessages,
             idempotent(context, withContext(context, postInbound)));
}

}  // namespace parley::api
