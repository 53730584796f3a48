// The API channel (C8): an integrator posts a customer's inbound message; Parley finds or creates
// the contact by its identity, stores the message durably, then categorises and routes the
// conversation. The answer comes once the message is stored; allocation follows on the agent's
// live socket. A repeated `messageId` is answered 200 with `duplicate: true` and stores nothing.
//
// Also the channels page (A1): the built-in API channel (switching it off and on: while off,
// inbound messages are refused, replies still go out; a signed test delivery to its webhook) and
// the channels an admin adds, of any registered type (channels/registry.h): created, changed,
// deleted and tested here, and (re)started at once by their type's runtime. A type's secret (the
// SMPP password, a bot token) is write-only. Providers call a channel's webhook URL,
// /api/v1/channels/{id}/webhook, which hands the call to the channel's type.
#include <algorithm>

#include "api/idempotency.h"
#include "api/render_routing.h"
#include "api/routes.h"
#include "channels/api/api_outbound.h"
#include "channels/channel_secrets.h"
#include "channels/channel_type.h"
#include "channels/message_content.h"
#include "privacy/crypto.h"
#include "storage/channel_store.h"
#include "storage/outbox_store.h"

namespace parley::api {
namespace {

constexpr std::string_view kChannel = "api";
constexpr std::chrono::milliseconds kTestTimeout{10'000};

// The integrator's system carries whatever Parley stores.
constexpr channels::Capabilities kApiCapabilities{
    .media = true, .choices = true, .max_choices = 10, .location = true};

void writeCapabilities(JsonWriter& json, const channels::Capabilities& capabilities);

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
      .key("capabilities");
  writeCapabilities(json, kApiCapabilities);
  json.endObject();
}

// Sees channels' settings: an admin, or a token of an admin with the admin scope (a bot reading
// the channel list with conversations:read gets the names only).
bool isAdmin(const Call& call) {
  return isAllowed(call.principal->role, Permission::ManageRouting) &&
         holds(call.principal->scopes, TokenScope::Admin);
}

channels::ChannelType* typeOf(ApiContext& context, std::string_view name) {
  return context.channel_types ? context.channel_types->find(name) : nullptr;
}

// "smpp, webchat or telegram": the types a channel can be added of.
std::string typeNames(ApiContext& context) {
  if (!context.channel_types) {
    return "no";
  }
  std::string names;
  const auto& types = context.channel_types->types();
  for (size_t index = 0; index < types.size(); ++index) {
    names += index == 0 ? "" : index + 1 == types.size() ? " or " : ", ";
    names += types[index]->name();
  }
  return names;
}

void writeCapabilities(JsonWriter& json, const channels::Capabilities& capabilities) {
  json.beginObject()
      .key("text")
      .boolean(capabilities.text)
      .key("media")
      .boolean(capabilities.media)
      .key("choices")
      .boolean(capabilities.choices)
      .key("maxChoices")
      .number(capabilities.max_choices)
      .key("location")
      .boolean(capabilities.location)
      .key("typing")
      .boolean(capabilities.typing)
      .key("readReceipts")
      .boolean(capabilities.read_receipts)
      .key("templates")
      .boolean(capabilities.templates)
      .endObject()
      .key("replyWindowSeconds");
  if (capabilities.reply_window) {
    json.number(capabilities.reply_window->count());
  } else {
    json.null();
  }
  json.key("humanAgentWindowSeconds");
  if (capabilities.tagged_window) {
    json.number(capabilities.tagged_window->count());
  } else {
    json.null();
  }
}

// Where the channel's provider calls it; "" while Parley has no public URL.
std::string webhookUrlOf(const ApiContext& context, const ChannelConfig& channel) {
  return context.public_url.empty()
             ? ""
             : context.public_url + "/api/v1/channels/" + channel.id.value + "/webhook";
}

// What keeps providers from reaching the webhook URLs, for the admin; none when nothing does.
std::optional<std::string> publicUrlWarning(std::string_view public_url) {
  if (public_url.empty()) {
    return "Parley has no public URL (--public-url): the provider cannot call this channel";
  }
  const std::string_view host = public_url.substr(public_url.find("://") + 3);
  if (host.starts_with("127.") || host.starts_with("localhost") || host.starts_with("[::1]")) {
    return "the public URL " + std::string(public_url) +
           " is a loopback address: providers on the internet cannot reach it";
  }
  if (!public_url.starts_with("https://")) {
    return "the public URL " + std::string(public_url) +
           " is not HTTPS: providers such as Telegram only call https:// webhooks";
  }
  return std::nullopt;
}

// A channel an admin added; its settings for admins only (others see the name, type, status and
// capabilities). A channel whose type is unknown (a newer version stored it) shows as such.
void renderConfiguredChannel(JsonWriter& json, ApiContext& context, const ChannelConfig& channel,
                             bool admin) {
  channels::ChannelType* type = typeOf(context, channel.type);
  const channels::ChannelStatus status =
      type ? type->status(channel)
           : channels::ChannelStatus{"disabled",
                                     "this server does not know channels of type " + channel.type,
                                     std::nullopt};
  json.beginObject()
      .field("id", channel.id.value)
      .field("type", channel.type)
      .field("name", channel.name)
      .key("enabled")
      .boolean(channel.enabled)
      .key("settings");
  if (admin && type) {
    type->writeSettings(json, channel.settings);
  } else {
    json.null();
  }
  json.key("passwordSet").boolean(admin && !channel.secret.empty());
  if (type && type->secretFields().size() > 1) {
    // Which of several secrets are set (a PATCH may give one at a time).
    const channels::ChannelSecrets secrets = channels::readChannelSecrets(channel.secret);
    json.key("secretsSet").beginObject();
    for (const std::string_view field : type->secretFields()) {
      json.key(field).boolean(admin && secrets.contains(field));
    }
    json.endObject();
  }
  json.key("status")
      .beginObject()
      .field("state", status.state)
      .field("detail", status.detail)
      .key("since")
      .optionalString(status.since ? std::optional(formatRfc3339(*status.since)) : std::nullopt)
      .endObject()
      .key("capabilities");
  writeCapabilities(json, type ? type->capabilitiesOf(channel) : channels::Capabilities{});
  const bool webhooks = type && type->takesWebhooks();
  json.field("inboundPath", "")
      .field("webhookUrl", admin && webhooks ? webhookUrlOf(context, channel) : "")
      .key("webhookSecretSet")
      .boolean(false)
      .key("webhookWarning")
      .optionalString(admin && webhooks ? publicUrlWarning(context.public_url) : std::nullopt);
  if (type) {
    type->writeLinks(json, channel);
    if (admin) {
      type->writeAdminFields(json, channel);
    }
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

// Reads name, enabled, settings and the type's secret from a POST or PATCH body onto `channel`;
// on a PATCH absent fields stay (settings are replaced whole, a secret only when given).
Result<void> readChannelBody(const channels::ChannelRegistry& types,
                             const channels::ChannelType& type, const JsonObject& body,
                             ChannelConfig& channel, bool creating) {
  auto name = body.optionalString("name", 100);
  auto enabled = body.optionalBoolean("enabled");
  auto settings = body.optionalObject("settings");
  for (const Error* error : {name ? nullptr : &name.error(), enabled ? nullptr : &enabled.error(),
                             settings ? nullptr : &settings.error()}) {
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
    auto read = type.readSettings(**settings);
    if (!read) {
      return std::unexpected(read.error());
    }
    channel.settings = std::move(*read);
  } else if (creating) {
    return fail(ErrorCode::ValidationFailed, "settings is required");
  }
  const std::vector<std::string_view> secret_fields = type.secretFields();
  for (const auto& other : types.types()) {
    for (const std::string_view field : other->secretFields()) {
      if (std::ranges::find(secret_fields, field) == secret_fields.end() && body.has(field)) {
        return fail(ErrorCode::ValidationFailed,
                    std::string(field) + ": channels of type " + channel.type + " have none");
      }
    }
  }
  channels::ChannelSecrets secrets;
  if (secret_fields.size() > 1) {
    secrets = channels::readChannelSecrets(channel.secret);
  }
  for (const std::string_view field : secret_fields) {
    auto secret = body.optionalString(field, 512);
    if (!secret) {
      return std::unexpected(secret.error());
    }
    if (!*secret) {
      continue;
    }
    if (auto valid = type.validateSecretField(field, **secret); !valid) {
      return valid;
    }
    if (secret_fields.size() == 1) {
      channel.secret = std::move(**secret);
    } else {
      secrets.insert_or_assign(std::string(field), std::move(**secret));
    }
  }
  if (secret_fields.size() > 1) {
    channel.secret = channels::channelSecretsJson(secrets);
  }
  return {};
}

void saveAndAnswer(ApiContext& context, Call call, ChannelConfig channel, int status,
                   storage::ChannelSave how = {}) {
  context.stores.channels->saveChannel(
      std::move(channel), std::move(how),
      [&context, status, call = std::move(call)](Result<ChannelConfig> saved) mutable {
        if (!saved) {
          call.fail(saved.error());
          return;
        }
        channels::ChannelType* type = typeOf(context, saved->type);
        if (type && type->runtime()) {
          type->runtime()->changed(saved->tenant_id, saved->id);
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
  channels::ChannelType* channel_type = typeOf(context, *type);
  if (!channel_type) {
    call.fail(
        ErrorCode::ValidationFailed,
        "type: " + typeNames(context) + " channels can be added (the API channel is built in)");
    return;
  }
  const TimePoint now = context.clock.now();
  ChannelConfig channel{.tenant_id = call.principal->tenant,
                        .type = std::move(*type),
                        .created_at = now,
                        .updated_at = now};
  if (auto read = readChannelBody(*context.channel_types, *channel_type, *body, channel,
                                  /*creating=*/true);
      !read) {
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
  channels::ChannelType* type = typeOf(context, channel->type);
  if (!type) {
    call.fail(ErrorCode::Conflict, "this server does not know channels of type " + channel->type);
    return;
  }
  const storage::ChannelSave how{.read_updated_at = channel->updated_at};
  channel->updated_at = context.clock.now();
  if (auto read = readChannelBody(*context.channel_types, *type, *body, *channel,
                                  /*creating=*/false);
      !read) {
    call.fail(read.error());
    return;
  }
  ChannelConfig changed = std::move(*channel);
  saveAndAnswer(context, std::move(call), std::move(changed), 200, how);
}

// POST /api/v1/channels/{id}/sign-out-visitors (web chat): a new key epoch, so that every visitor
// token of the channel stops working at once (a copied token too). Open visitor sockets close at
// their next check (--live-recheck-seconds); a visitor who comes back starts a new chat. Audited.
void signOutVisitors(ApiContext& context, Call call) {
  auto channel = findConfigured(context, call);
  if (!channel) {
    call.fail(channel.error());
    return;
  }
  if (channel->type != "webchat") {
    call.fail(ErrorCode::ValidationFailed, "only web chat channels have visitors to sign out");
    return;
  }
  storage::ChannelSave how{.read_updated_at = channel->updated_at,
                           .audit_actor = call.principal->actor,
                           .audit_attribute = "visitorsSignedOut"};
  channel->secret = privacy::randomToken(32);  // the epoch: visitor_token.h visitorTokenKey
  channel->updated_at = context.clock.now();
  ChannelConfig changed = std::move(*channel);
  saveAndAnswer(context, std::move(call), std::move(changed), 200, std::move(how));
}

void deleteChannel(ApiContext& context, Call call) {
  if (call.params[0] == kChannel) {
    call.fail(ErrorCode::Conflict, "the API channel is built in: switch it off instead");
    return;
  }
  auto channel = findConfigured(context, call);
  if (!channel) {
    call.fail(channel.error());
    return;
  }
  const TenantId tenant = channel->tenant_id;
  const ChannelId id = channel->id;
  channels::ChannelType* type = typeOf(context, channel->type);
  context.stores.channels->deleteChannel(
      tenant, id, [type, tenant, id, call = std::move(call)](Result<void> deleted) mutable {
        if (!deleted) {
          call.fail(deleted.error());
          return;
        }
        if (type && type->runtime()) {
          type->runtime()->changed(tenant, id);
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
  Actor actor = call.principal->actor;  // read before `call` moves below
  context.stores.routing->updateSettings(
      tenant, std::move(actor),
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

// A real connection with the saved settings (an SMPP bind, a bot API's getMe) when the type has
// something to connect; the answer reports what happened, whatever it was.
void testConfiguredChannel(ApiContext& context, Call call) {
  auto channel = findConfigured(context, call);
  if (!channel) {
    call.fail(channel.error());
    return;
  }
  channels::ChannelType* type = typeOf(context, channel->type);
  if (!type) {
    call.fail(ErrorCode::Conflict, "this server does not know channels of type " + channel->type);
    return;
  }
  if (!type->runtime()) {
    call.respond(Response::json(
        200,
        testResult(channel->enabled, std::nullopt,
                   channel->enabled ? std::nullopt
                                    : std::optional<std::string>("the channel is switched off"))));
    return;
  }
  type->runtime()->test(std::move(*channel), [call = std::move(call)](Result<void> bound) mutable {
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
  if (auto problem = channels::api::webhookProblem(*settings, context.webhook_allow_private)) {
    call.respond(Response::json(200, testResult(false, std::nullopt, std::move(*problem))));
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
  auto content = channels::parseMessageContent(*body);
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
  if (content->attachment) {
    call.fail(ErrorCode::ValidationFailed,
              "media.id names a file agents attached; a contact's media comes as media.url");
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
        if (received->erased) {
          // A repeat of a message whose customer was erased: nothing of it is left to show.
          json.beginObject().key("duplicate").boolean(true).key("erased").boolean(true).endObject();
          call.respond(Response::json(200, json.take()));
          return;
        }
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

// A provider's call to a channel's webhook URL. Public: the channel's type checks who sent it (a
// signature, a secret header) before anything else. HEAD reaches the GET route and goes as GET.
void channelWebhook(ApiContext& context, Call call) {
  auto channel = context.stores.channels->findChannelById(ChannelId{call.params[0]});
  if (!channel && channel.error().code != ErrorCode::NotFound) {
    call.fail(channel.error());
    return;
  }
  // Unknown, switched off or not taking webhooks: one answer, so that a caller learns nothing of
  // which channels exist.
  channels::ChannelType* type = channel ? typeOf(context, channel->type) : nullptr;
  if (!type || !type->takesWebhooks() || !channel->enabled) {
    call.fail(ErrorCode::NotFound, "no channel takes webhooks at this address");
    return;
  }
  channels::WebhookRequest request{.method = call.request.method == Method::Post ? "POST" : "GET",
                                   .query = std::move(call.request.query),
                                   .headers = std::move(call.request.x_headers),
                                   .body = std::move(call.request.body)};
  type->onWebhook(std::move(*channel), std::move(request),
                  [call = std::move(call)](channels::WebhookReply reply) mutable {
                    Response response;
                    response.status = reply.status;
                    response.content_type = std::move(reply.content_type);
                    response.body = std::move(reply.body);
                    call.respond(std::move(response));
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
  router.add(Method::Get, "/api/v1/channels", Permission::ListChannels,
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
  router.add(Method::Post, "/api/v1/channels/{id}/sign-out-visitors", Permission::ManageRouting,
             withContext(context, signOutVisitors));
  for (Method method : {Method::Get, Method::Post}) {
    router.add(method, "/api/v1/channels/{id}/webhook", Access::Public,
               withContext(context, channelWebhook));
  }
  router.add(
      Method::Post, "/api/v1/channels/api/messages", Permission::InjectMessages,
      unlessApiChannelDisabled(context, idempotent(context, withContext(context, postInbound))));
}

}  // namespace parley::api
