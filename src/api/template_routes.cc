// A channel's message templates (WhatsApp, issue 12): agents list them to send one once a reply
// window closed; admins sync them from the provider (also done when the channel starts or is
// saved). Only the provider approves templates: Parley shows their status and offers the approved.

#include "api/render.h"
#include "api/routes.h"
#include "channels/channel_registry.h"
#include "channels/channel_type.h"
#include "core/json/json_reader.h"
#include "storage/channel_store.h"

namespace parley::api {
namespace {

void renderTemplate(JsonWriter& json, const ChannelTemplate& chosen) {
  json.beginObject()
      .field("name", chosen.name)
      .field("language", chosen.language)
      .field("category", chosen.category)
      .field("status", chosen.status)
      .field("body", chosen.body)
      .key("parameters")
      .number(chosen.parameters)
      .key("components");
  if (JsonObject::parse("{\"c\":" + chosen.components_json + "}")) {
    json.raw(chosen.components_json);
  } else {
    json.null();
  }
  json.endObject();
}

// The channel and its type, when the type has templates; else the error to answer.
Result<std::pair<ChannelConfig, channels::ChannelType*>> templatedChannel(ApiContext& context,
                                                                          const Call& call) {
  auto channel =
      context.stores.channels->findChannel(call.principal->tenant, ChannelId{call.params[0]});
  if (!channel) {
    return std::unexpected(channel.error());
  }
  channels::ChannelType* type =
      context.channel_types ? context.channel_types->find(channel->type) : nullptr;
  if (!type || !type->capabilities().templates) {
    return fail(ErrorCode::NotFound, "this channel has no message templates");
  }
  return std::pair{std::move(*channel), type};
}

void listTemplates(ApiContext& context, Call call) {
  auto channel = templatedChannel(context, call);
  if (!channel) {
    call.fail(channel.error());
    return;
  }
  auto templates =
      context.stores.channels->listTemplates(call.principal->tenant, channel->first.id);
  if (!templates) {
    call.fail(templates.error());
    return;
  }
  call.respond(Response::json(200, itemsDocument(*templates, renderTemplate)));
}

void syncTemplates(ApiContext& context, Call call) {
  auto channel = templatedChannel(context, call);
  if (!channel) {
    call.fail(channel.error());
    return;
  }
  const TenantId tenant = call.principal->tenant;
  const ChannelId id = channel->first.id;
  channel->second->syncTemplates(
      std::move(channel->first),
      [&context, tenant, id, call = std::move(call)](Result<size_t> synced) mutable {
        if (!synced) {
          call.fail(synced.error());
          return;
        }
        auto templates = context.stores.channels->listTemplates(tenant, id);
        if (!templates) {
          call.fail(templates.error());
          return;
        }
        call.respond(Response::json(200, itemsDocument(*templates, renderTemplate)));
      });
}

}  // namespace

void addTemplateRoutes(Router& router, ApiContext& context) {
  router.add(Method::Get, "/api/v1/channels/{id}/templates", Permission::HandleConversations,
             withContext(context, listTemplates));
  router.add(Method::Post, "/api/v1/channels/{id}/templates/sync", Permission::ManageRouting,
             withContext(context, syncTemplates));
}

}  // namespace parley::api
