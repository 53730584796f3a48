// The API channel (C8): an integrator posts a customer's inbound message; Parley finds or creates
// the contact by its identity, stores the message durably, then categorises and routes the
// conversation. The answer comes once the message is stored; allocation follows on the agent's
// live socket. A repeated `messageId` is answered 200 with `duplicate: true` and stores nothing.
//
// Also the channels page (A1): the built-in API channel (switching it off and on: while off,
// inbound messages are refused, replies still go out; a signed test delivery to its webhook) and
// the channels an admin adds: SMS over SMPP (C1), created, changed, deleted and tested here and
// (re)started at once by the channel runtime. The SMPP password is write-only.
#include "api/idempotency.h"
#include "api/message_content.h"
#include "api/render_routing.h"
#include "api/routes.h"
#include "api/smpp_channel_json.h"
#include "api/webchat_channel_json.h"
#include "channels/api/api_outbound.h"
#include "privacy/crypto.h"
#include "storage/channel_store.h"
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

channels::ChannelStatus statusOf(ApiContext& context, const ChannelConfig& channel) {
  if (!channel.enabled) {
    return {"disabled", "switched off", std::nullopt};
  }
  return context.channels ? context.channels->status(channel.tenant_id, channel.id)
                          : channels::ChannelStatus{"disconnected", "not running", std::nullopt};
}

constexpr std::string_view kSmpp = "smpp";
constexpr std::string_view kWebchat = "webchat";

bool isConfigurableType(std::string_view type) { return type == kSmpp || type == kWebchat; }

// The settings as stored, re-read and written in the API's spelling.
void writeSettings(JsonWriter& json, const ChannelConfig& channel) {
  if (channel.type == kSmpp) {
    if (auto settings = readSmppSettings(channel.settings)) {
      writeSmppSettings(json, *settings);
      return;
    }
  } else if (channel.type == kWebchat) {
    if (auto settings = readWidgetSettings(channel.settings)) {
      writeWidgetSettings(json, *settings);
      return;
    }
  }
  json.null();
}

// A channel an admin added (SMS, web chat); its settings for admins only (others see the name,
// type and capabilities).
void renderConfiguredChannel(JsonWriter& json, ApiContext& context, const ChannelConfig& channel,
                             bool admin) {
  const bool sms = channel.type == kSmpp;
  const channels::ChannelStatus status =
      sms ? statusOf(context, channel)
          : channels::ChannelStatus{
                channel.enabled ? "ready" : "disabled",
                channel.enabled ? "sites on the allowed list can embed it" : "switched off",
                std::nullopt};
  json.beginObject()
      .field("id", channel.id.value)
      .field("type", channel.type)
      .field("name", channel.name)
      .key("enabled")
      .boolean(channel.enabled)
      .key("settings");
  if (admin) {
    writeSettings(json, channel);
  } else {
    json.null();
  }
  json.key("passwordSet")
      .boolean(admin && !channel.secret.empty())
      .key("status")
      .beginObject()
      .field("state", status.state)
      .field("detail", status.detail)
      .key("since")
      .optionalString(status.since ? std::optional(formatRfc3339(*status.since)) : std::nullopt)
      .endObject()
      .key("capabilities")
      .beginObject()
      .key("text")
      .boolean(true)
      .key("media")
      .boolean(false)
      .key("choices")
      .boolean(sms)  // SMS: sent as a numbered list
      .key("location")
      .boolean(false)
      .endObject()
      .key("replyWindowSeconds")
      .null()
      .field("inboundPath", "")
      .field("webhookUrl", "")
      .key("webhookSecretSet")
      .boolean(false);
  if (!sms) {
    json.field("embedPath", "/widget.js?channel=" + channel.id.value)
        .field("demoPath", "/demo?channel=" + channel.id.value);
  }
  json.endObject();
}

void listChannels(ApiContext& context, Call call) {
  const TenantId tenant = call.principal->tenant;
  auto settings = context.stores.routing->findSettings(tenant);
  if (!settings) {
    call.fail(settings.error());
    return;
  }
  auto configured = context.stores.channels->listChannels(tenant);
  if (!configured) {
    call.fail(configured.error());
    return;
  }
  JsonWriter json;
  json.beginObject().key("items").beginArray();
  renderApiChannel(json, *settings, isAdmin(call));
  for (const ChannelConfig& channel : *configured) {
    renderConfiguredChannel(json, context, channel, isAdmin(call));
  }
  json.endArray().endObject();
  call.respond(Response::json(200, json.take()));
}

Response channelAnswer(int status, ApiContext& context, const ChannelConfig& channel) {
  JsonWriter json;
  json.beginObject().key("channel");
  renderConfiguredChannel(json, context, channel, /*admin=*/true);
  json.endObject();
  return Response::json(status, json.take());
}

// Reads name, enabled, settings and password from a POST or PATCH body onto `channel`; on a PATCH
// absent fields stay (settings are replaced whole, a password only when given).
Result<void> readChannelBody(const JsonObject& body, ChannelConfig& channel, bool creating) {
  auto name = body.optionalString("name", 100);
  auto enabled = body.optionalBoolean("enabled");
  auto settings = body.optionalObject("settings");
  auto password = body.optionalString("password", 64);
  for (const Error* error :
       {name ? nullptr : &name.error(), enabled ? nullptr : &enabled.error(),
        settings ? nullptr : &settings.error(), password ? nullptr : &password.error()}) {
    if (error) {
      return std::unexpected(*error);
    }
  }
  if (*name) {
    if ((*name)->empty()) {
      return fail(ErrorCode::ValidationFailed, "name must not be empty");
    }
    channel.name = std::move(**name);
  } else if (creating) {
    return fail(ErrorCode::ValidationFailed, "name is required");
  }
  channel.enabled = enabled->value_or(channel.enabled);
  if (*settings) {
    if (channel.type == kSmpp) {
      auto read = readSmppSettings(**settings);
      if (!read) {
        return std::unexpected(read.error());
      }
      channel.settings = smppSettingsJson(*read);
    } else {
      auto read = readWidgetSettings(**settings);
      if (!read) {
        return std::unexpected(read.error());
      }
      channel.settings = widgetSettingsJson(*read);
    }
  } else if (creating) {
    return fail(ErrorCode::ValidationFailed, "settings is required");
  }
  if (*password && channel.type != kSmpp) {
    return fail(ErrorCode::ValidationFailed, "password: only SMS channels have one");
  }
  if (*password) {
    if (auto valid = channels::smpp::validatePassword(**password); !valid) {
      return valid;
    }
    channel.secret = std::move(**password);
  }
  return {};
}

void saveAndAnswer(ApiContext& context, Call call, ChannelConfig channel, int status) {
  context.stores.channels->saveChannel(
      std::move(channel),
      [&context, status, call = std::move(call)](Result<ChannelConfig> saved) mutable {
        if (!saved) {
          call.fail(saved.error());
          return;
        }
        if (context.channels && saved->type == kSmpp) {
          context.channels->changed(saved->tenant_id, saved->id);
        }
        call.respond(channelAnswer(status, context, *saved));
      });
}

void createChannel(ApiContext& context, Call call) {
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto type = body->requiredString("type", 20);
  if (!type) {
    call.fail(type.error());
    return;
  }
  if (!isConfigurableType(*type)) {
    call.fail(ErrorCode::ValidationFailed,
              "type: smpp or webchat channels can be added (the API channel is built in)");
    return;
  }
  const TimePoint now = context.clock.now();
  ChannelConfig channel{.tenant_id = call.principal->tenant,
                        .type = std::move(*type),
                        .created_at = now,
                        .updated_at = now};
  if (auto read = readChannelBody(*body, channel, /*creating=*/true); !read) {
    call.fail(read.error());
    return;
  }
  saveAndAnswer(context, std::move(call), std::move(channel), 201);
}

Result<ChannelConfig> findConfigured(ApiContext& context, const Call& call) {
  return context.stores.channels->findChannel(call.principal->tenant, ChannelId{call.params[0]});
}

void patchConfiguredChannel(ApiContext& context, Call call) {
  auto channel = findConfigured(context, call);
  auto body = jsonBody(call.request);
  if (!channel || !body) {
    call.fail(!channel ? channel.error() : body.error());
    return;
  }
  channel->updated_at = context.clock.now();
  if (auto read = readChannelBody(*body, *channel, /*creating=*/false); !read) {
    call.fail(read.error());
    return;
  }
  ChannelConfig changed = std::move(*channel);
  saveAndAnswer(context, std::move(call), std::move(changed), 200);
}

void deleteChannel(ApiContext& context, Call call) {
  if (call.params[0] == kChannel) {
    call.fail(ErrorCode::Conflict, "the API channel is built in: switch it off instead");
    return;
  }
  const TenantId tenant = call.principal->tenant;
  const ChannelId id{call.params[0]};
  context.stores.channels->deleteChannel(
      tenant, id, [&context, tenant, id, call = std::move(call)](Result<void> deleted) mutable {
        if (!deleted) {
          call.fail(deleted.error());
          return;
        }
        if (context.channels) {
          context.channels->changed(tenant, id);
        }
        call.respond(Response::noContent());
      });
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

// A real bind with the saved settings; the answer reports what happened, whatever it was.
void testConfiguredChannel(ApiContext& context, Call call) {
  auto channel = findConfigured(context, call);
  if (!channel) {
    call.fail(channel.error());
    return;
  }
  if (channel->type != kSmpp) {
    call.respond(Response::json(
        200,
        testResult(channel->enabled, std::nullopt,
                   channel->enabled ? std::nullopt
                                    : std::optional<std::string>("the channel is switched off"))));
    return;
  }
  if (!context.channels) {
    call.fail(ErrorCode::NotReady, "channels are not running");
    return;
  }
  context.channels->test(std::move(*channel), [call = std::move(call)](Result<void> bound) mutable {
    call.respond(Response::json(
        200, testResult(bound.has_value(), std::nullopt,
                        bound ? std::nullopt : std::optional(bound.error().message))));
  });
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

void announceChannel(ApiContext& context, const TenantId& tenant, const ChannelId& id) {
  auto channel = context.stores.channels->findChannel(tenant, id);
  if (!channel) {
    return;  // deleted meanwhile
  }
  JsonWriter json;
  json.beginObject().field("type", "channel.updated").key("channel");
  renderConfiguredChannel(json, context, *channel, /*admin=*/true);
  json.endObject();
  context.events.publish(
      {.tenant = tenant, .json = json.take(), .needs = Permission::ManageRouting});
}

void addChannelRoutes(Router& router, ApiContext& context) {
  router.add(Method::Get, "/api/v1/channels", Permission::HandleConversations,
             withContext(context, listChannels));
  router.add(Method::Post, "/api/v1/channels", Permission::ManageRouting,
             withContext(context, createChannel));
  // The built-in API channel answers at the id "api"; the others at their chn_… id.
  router.add(Method::Patch, "/api/v1/channels/{id}", Permission::ManageRouting,
             [&context](Call call) {
               if (call.params[0] == kChannel) {
                 patchApiChannel(context, std::move(call));
               } else {
                 patchConfiguredChannel(context, std::move(call));
               }
             });
  router.add(Method::Delete, "/api/v1/channels/{id}", Permission::ManageRouting,
             withContext(context, deleteChannel));
  router.add(Method::Post, "/api/v1/channels/{id}/test", Permission::ManageRouting,
             [&context](Call call) {
               if (call.params[0] == kChannel) {
                 testApiChannel(context, std::move(call));
               } else {
                 testConfiguredChannel(context, std::move(call));
               }
             });
  router.add(
      Method::Post, "/api/v1/channels/api/messages", Permission::InjectMessages,
      unlessApiChannelDisabled(context, idempotent(context, withContext(context, postInbound))));
}

}  // namespace parley::api
