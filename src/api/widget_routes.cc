#include "api/routes.h"
#include "api/widget.h"
#include "channels/card_mask.h"
#include "channels/channel_registry.h"
#include "channels/channel_type.h"
#include "channels/choice_reply.h"
#include "channels/media_type.h"
#include "channels/message_content.h"
#include "channels/render.h"
#include "channels/webchat/media_link.h"
#include "channels/webchat/settings_json.h"
#include "core/json/json_reader.h"
#include "privacy/crypto.h"
#include "storage/channel_store.h"
#include "storage/outbox_store.h"

namespace parley::api {
namespace {

using channels::webchat::VisitorId;
using channels::webchat::WidgetSettings;

constexpr std::string_view kType = "webchat";
constexpr size_t kMaxClientId = 64;
constexpr size_t kMaxText = 4096;
constexpr size_t kHistory = 50;  // the latest: enough to pick up, small with images in it
constexpr size_t kMaxImageBytes = 1024 * 1024;

struct WidgetLink {
  std::string url;
  std::string name;
};

struct WidgetChannel {
  ChannelConfig config;
  WidgetSettings settings;
};

// Unknown, disabled and non-chat channels all read the same: nothing to learn by probing.
Result<WidgetChannel> openChannel(ApiContext& context, std::string_view id) {
  if (id.empty() || id.size() > 64 || !id.starts_with(ChannelTag::kPrefix)) {
    return fail(ErrorCode::NotFound, "no such chat");
  }
  auto channel = context.stores.channels->findChannelById(ChannelId{std::string(id)});
  if (!channel || channel->type != kType || !channel->enabled) {
    return fail(ErrorCode::NotFound, "no such chat");
  }
  auto settings = channels::webchat::readWidgetSettings(channel->settings);
  if (!settings) {
    return fail(ErrorCode::Internal, "the chat's settings cannot be read");
  }
  return WidgetChannel{std::move(*channel), std::move(*settings)};
}

// Pages on the channel's list, and Parley's own pages (/demo). No Origin: not a browser page.
bool originAllowed(const Request& request, const WidgetSettings& settings) {
  return request.origin.empty() || isSameOrigin(request) ||
         channels::webchat::isAllowedOrigin(settings, request.origin);
}

Response withCors(Response response, const Request& request) {
  if (!request.origin.empty()) {
    response.headers.emplace_back("Access-Control-Allow-Origin", request.origin);
    response.headers.emplace_back("Vary", "Origin");
  }
  return response;
}

// "<visitor, keyed>:<clientId>": a resend after a reconnect is a duplicate, and the visitor's id (a
// contact's identity) is not kept in the clear beside the message, where it would outlive an
// erasure until the sweep.
std::string providerIdOf(const privacy::SecretKey& key, const VisitorId& visitor,
                         std::string_view client_id) {
  return privacy::toHex(privacy::keyedHash(key, "widget-visitor:" + visitor.value).substr(0, 16)) +
         ":" + std::string(client_id);
}

bool isClientId(std::string_view id) {
  return !id.empty() && id.size() <= kMaxClientId &&
         std::all_of(id.begin(), id.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; });
}

std::string_view visitorStatus(const Message& message) {
  switch (message.status) {
    case DeliveryStatus::Read:
      return "read";
    case DeliveryStatus::Delivered:
      return "delivered";
    case DeliveryStatus::Failed:
      return "failed";
    default:
      return "sent";
  }
}

// Signs the links through which the visitor's page opens the files of its conversation
// (channels/webchat/media_link.h).
struct WidgetSigner {
  const privacy::SecretKey& key;
  TenantId tenant;
  ChannelId channel;
};

// What a message shows in the widget: its text (or caption), and an image or a file. A file of the
// media store opens through a link signed for the visitor's page (channels/webchat/media_link.h):
// images of the four types browsers show inline, anything else as a download. Images stored
// inline before there was a media store keep their data: URL.
struct WidgetContent {
  std::optional<std::string> text;
  std::optional<WidgetLink> image;
  std::optional<WidgetLink> file;
  std::optional<int64_t> file_size;
};

bool showsInline(std::string_view mime) {
  return mime == "image/png" || mime == "image/jpeg" || mime == "image/gif" || mime == "image/webp";
}

// The message as plain text (none when it cannot be read).
std::optional<std::string> plainText(const Message& message) {
  auto plain = channels::plainTextOf(message.content);
  return plain ? std::optional(std::move(*plain)) : std::nullopt;
}

WidgetContent widgetContentOf(const Message& message, const WidgetSigner& signer) {
  WidgetContent shown;
  auto content = JsonObject::parse(message.content);
  auto media = content ? content->optionalObject("media") : Result<std::optional<JsonObject>>();
  if (!content || !media || !*media) {
    shown.text = plainText(message);
    return shown;
  }
  auto id = (*media)->optionalString("id", 64);
  auto url = (*media)->optionalString("url", kMaxImageBytes / 3 * 4 + 64);
  auto mime = (*media)->optionalString("mimeType", 100);
  auto name = (*media)->optionalString("name", 200);
  auto caption = (*media)->optionalString("caption", kMaxText);
  auto size = (*media)->optionalInteger("size", 0, int64_t{1} << 40);
  if (!id || !url || !*url || !mime || !name || !caption || !size) {
    shown.text = plainText(message);
    return shown;
  }
  shown.text = caption->value_or("");
  WidgetLink link{.url = **url, .name = name->value_or(*id ? "file" : "image")};
  if (!*id) {
    if (mime->value_or("image/").starts_with("image/")) {
      shown.image = std::move(link);  // a link the widget shows only if it is on Parley's origin
    } else {
      shown.text = plainText(message);
    }
    return shown;
  }
  link.url =
      channels::webchat::widgetMediaUrl(signer.key, signer.tenant, signer.channel, MediaId{**id});
  if (showsInline(mime->value_or(""))) {
    shown.image = std::move(link);
  } else {
    shown.file = std::move(link);
    shown.file_size = *size;
  }
  return shown;
}

// A message as the widget shows it (the visitor's page needs nothing else).
void renderWidgetMessage(JsonWriter& json, const Message& message, const WidgetSigner& signer) {
  std::optional<std::string> client_id;
  if (message.direction == Direction::Inbound && message.provider_message_id) {
    const size_t colon = message.provider_message_id->find(':');
    if (colon != std::string::npos) {
      client_id = message.provider_message_id->substr(colon + 1);
    }
  }
  const WidgetContent shown = widgetContentOf(message, signer);
  json.beginObject()
      .field("id", message.id.value)
      .key("clientId")
      .optionalString(client_id)
      .field("direction", message.direction == Direction::Inbound ? "inbound" : "outbound")
      .key("text")
      .optionalString(shown.text)
      .key("image");
  if (shown.image) {
    json.beginObject().field("url", shown.image->url).field("name", shown.image->name).endObject();
  } else {
    json.null();
  }
  json.key("file");
  if (shown.file) {
    json.beginObject().field("url", shown.file->url).field("name", shown.file->name).key("size");
    if (shown.file_size) {
      json.number(*shown.file_size);
    } else {
      json.null();
    }
    json.endObject();
  } else {
    json.null();
  }
  json.field("status", visitorStatus(message))
      .field("createdAt", formatRfc3339(message.created_at))
      .endObject();
}

WidgetSigner signerFor(ApiContext& context, const Visitor& visitor) {
  return {*context.widget_key, visitor.tenant, visitor.channel};
}

void toVisitor(events::EventBus& events, const TenantId& tenant, const std::string& visitor,
               std::string json) {
  events.publish(
      {.tenant = tenant, .user = UserId{visitor}, .json = std::move(json), .replayable = false});
}

// The visitor's latest conversation on the channel; none before their first message.
Result<std::optional<Conversation>> latestConversation(ApiContext& context,
                                                       const Visitor& visitor) {
  auto contact = context.stores.conversations->findContactByIdentity(
      visitor.tenant, visitor.channel.value, visitor.id.value);
  if (!contact) {
    if (contact.error().code == ErrorCode::NotFound) {
      return std::optional<Conversation>();
    }
    return std::unexpected(contact.error());
  }
  storage::ConversationFilter filter{.contact_id = *contact, .limit = 20};
  auto conversations = context.stores.conversations->listConversations(visitor.tenant, filter);
  if (!conversations) {
    return std::unexpected(conversations.error());
  }
  for (Conversation& conversation : *conversations) {
    if (conversation.channel == visitor.channel.value) {
      return std::optional(std::move(conversation));
    }
  }
  return std::optional<Conversation>();
}

void postSession(ApiContext& context, Call call) {
  const Request& request = call.request;
  if (context.rate_limits) {
    const RateDecision decision =
        context.rate_limits->widget_per_address.take(request.remote_address);
    if (!decision.allowed) {
      call.respond(withCors(rateLimited(decision, "address"), request));
      return;
    }
  }
  auto body = jsonBody(request);
  if (!body) {
    call.respond(withCors(Response::error(body.error()), request));
    return;
  }
  auto channel_id = body->requiredString("channel", 64);
  auto token = body->optionalString("visitorToken", 200);
  if (!channel_id || !token) {
    call.respond(
        withCors(Response::error(channel_id ? token.error() : channel_id.error()), request));
    return;
  }
  auto channel = openChannel(context, *channel_id);
  if (!channel) {
    call.respond(withCors(Response::error(channel.error()), request));
    return;
  }
  if (!originAllowed(request, channel->settings)) {
    call.respond(withCors(Response::error({ErrorCode::Forbidden,
                                           "this site may not open the chat (add its origin to "
                                           "the channel's allowed origins)"}),
                          request));
    return;
  }
  const ChannelConfig& config = channel->config;
  const privacy::SecretKey token_key =
      channels::webchat::visitorTokenKey(*context.widget_key, config);
  const TimePoint now = context.clock.now();
  std::optional<VisitorId> visitor_id;
  if (*token) {
    visitor_id = channels::webchat::verifyVisitorToken(token_key, **token, now);
  }
  if (!visitor_id) {
    visitor_id = privacy::newId<channels::webchat::VisitorTag>();
  }
  const Visitor visitor{config.tenant_id, config.id, *visitor_id};
  auto conversation = latestConversation(context, visitor);
  if (!conversation) {
    call.respond(withCors(Response::error(conversation.error()), request));
    return;
  }
  std::vector<Message> messages;
  if (*conversation) {
    auto listed = context.stores.conversations->listLatestMessages(config.tenant_id,
                                                                   (*conversation)->id, kHistory);
    if (!listed) {
      call.respond(withCors(Response::error(listed.error()), request));
      return;
    }
    messages = std::move(*listed);
  }
  const WidgetSettings& settings = channel->settings;
  JsonWriter json;
  json.beginObject()
      .field("visitorToken", channels::webchat::visitorToken(token_key, visitor.id, now))
      .key("config")
      .beginObject();
  channels::webchat::writeWidgetLook(json, settings);
  json.key("maxImageBytes").number(kMaxImageBytes).endObject().key("messages").beginArray();
  const WidgetSigner signer{*context.widget_key, config.tenant_id, config.id};
  for (const Message& message : messages) {
    renderWidgetMessage(json, message, signer);
  }
  json.endArray().endObject();
  call.respond(withCors(Response::json(200, json.take()), request));
}

// GET /api/v1/widget/media/{id}?channel=…&sig=…: a file of a visitor's conversation, opened by
// the visitor's page through the link the server signed for it (channels/webchat/media_link.h).
// Any page may show it in an <img>, so no Origin is asked. Unknown files, bad signatures and
// disabled channels all read the same NotFound.
void widgetMedia(ApiContext& context, Call call) {
  auto channel = openChannel(context, queryParameter(call.request.query, "channel"));
  const MediaId id{call.params[0]};
  if (!channel || !channels::webchat::verifyWidgetMediaSignature(
                      *context.widget_key, channel->config.tenant_id, channel->config.id, id,
                      queryParameter(call.request.query, "sig"))) {
    call.fail(ErrorCode::NotFound, "no such media");
    return;
  }
  serveMedia(context, std::move(call), channel->config.tenant_id, id,
             [channel = channel->config.id](const Conversation& conversation) {
               return conversation.channel == channel.value;
             });
}

// CORS preflight for the session call (its JSON body makes it a non-simple request).
void preflight(ApiContext& /*context*/, Call call) {
  Response response = withCors(Response::noContent(), call.request);
  response.headers.emplace_back("Access-Control-Allow-Methods", "POST");
  response.headers.emplace_back("Access-Control-Allow-Headers", "Content-Type");
  response.headers.emplace_back("Access-Control-Max-Age", "600");
  call.respond(std::move(response));
}

void frameError(ApiContext& context, const Visitor& visitor, std::optional<std::string> client_id,
                std::string message) {
  JsonWriter json;
  json.beginObject()
      .field("type", "error")
      .key("clientId")
      .optionalString(client_id)
      .field("message", message)
      .endObject();
  toVisitor(context.events, visitor.tenant, visitor.id.value, json.take());
}

struct VisitorImage {
  std::string bytes;
  std::string mime_type;
  std::string name;
};

// An image a visitor sends: base64 of at most 1 MiB, whose first bytes are the image the visitor's
// browser says it is (HEIC is not shown by browsers).
Result<VisitorImage> readVisitorImage(const JsonObject& image) {
  auto type = image.requiredString("type", 20);
  auto name = image.optionalString("name", 200);
  auto data = image.requiredString("data", kMaxImageBytes / 3 * 4 + 8);
  if (!type || !name || !data) {
    return fail(ErrorCode::ValidationFailed, "image: " + (!type   ? type.error()
                                                          : !name ? name.error()
                                                                  : data.error())
                                                             .message);
  }
  auto bytes = privacy::fromBase64(*data);
  if (!bytes || bytes->empty() || bytes->size() > kMaxImageBytes) {
    return fail(ErrorCode::ValidationFailed, "image: base64 of at most 1 MiB");
  }
  const channels::MediaType sniffed = channels::sniffMediaType(*bytes);
  if (!sniffed.image || sniffed.mime != *type || sniffed.mime == "image/heic") {
    return fail(ErrorCode::ValidationFailed, "image: a PNG, JPEG, GIF or WebP image");
  }
  return VisitorImage{std::move(*bytes), std::string(sniffed.mime), name->value_or("image")};
}

// Stores the visitor's message; the visitor's pages get the ack (or an error without clientId:
// the widget keeps the message and sends it again after a reconnect).
void receiveFromVisitor(ApiContext& context, const Visitor& visitor, const std::string& client_id,
                        conversations::ChannelInbound inbound) {
  inbound.choice = channels::chosenOption(*context.stores.conversations, inbound.tenant,
                                          inbound.channel, inbound.identity, inbound.text);
  context.inbound->receive(std::move(inbound), [&context, visitor, client_id](
                                                   Result<conversations::InboundOutcome> outcome) {
    if (!outcome) {
      frameError(context, visitor, std::nullopt, "not stored: " + outcome.error().message);
      return;
    }
    JsonWriter json;
    json.beginObject().field("type", "ack").field("clientId", client_id).key("message");
    renderWidgetMessage(json, outcome->received.message, signerFor(context, visitor));
    json.endObject();
    toVisitor(context.events, visitor.tenant, visitor.id.value, json.take());
  });
}

// The image goes to the media store (sealed, in a file of its own, erased with the contact) on the
// blocking pool (it waits for the disk), then is stored with its message.
void receiveImageFromVisitor(ApiContext& context, const Visitor& visitor, std::string client_id,
                             conversations::ChannelInbound inbound, VisitorImage image) {
  context.blocking.post([&context, visitor, client_id = std::move(client_id),
                         inbound = std::move(inbound),
                         image = std::move(image)](bool admitted) mutable {
    if (!admitted || !context.stores.media) {
      frameError(context, visitor, std::nullopt, "not stored: the server is busy");
      return;
    }
    auto staged =
        context.stores.media->stage(visitor.tenant, image.mime_type, image.name, image.bytes);
    if (!staged) {
      frameError(context, visitor, std::nullopt, "not stored: " + staged.error().message);
      return;
    }
    inbound.content =
        channels::storedMediaContent(staged->id, staged->mime_type, image.name, staged->size,
                                     channels::maskCardNumbers(inbound.text));
    inbound.media.push_back(std::move(*staged));
    receiveFromVisitor(context, visitor, client_id, std::move(inbound));
  });
}

void visitorMessage(ApiContext& context, const Visitor& visitor, const JsonObject& frame) {
  auto client_id = frame.requiredString("clientId", kMaxClientId);
  auto text = frame.optionalString("text", kMaxText);
  auto image = frame.optionalObject("image");
  if (!client_id || !isClientId(*client_id)) {
    frameError(context, visitor, std::nullopt, "clientId: up to 64 letters, digits, _ and -");
    return;
  }
  if (!text || !image) {
    frameError(context, visitor, *client_id, (!text ? text.error() : image.error()).message);
    return;
  }
  conversations::ChannelInbound inbound{
      .tenant = visitor.tenant,
      .channel = visitor.channel.value,
      .identity = visitor.id.value,
      .text = text->value_or(""),
      .provider_message_id = providerIdOf(*context.widget_key, visitor.id, *client_id),
      .entry_point = "widget"};
  if (*image) {
    auto read = readVisitorImage(**image);
    if (!read) {
      frameError(context, visitor, *client_id, read.error().message);
      return;
    }
    receiveImageFromVisitor(context, visitor, *client_id, std::move(inbound), std::move(*read));
  } else if (inbound.text.empty()) {
    frameError(context, visitor, *client_id, "text must not be empty");
  } else {
    receiveFromVisitor(context, visitor, *client_id, std::move(inbound));
  }
}

void visitorTyping(ApiContext& context, const Visitor& visitor, const JsonObject& frame) {
  auto typing = frame.optionalBoolean("typing");
  auto conversation = latestConversation(context, visitor);
  if (!typing || !conversation || !*conversation || !(*conversation)->agent_id ||
      (*conversation)->state == ConversationState::Closed) {
    return;  // nobody to tell
  }
  JsonWriter json;
  json.beginObject()
      .field("type", "contact.typing")
      .field("conversationId", (*conversation)->id.value)
      .key("typing")
      .boolean(typing->value_or(false))
      .endObject();
  context.events.publish({.tenant = visitor.tenant,
                          .user = (*conversation)->agent_id,
                          .json = json.take(),
                          .replayable = false,
                          .conversation = (*conversation)->id.value});
}

// The visitor read an agent's message: the agent sees it.
void visitorRead(ApiContext& context, const Visitor& visitor, const JsonObject& frame) {
  auto id = frame.requiredString("messageId", 64);
  if (!id) {
    return;
  }
  auto outbound = context.stores.outbox->findOutbound(visitor.tenant, MessageId{*id});
  if (!outbound || outbound->conversation.channel != visitor.channel.value ||
      outbound->identity != visitor.id.value ||
      outbound->message.direction != Direction::Outbound ||
      outbound->message.status == DeliveryStatus::Read) {
    return;  // not theirs, or nothing new
  }
  const MessageId message = outbound->message.id;  // read before the callback takes `outbound`
  context.stores.conversations->updateMessageStatus(
      visitor.tenant, message, DeliveryStatus::Read, std::nullopt,
      [&context, tenant = visitor.tenant,
       outbound = std::move(*outbound)](Result<void> saved) mutable {
        if (saved && context.delivery) {
          outbound.message.status = DeliveryStatus::Read;
          outbound.message.status_reason.reset();
          context.delivery->messageStatusChanged(tenant, outbound.conversation, outbound.message);
        }
      });
}

// ---- agents ----

// The conversation of a web chat visitor, with the visitor's id; none for other channels.
std::optional<std::string> visitorOf(ApiContext& context, const Conversation& conversation,
                                     const std::vector<Message>& messages) {
  if (messages.empty()) {
    return std::nullopt;
  }
  auto channel =
      context.stores.channels->findChannel(conversation.tenant_id, ChannelId{conversation.channel});
  if (!channel || channel->type != kType) {
    return std::nullopt;
  }
  auto outbound = context.stores.outbox->findOutbound(conversation.tenant_id, messages.front().id);
  return outbound ? outbound->identity : std::nullopt;
}

// Providers that show the contact their messages were read (WhatsApp, Messenger) are told up to the
// contact's latest message.
void tellProvider(ApiContext& context, const Conversation& conversation,
                  const std::vector<Message>& messages) {
  auto channel =
      context.stores.channels->findChannel(conversation.tenant_id, ChannelId{conversation.channel});
  channels::ChannelType* type =
      channel && context.channel_types ? context.channel_types->find(channel->type) : nullptr;
  if (!type || !type->capabilities().read_receipts) {
    return;  // web chat's sender does nothing here: its visitors hear it on their socket below
  }
  const Message* latest = nullptr;
  for (const Message& message : messages) {
    if (message.direction == Direction::Inbound && message.provider_message_id &&
        (!latest || message.created_at >= latest->created_at)) {
      latest = &message;
    }
  }
  if (!latest) {
    return;
  }
  auto outbound = context.stores.outbox->findOutbound(conversation.tenant_id, latest->id);
  if (outbound && outbound->identity) {
    type->sender().markRead(conversation.tenant_id, channel->id, *outbound->identity,
                            *latest->provider_message_id);
  }
}

// The agent has seen the contact's messages: they become read, and a web chat visitor sees it.
void markRead(ApiContext& context, Call call) {
  auto conversation = visibleConversation(context, call);
  if (!conversation) {
    call.fail(conversation.error());
    return;
  }
  const TenantId tenant = call.principal->tenant;
  auto messages = context.stores.conversations->listLatestMessages(tenant, conversation->id, 1000);
  if (!messages) {
    call.fail(messages.error());
    return;
  }
  const std::optional<std::string> visitor = visitorOf(context, *conversation, *messages);
  std::vector<MessageId> unread;
  for (const Message& message : *messages) {
    if (message.direction == Direction::Inbound && message.status != DeliveryStatus::Read) {
      unread.push_back(message.id);
    }
  }
  if (unread.empty()) {
    call.respond(Response::noContent());
    return;
  }
  tellProvider(context, *conversation, *messages);
  struct Pending {
    Call call;
    size_t left;
  };
  auto pending = std::make_shared<Pending>(Pending{std::move(call), unread.size()});
  auto shared = std::make_shared<std::mutex>();
  for (const MessageId& id : unread) {
    context.stores.conversations->updateMessageStatus(
        tenant, id, DeliveryStatus::Read, std::nullopt,
        [&context, tenant, id, visitor, pending, shared](Result<void> saved) {
          if (saved && visitor) {
            JsonWriter json;
            json.beginObject()
                .field("type", "status")
                .field("messageId", id.value)
                .field("status", "read")
                .endObject();
            toVisitor(context.events, tenant, *visitor, json.take());
          }
          std::lock_guard lock(*shared);
          if (--pending->left == 0) {
            pending->call.respond(Response::noContent());
          }
        });
  }
}

// The agent is typing (or stopped): shown to the contact where the conversation's channel type
// can show it (web chat's widget, Telegram's "typing…"), ignored elsewhere.
void agentTyping(ApiContext& context, Call call) {
  auto conversation = ownConversation(context, call);  // its agent, or a supervisor
  auto body = jsonBody(call.request);
  if (!conversation || !body) {
    call.fail(!conversation ? conversation.error() : body.error());
    return;
  }
  auto typing = body->optionalBoolean("typing");
  if (!typing) {
    call.fail(typing.error());
    return;
  }
  const TenantId& tenant = call.principal->tenant;
  // Supervisors watching the conversation (W7) see the agent typing, on every channel.
  JsonWriter frame;
  frame.beginObject()
      .field("type", "agent.typing")
      .field("conversationId", conversation->id.value)
      .key("userId")
      .optionalString(call.principal->user ? std::optional(call.principal->user->value)
                                           : std::nullopt)
      .key("typing")
      .boolean(typing->value_or(false))
      .endObject();
  context.events.publish({.tenant = tenant,
                          .json = frame.take(),
                          .replayable = false,
                          .conversation = conversation->id.value,
                          .for_watchers = true});
  const ChannelId channel{conversation->channel};
  auto config = context.stores.channels->findChannel(tenant, channel);
  channels::ChannelType* type =
      config && context.channel_types ? context.channel_types->find(config->type) : nullptr;
  if (!type || !type->capabilities().typing || !config->enabled) {
    call.respond(Response::noContent());  // the customer's channel cannot show it: nothing to read
    return;
  }
  auto messages = context.stores.conversations->listMessages(tenant, conversation->id, "", 1);
  // Not to a contact who opted out of the channel or cannot be reached there.
  auto opted_out =
      context.stores.channels->isOptedOut(tenant, conversation->contact_id, conversation->channel);
  auto unreachable = context.stores.channels->unreachableReason(tenant, conversation->contact_id,
                                                                conversation->channel);
  const bool reachable = opted_out && !*opted_out && unreachable && !*unreachable;
  if (reachable && messages && !messages->empty()) {
    auto outbound = context.stores.outbox->findOutbound(tenant, messages->front().id);
    if (outbound && outbound->identity) {
      type->sender().showTyping(tenant, channel, *outbound->identity, typing->value_or(false));
    }
  }
  call.respond(Response::noContent());
}

}  // namespace

Result<Visitor> authenticateVisitor(ApiContext& context, const Request& request) {
  if (context.rate_limits &&
      !context.rate_limits->widget_per_address.take(request.remote_address).allowed) {
    return fail(ErrorCode::RateLimited, "too many chat connections from this address");
  }
  auto channel = openChannel(context, queryParameter(request.query, "channel"));
  if (!channel) {
    return std::unexpected(channel.error());
  }
  if (!originAllowed(request, channel->settings)) {
    return fail(ErrorCode::Forbidden, "this site may not open the chat");
  }
  const ChannelConfig& config = channel->config;
  std::string token = queryParameter(request.query, "token");
  auto visitor = channels::webchat::verifyVisitorToken(
      channels::webchat::visitorTokenKey(*context.widget_key, config), token, context.clock.now());
  if (!visitor) {
    return fail(ErrorCode::Unauthenticated, "start a chat session first");
  }
  return Visitor{config.tenant_id, config.id,    *visitor,
                 request.origin,   request.host, std::move(token)};
}

bool visitorStillAllowed(ApiContext& context, const Visitor& visitor) {
  auto channel = openChannel(context, visitor.channel.value);
  if (!channel || channel->config.tenant_id != visitor.tenant) {
    return false;
  }
  // Visitors signed out (a new key epoch), or a token that expired while the socket was open.
  if (!channels::webchat::verifyVisitorToken(
          channels::webchat::visitorTokenKey(*context.widget_key, channel->config), visitor.token,
          context.clock.now())) {
    return false;
  }
  Request page;
  page.origin = visitor.origin;
  page.host = visitor.host;
  return originAllowed(page, channel->settings);
}

UserId visitorAudience(const Visitor& visitor) { return UserId{visitor.id.value}; }

void onVisitorFrame(ApiContext& context, const Visitor& visitor, std::string_view frame) {
  auto parsed = JsonObject::parse(frame);
  if (!parsed) {
    frameError(context, visitor, std::nullopt, parsed.error().message);
    return;
  }
  auto type = parsed->requiredString("type", 20);
  if (!type) {
    frameError(context, visitor, std::nullopt, type.error().message);
  } else if (*type == "message") {
    visitorMessage(context, visitor, *parsed);
  } else if (*type == "typing") {
    visitorTyping(context, visitor, *parsed);
  } else if (*type == "read") {
    visitorRead(context, visitor, *parsed);
  } else {
    frameError(context, visitor, std::nullopt, "unknown frame type");
  }
}

bool WidgetSender::sends(std::string_view /*channel*/) const { return true; }

void WidgetSender::send(const storage::OutboxEntry& entry, const storage::OutboundMessage& outbound,
                        std::move_only_function<void(channels::SendOutcome)> done) {
  Message message = outbound.message;
  message.status = DeliveryStatus::Sent;
  JsonWriter json;
  json.beginObject().field("type", "message").key("message");
  renderWidgetMessage(json, message,
                      {key_, entry.tenant_id, ChannelId{outbound.conversation.channel}});
  json.endObject();
  toVisitor(events_, entry.tenant_id, *outbound.identity, json.take());
  channels::SendOutcome sent;
  sent.outcome.verdict = channels::Verdict::Delivered;
  done(std::move(sent));
}

void WidgetSender::showTyping(const TenantId& tenant, const ChannelId& /*channel*/,
                              const std::string& identity, bool typing) {
  JsonWriter json;
  json.beginObject().field("type", "typing").key("typing").boolean(typing).endObject();
  toVisitor(events_, tenant, identity, json.take());
}

void addWidgetRoutes(Router& router, ApiContext& context) {
  router.add(Method::Post, "/api/v1/widget/sessions", Access::Public,
             withContext(context, postSession));
  router.add(Method::Options, "/api/v1/widget/sessions", Access::Public,
             withContext(context, preflight));
  router.add(Method::Get, "/api/v1/widget/media/{id}", Access::Public,
             withContext(context, widgetMedia));
  router.add(Method::Post, "/api/v1/conversations/{id}/read", Permission::HandleConversations,
             withContext(context, markRead));
  router.add(Method::Post, "/api/v1/conversations/{id}/typing", Permission::HandleConversations,
             withContext(context, agentTyping));
}

}  // namespace parley::api
