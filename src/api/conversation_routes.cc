// Conversations, their messages, notes and routing decisions; pick, accept, transfer, unassign,
// close (R4, R8, R10, W2, W3). Agents see the queue and their own conversations; supervisors and
// admins see and act on every conversation.
#include "api/customer_search.h"
#include "api/idempotency.h"
#include "api/render.h"
#include "api/render_routing.h"
#include "api/routes.h"
#include "channels/card_mask.h"
#include "channels/channel_registry.h"
#include "channels/channel_type.h"
#include "channels/message_content.h"
#include "channels/message_template.h"
#include "channels/reply_window.h"
#include "storage/channel_store.h"
#include "storage/conversation_stores.h"
#include "storage/media_store.h"

namespace parley::api {
namespace {

// A token that replies, closes and transfers (messages:send) acts in any conversation.
bool actsAsBot(const Principal& principal) {
  return principal.token && holds(principal.scopes, TokenScope::MessagesSend);
}

}  // namespace

bool maySeeConversation(const Principal& principal, const Conversation& conversation) {
  // An API token acting as a bot (messages:send) is nobody's colleague: it acts in every
  // conversation of its tenant. Other tokens see what their role sees.
  return isAllowed(principal.role, Permission::ViewRouting) || actsAsBot(principal) ||
         conversation.state == ConversationState::Queued || conversation.agent_id == principal.user;
}

Result<Conversation> visibleConversation(ApiContext& context, const Call& call) {
  auto conversation = context.stores.conversations->findConversation(
      call.principal->tenant, ConversationId{call.params[0]});
  if (!conversation) {
    return conversation;
  }
  if (maySeeConversation(*call.principal, *conversation)) {
    return conversation;
  }
  return fail(ErrorCode::NotFound, "no such conversation");
}

namespace {

constexpr size_t kDefaultPage = 50;
constexpr size_t kMaxPage = 200;
constexpr size_t kMaxNoteBytes = 10000;
// A customer search lists the conversations of at most this many contacts it found.
constexpr size_t kMostCustomersFound = 50;

bool seesEverything(const Principal& principal) {
  return isAllowed(principal.role, Permission::ViewRouting);
}

Result<size_t> pageLimit(const Request& request) {
  return limitParameter(request, kDefaultPage, kMaxPage);
}

// {"items": […], "nextCursor": "…" | null}
template <class Items, class Render>
std::string pageDocument(const Items& items, size_t limit, Render render) {
  JsonWriter json;
  json.beginObject().key("items").beginArray();
  for (const auto& item : items) {
    render(json, item);
  }
  json.endArray().key("nextCursor");
  if (items.size() == limit && !items.empty()) {
    json.string(items.back().id.value);
  } else {
    json.null();
  }
  json.endObject();
  return json.take();
}

// ---- reading ----

void listConversations(ApiContext& context, Call call) {
  auto limit = pageLimit(call.request);
  if (!limit) {
    call.fail(limit.error());
    return;
  }
  storage::ConversationFilter filter{.after = queryParameter(call.request.query, "after"),
                                     .limit = *limit};
  const std::string state = queryParameter(call.request.query, "state");
  if (!state.empty()) {
    for (ConversationState s :
         {ConversationState::Queued, ConversationState::Assigned, ConversationState::Closed}) {
      if (conversationStateName(s) == state) {
        filter.state = s;
      }
    }
    if (!filter.state) {
      call.fail(ErrorCode::ValidationFailed, "state must be queued, assigned or closed");
      return;
    }
  }
  if (auto agent = queryParameter(call.request.query, "agentId"); !agent.empty()) {
    filter.agent_id = UserId{agent};
  }
  if (auto contact = queryParameter(call.request.query, "contactId"); !contact.empty()) {
    filter.contact_id = ContactId{contact};
  }
  if (auto channel = queryParameter(call.request.query, "channel"); !channel.empty()) {
    filter.channel = std::move(channel);
  }
  if (auto category = queryParameter(call.request.query, "categoryId"); !category.empty()) {
    filter.category_id = CategoryId{std::move(category)};
  }
  if (auto unanswered = queryParameter(call.request.query, "unanswered"); !unanswered.empty()) {
    if (unanswered != "true" && unanswered != "false") {
      call.fail(ErrorCode::ValidationFailed, "unanswered is true or false");
      return;
    }
    filter.unanswered = unanswered == "true";
  }
  for (auto [name, bound] :
       {std::pair{"from", &filter.created_from}, std::pair{"before", &filter.created_before}}) {
    if (auto text = queryParameter(call.request.query, name); !text.empty()) {
      *bound = parseRfc3339(text);
      if (!*bound) {
        call.fail(ErrorCode::ValidationFailed,
                  std::string(name) + " must be a time like 2026-12-07T09:00:00Z");
        return;
      }
    }
  }
  // A customer by phone, email, name or identity: their conversations (and those of every contact
  // the search finds).
  auto customer = customerSearchFrom(call.request.query);
  if (!customer) {
    call.fail(customer.error());
    return;
  }
  if (*customer && filter.contact_id) {
    call.fail(ErrorCode::ValidationFailed, "give contactId or a customer search, not both");
    return;
  }
  if (!seesEverything(*call.principal) && !actsAsBot(*call.principal) &&
      filter.state != ConversationState::Queued) {
    // An agent lists their own conversations (or the queue).
    if (!call.principal->user) {
      call.fail(ErrorCode::Forbidden, "only agents have conversations of their own");
      return;
    }
    if (filter.agent_id && filter.agent_id != call.principal->user) {
      call.fail(ErrorCode::Forbidden, "agents list their own conversations");
      return;
    }
    filter.agent_id = call.principal->user;
  }
  if (*customer) {
    auto found = findCustomers(context, *call.principal, **customer, kMostCustomersFound);
    if (!found) {
      call.fail(found.error());
      return;
    }
    if (found->empty()) {
      call.respond(Response::json(200, R"({"items":[],"nextCursor":null})"));
      return;
    }
    for (const storage::SubjectSummary& subject : *found) {
      filter.contact_ids.push_back(subject.contact.id);
    }
  }
  auto conversations =
      context.stores.conversations->listConversations(call.principal->tenant, filter);
  if (!conversations) {
    call.fail(conversations.error());
    return;
  }
  call.respond(Response::json(200, pageDocument(*conversations, *limit, renderConversation)));
}

void getConversation(ApiContext& context, Call call) {
  auto conversation = visibleConversation(context, call);
  if (!conversation) {
    call.fail(conversation.error());
    return;
  }
  call.respond(Response::json(200, document("conversation", *conversation, renderConversation)));
}

void listMessages(ApiContext& context, Call call) {
  auto conversation = visibleConversation(context, call);
  auto limit = pageLimit(call.request);
  if (!conversation || !limit) {
    call.fail(conversation ? limit.error() : conversation.error());
    return;
  }
  auto messages = context.stores.conversations->listMessages(
      call.principal->tenant, conversation->id, queryParameter(call.request.query, "after"),
      *limit);
  if (!messages) {
    call.fail(messages.error());
    return;
  }
  recordRead(context, *call.principal, "conversation", conversation->id.value, "read.messages");
  call.respond(Response::json(200, pageDocument(*messages, *limit, renderMessage)));
}

void listNotes(ApiContext& context, Call call) {
  auto conversation = visibleConversation(context, call);
  if (!conversation) {
    call.fail(conversation.error());
    return;
  }
  auto notes = context.stores.conversations->listNotes(call.principal->tenant, conversation->id);
  if (!notes) {
    call.fail(notes.error());
    return;
  }
  recordRead(context, *call.principal, "conversation", conversation->id.value, "read.notes");
  call.respond(Response::json(200, itemsDocument(*notes, renderNote)));
}

void listDecisions(ApiContext& context, Call call) {
  auto decisions = context.stores.conversations->listDecisions(call.principal->tenant,
                                                               ConversationId{call.params[0]});
  if (!decisions) {
    call.fail(decisions.error());
    return;
  }
  call.respond(Response::json(200, itemsDocument(*decisions, renderDecision)));
}

// ---- acting ----

// The stored content of an agent's template reply: the channel's synced template of that name and
// language, filled in. ValidationFailed naming what is wrong.
Result<std::string> templateReply(ApiContext& context, const TenantId& tenant,
                                  const Result<ChannelConfig>& channel,
                                  const channels::Capabilities& capabilities,
                                  const channels::MessageContent::Template& chosen) {
  if (!channel || !capabilities.templates) {
    return fail(ErrorCode::ValidationFailed, "template: this channel sends no templates");
  }
  auto templates = context.stores.channels->listTemplates(tenant, channel->id);
  if (!templates) {
    return std::unexpected(templates.error());
  }
  for (const ChannelTemplate& each : *templates) {
    if (each.name == chosen.name && each.language == chosen.language) {
      return channels::templateContent(each, chosen.parameters);
    }
  }
  return fail(ErrorCode::ValidationFailed, "template: " + chosen.name + " (" + chosen.language +
                                               ") is not among this channel's templates (sync "
                                               "them in the Configurator)");
}

void reply(ApiContext& context, Call call) {
  auto conversation = ownConversation(context, call);
  if (!conversation) {
    call.fail(conversation.error());
    return;
  }
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto content = channels::parseMessageContent(*body, /*templates=*/true);
  if (!content) {
    call.fail(content.error());
    return;
  }
  const TenantId tenant = call.principal->tenant;
  // What the conversation's channel carries (none for the built-in API channel).
  auto channel = context.stores.channels->findChannel(tenant, ChannelId{conversation->channel});
  channels::ChannelType* type =
      channel && context.channel_types ? context.channel_types->find(channel->type) : nullptr;
  const channels::Capabilities capabilities =
      type ? type->capabilitiesOf(*channel) : channels::Capabilities{};
  if (content->template_message) {
    // A template goes whatever the window (that is what templates are for), once approved.
    auto rendered =
        templateReply(context, tenant, channel, capabilities, *content->template_message);
    if (!rendered) {
      call.fail(rendered.error());
      return;
    }
    content->json = std::move(*rendered);
  } else if (auto open =
                 channels::checkReplyWindow(capabilities, *conversation, context.clock.now());
             !open) {
    // R11: refused here, with the reason, rather than failing at the provider once queued.
    call.fail(open.error());
    return;
  }
  if (content->attachment) {
    auto file = context.stores.media
                    ? context.stores.media->findMedia(tenant, *content->attachment)
                    : Result<storage::StoredMedia>(fail(ErrorCode::NotFound, "no media store"));
    if (!file || file->conversation_id != conversation->id) {
      call.fail(ErrorCode::ValidationFailed,
                "media.id: no such attachment in this conversation (attach it first)");
      return;
    }
    // Only where the channel carries files (not SMS).
    if (type && !capabilities.media) {
      call.fail(ErrorCode::ValidationFailed, "this channel carries no files");
      return;
    }
    content->json = channels::storedMediaContent(file->id, file->mime_type, file->name, file->size,
                                                 content->text);
  }
  // P6: nothing goes to a contact who opted out of this channel (a START from them opts back in).
  auto opted_out = context.stores.channels
                       ? context.stores.channels->isOptedOut(tenant, conversation->contact_id,
                                                             conversation->channel)
                       : Result<bool>(false);
  if (!opted_out) {
    call.fail(opted_out.error());
    return;
  }
  if (*opted_out) {
    call.fail(ErrorCode::Conflict,
              "the contact opted out of this channel (they sent STOP): nothing can be sent to "
              "them here until they text START");
    return;
  }
  // A token with messages:send replies as itself (a bot, a CRM): its id is the author.
  const UserId author =
      call.principal->user ? *call.principal->user : UserId{call.principal->token->value};
  context.routing.reply(tenant, conversation->id, author, std::move(content->json),
                        answerWith<Message>(std::move(call), 201, "message", renderMessage));
}

void addNote(ApiContext& context, Call call) {
  auto conversation = ownConversation(context, call);
  if (!conversation) {
    call.fail(conversation.error());
    return;
  }
  if (!call.principal->user) {
    call.fail(ErrorCode::Forbidden, "notes are written by users");
    return;
  }
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto text = body->requiredString("text", kMaxNoteBytes);
  if (!text || text->empty()) {
    call.fail(text ? Error{ErrorCode::ValidationFailed, "text must not be empty"} : text.error());
    return;
  }
  Note note{.tenant_id = call.principal->tenant,
            .conversation_id = conversation->id,
            .author_id = *call.principal->user,
            .text = channels::maskCardNumbers(*text)};  // P8, as in messages
  // A colleague's note (a supervisor's hint) shows on the agent's screen at once; the agent's own
  // note, on the screens of supervisors watching (W7).
  std::optional<UserId> holder;
  if (conversation->agent_id && conversation->agent_id != note.author_id) {
    holder = conversation->agent_id;
  }
  context.stores.conversations->addNote(
      std::move(note),
      [&context, holder, answer = answerWith<Note>(std::move(call), 201, "note", renderNote)](
          Result<Note> stored) mutable {
        if (stored) {
          JsonWriter frame;
          frame.beginObject().field("type", "note.created").key("note");
          renderNote(frame, *stored);
          frame.endObject();
          // Watchers never resume: a frame for them alone is not numbered or kept.
          context.events.publish({.tenant = stored->tenant_id,
                                  .user = holder,
                                  .json = frame.take(),
                                  .replayable = holder.has_value(),
                                  .conversation = stored->conversation_id.value,
                                  .for_watchers = !holder});
        }
        answer(std::move(stored));
      });
}

storage::Done<routing::Change> answerChange(Call call) {
  return [call = std::move(call)](Result<routing::Change> change) mutable {
    if (!change) {
      call.fail(change.error());
      return;
    }
    call.respond(Response::json(200, document("change", *change, renderChange)));
  };
}

void pick(ApiContext& context, Call call) {
  if (!call.principal->user) {
    call.fail(ErrorCode::Forbidden, "only agents pick conversations");
    return;
  }
  const TenantId tenant = call.principal->tenant;
  const UserId agent = *call.principal->user;
  const ConversationId id{call.params[0]};
  context.routing.pick(tenant, id, agent, answerChange(std::move(call)));
}

void accept(ApiContext& context, Call call) {
  if (!call.principal->user) {
    call.fail(ErrorCode::Forbidden, "only agents accept offers");
    return;
  }
  const TenantId tenant = call.principal->tenant;
  const UserId agent = *call.principal->user;
  const ConversationId id{call.params[0]};
  context.routing.accept(tenant, id, agent,
                         [call = std::move(call)](Result<void> accepted) mutable {
                           if (!accepted) {
                             call.fail(accepted.error());
                             return;
                           }
                           call.respond(Response::noContent());
                         });
}

void transfer(ApiContext& context, Call call) {
  auto conversation = ownConversation(context, call);
  auto body = jsonBody(call.request);
  if (!conversation || !body) {
    call.fail(conversation ? body.error() : conversation.error());
    return;
  }
  auto agent = body->optionalString("agentId", 64);
  auto category = body->optionalString("categoryId", 64);
  if (!agent || !category) {
    call.fail(agent ? category.error() : agent.error());
    return;
  }
  if (agent->has_value() == category->has_value()) {
    call.fail(ErrorCode::ValidationFailed, "give exactly one of agentId or categoryId");
    return;
  }
  const TenantId tenant = call.principal->tenant;
  if (*agent) {
    context.routing.transferToAgent(tenant, conversation->id, UserId{**agent},
                                    answerChange(std::move(call)));
  } else {
    context.routing.transferToCategory(tenant, conversation->id, CategoryId{**category},
                                       answerChange(std::move(call)));
  }
}

void unassign(ApiContext& context, Call call) {
  auto conversation = ownConversation(context, call);
  if (!conversation) {
    call.fail(conversation.error());
    return;
  }
  const TenantId tenant = call.principal->tenant;
  context.routing.unassign(tenant, conversation->id, answerChange(std::move(call)));
}

void close(ApiContext& context, Call call) {
  auto conversation = ownConversation(context, call);
  if (!conversation) {
    call.fail(conversation.error());
    return;
  }
  const TenantId tenant = call.principal->tenant;
  const Actor actor = call.principal->actor;
  context.routing.close(
      tenant, conversation->id, actor,
      answerWith<Conversation>(std::move(call), 200, "conversation", renderConversation));
}

}  // namespace

Result<Conversation> ownConversation(ApiContext& context, const Call& call) {
  auto conversation = visibleConversation(context, call);
  if (conversation && !seesEverything(*call.principal) && !actsAsBot(*call.principal) &&
      conversation->agent_id != call.principal->user) {
    return fail(ErrorCode::Forbidden, "the conversation is not assigned to you");
  }
  return conversation;
}

void addConversationRoutes(Router& router, ApiContext& context) {
  const Permission handle = Permission::HandleConversations;
  router.add(Method::Get, "/api/v1/conversations", handle, withContext(context, listConversations));
  router.add(Method::Get, "/api/v1/conversations/{id}", handle,
             withContext(context, getConversation));
  router.add(Method::Get, "/api/v1/conversations/{id}/messages", handle,
             withContext(context, listMessages));
  router.add(Method::Post, "/api/v1/conversations/{id}/messages", handle,
             idempotent(context, withContext(context, reply)));
  router.add(Method::Get, "/api/v1/conversations/{id}/notes", handle,
             withContext(context, listNotes));
  router.add(Method::Post, "/api/v1/conversations/{id}/notes", handle,
             idempotent(context, withContext(context, addNote)));
  router.add(Method::Get, "/api/v1/conversations/{id}/decisions", Permission::ViewRouting,
             withContext(context, listDecisions));
  router.add(Method::Post, "/api/v1/conversations/{id}/pick", handle, withContext(context, pick));
  router.add(Method::Post, "/api/v1/conversations/{id}/accept", handle,
             withContext(context, accept));
  router.add(Method::Post, "/api/v1/conversations/{id}/transfer", handle,
             withContext(context, transfer));
  router.add(Method::Post, "/api/v1/conversations/{id}/unassign", handle,
             withContext(context, unassign));
  router.add(Method::Post, "/api/v1/conversations/{id}/close", handle, withContext(context, close));
}

}  // namespace parley::api
