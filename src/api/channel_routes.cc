// The API channel (C8): an integrator posts a customer's inbound message; Parley finds or creates
// the contact by its identity, stores the message durably, then categorises and routes the
// conversation. The answer comes once the message is stored; allocation follows on the agent's
// live socket. A repeated `messageId` is answered 200 with `duplicate: true` and stores nothing.
//
// Also the channels page (A1): the channels there are (the API channel only, today), switching the
// API channel off and on (while off, inbound messages are refused; replies still go out), and a
// signed test delivery to its webhook. Settings are read per request: no restart needed.
#include "api/idempotency.h"
#include "api/message_content.h"
#include "api/render_routing.h"
#include "api/routes.h"
#include "channels/api/api_outbound.h"
#include "privacy/crypto.h"
#include "storage/outbox_store.h"

namespace parley::api {
namespace {

constexpr std::string_view kChannel = "api";
constexpr std::chrono::milliseconds kTestTimeout{10'000};

// Webhook URL and whether a secret is set are for admins; others see "" and false.
void renderApiChannel(JsonWriter& json, const storage::TenantSettings& settings, bool admin) {
  json.beginObject()
      .field("id", kChannel)
      .field("type", kChannel)
      .field("name", "API")
      .key("enabled")
      .boolean(settings.api_enabled)
      .field("inboundPath", "/api/v1/channels/api/messages")
      .field("webhookUrl", admin ? settings.api_webhook_url : "")
      .key("webhookSecretSet")
      .boolean(admin && !settings.api_webhook_secret.empty())
      .key("capabilities")
      .beginObject()
      .key("text")
      .boolean(true)
      .key("media")
      .boolean(true)
      .key("choices")
      .boolean(true)
      .key("location")
      .boolean(true)
      .endObject()
      .key("replyWindowSeconds")
      .null()
      .endObject();
}

bool isAdmin(const Call& call) {
  return isAllowed(call.principal->role, Permission::ManageRouting);
}

void listChannels(ApiContext& context, Call call) {
  auto settings = context.stores.routing->findSettings(call.principal->tenant);
  if (!settings) {
    call.fail(settings.error());
    return;
  }
  JsonWriter json;
  json.beginObject().key("items").beginArray();
  renderApiChannel(json, *settings, isAdmin(call));
  json.endArray().endObject();
  call.respond(Response::json(200, json.take()));
}

void patchApiChannel(ApiContext& context, Call call) {
  const TenantId tenant = call.principal->tenant;
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto enabled = body->optionalBoolean("enabled");
  if (!enabled) {
    call.fail(enabled.error());
    return;
  }
  context.stores.routing->updateSettings(
      tenant,
      [enabled = *enabled](storage::TenantSettings& settings) {
        settings.api_enabled = enabled.value_or(settings.api_enabled);
      },
      [call = std::move(call)](Result<storage::TenantSettings> saved) mutable {
        if (!saved) {
          call.fail(saved.error());
          return;
        }
        JsonWriter json;
        json.beginObject().key("channel");
        renderApiChannel(json, *saved, /*admin=*/true);
        json.endObject();
        call.respond(Response::json(200, json.take()));
      });
}

std::string testResult(bool ok, std::optional<int> status, std::optional<std::string> error) {
  JsonWriter json;
  json.beginObject().key("result").beginObject().key("ok").boolean(ok).key("status");
  if (status) {
    json.number(*status);
  } else {
    json.null();
  }
  json.key("error").optionalString(error).endObject().endObject();
  return json.take();
}

// One signed ping to the webhook; the answer reports what happened, whatever it was.
void testApiChannel(ApiContext& context, Call call) {
  auto settings = context.stores.routing->findSettings(call.principal->tenant);
  if (!settings) {
    call.fail(settings.error());
    return;
  }
  if (settings->api_webhook_url.empty()) {
    call.respond(Response::json(200, testResult(false, std::nullopt, "no webhook URL configured")));
    return;
  }
  if (!context.http) {
    call.fail(ErrorCode::NotReady, "outbound HTTP is not available");
    return;
  }
  HttpRequest request = channels::api::pingRequest(privacy::newId<storage::EventTag>(), *settings,
                                                   context.clock.now(), kTestTimeout);
  context.http->send(std::move(request), [call = std::move(call)](
                                             Result<HttpResponse> answer) mutable {
    if (!answer) {
      call.respond(Response::json(200, testResult(false, std::nullopt, answer.error().message)));
      return;
    }
    const bool ok = answer->status >= 200 && answer->status < 300;
    std::optional<std::string> error;
    if (!ok) {
      error = "webhook answered " + std::to_string(answer->status);
    }
    call.respond(Response::json(200, testResult(ok, answer->status, error)));
  });
}

// While the API channel is off, inbound messages are refused before anything else (so the refusal
// is not kept against an Idempotency-Key either).
Handler unlessApiChannelDisabled(ApiContext& context, Handler handler) {
  return [&context, handler = std::move(handler)](Call call) {
    auto settings = context.stores.routing->findSettings(call.principal->tenant);
    if (!settings) {
      call.fail(settings.error());
      return;
    }
    if (!settings->api_enabled) {
      call.fail(ErrorCode::Conflict, "the API channel is disabled");
      return;
    }
    handler(std::move(call));
  };
}

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
  router.add(Method::Get, "/api/v1/channels", Permission::HandleConversations,
             withContext(context, listChannels));
  router.add(Method::Patch, "/api/v1/channels/api", Permission::ManageRouting,
             withContext(context, patchApiChannel));
  router.add(Method::Post, "/api/v1/channels/api/test", Permission::ManageRouting,
             withContext(context, testApiChannel));
  router.add(
      Method::Post, "/api/v1/channels/api/messages", Permission::InjectMessages,
      unlessApiChannelDisabled(context, idempotent(context, withContext(context, postInbound))));
}

}  // namespace parley::api
