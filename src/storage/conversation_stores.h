#pragma once
// What routing and conversations ask of storage. Same contract as stores.h: every call names its
// tenant; reads are synchronous; writes are asynchronous and call `done` exactly once on a storage
// thread after the commit. Message content, notes and channel identities are sealed under the
// contact's key (erased with it, P10); identities are found through a keyed blind index.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/conversation.h"
#include "core/model.h"
#include "storage/media_store.h"
#include "storage/stores.h"

namespace parley::storage {

struct TenantSettings {
  TenantId tenant_id;
  int reopen_window_seconds = 24 * 3600;  // a new inbound message reopens a closed conversation
  int offline_grace_seconds = 120;        // R5
  std::string api_webhook_url;            // C8 outbound: empty = not configured
  std::string api_webhook_secret;         // HMAC key for S6 signatures; sealed at rest
  bool api_enabled = true;                // C8 inbound: a disabled API channel takes no messages
};

class RoutingConfigStore {
 public:
  virtual ~RoutingConfigStore() = default;
  // Conflict when the tenant has a skill of that name already.
  virtual void createSkill(TenantId tenant, std::string name, Done<Skill> done) = 0;
  [[nodiscard]] virtual Result<std::vector<Skill>> listSkills(const TenantId& tenant) = 0;
  // Agents and categories name skills by id: they keep theirs. NotFound if unknown; Conflict when
  // another skill has the name.
  virtual void renameSkill(TenantId tenant, SkillId skill, std::string name, Done<Skill> done) = 0;
  // Also removes the skill from every agent and category of the tenant. NotFound if unknown.
  virtual void deleteSkill(TenantId tenant, SkillId skill, Done<void> done) = 0;

  // Creates (empty id: a new id is made) or replaces a category. NotFound for an unknown id.
  virtual void saveCategory(Category category, Done<Category> done) = 0;
  // Ordered by position, then creation.
  [[nodiscard]] virtual Result<std::vector<Category>> listCategories(const TenantId& tenant) = 0;
  // Its conversations become uncategorised. NotFound if unknown.
  virtual void deleteCategory(TenantId tenant, CategoryId category, Done<void> done) = 0;

  // Creates or replaces; the user must exist in the tenant (NotFound).
  virtual void saveAgentRouting(AgentRouting routing, Done<AgentRouting> done) = 0;
  // NotFound when the user has no routing settings yet (callers use the defaults).
  [[nodiscard]] virtual Result<AgentRouting> findAgentRouting(const TenantId& tenant,
                                                              const UserId& user) = 0;
  // Active users only: deactivated and deleted ones are routed nothing.
  [[nodiscard]] virtual Result<std::vector<AgentRouting>> listAgentRouting(
      const TenantId& tenant) = 0;

  // Defaults when never saved.
  [[nodiscard]] virtual Result<TenantSettings> findSettings(const TenantId& tenant) = 0;
  // Reads the tenant's settings, lets `change` edit them and stores the result, all in one write,
  // so two changes of different settings at once both land. `change` runs on the writer: keep it
  // short. Each setting that changed is in the audit log by `actor` (the webhook URL decides where
  // message text goes; the secret's value is never written there, only that it changed).
  using SettingsChange = std::function<void(TenantSettings&)>;
  virtual void updateSettings(TenantId tenant, Actor actor, SettingsChange change,
                              Done<TenantSettings> done) = 0;
};

// One message as usage (I4): what happened, when, where and by whom; never what was said. The
// contact is left out once its conversation was anonymised (retention, or the DPO).
struct UsageRecord {
  MessageId message;
  ConversationId conversation;
  std::string channel;
  std::string direction;  // "inbound", "outbound"
  TimePoint at;
  std::string status;  // "received", "sent", "delivered", "read", "failed"…
  std::optional<std::string> status_reason;
  std::optional<CategoryId> category;
  std::optional<UserId> agent;   // who holds or held the conversation
  std::optional<UserId> author;  // outbound: who wrote it
  std::optional<ContactId> contact;
};

// Where a page of usage records ends: the last record's time and message id.
struct UsageCursor {
  TimePoint at;
  std::string message;  // "" before the first page
};

struct InboundMessage {
  TenantId tenant_id;
  std::string channel;   // "api"
  std::string identity;  // the contact's address on that channel (phone, chat id…); personal
  std::optional<std::string> contact_name;
  std::string content;  // JSON
  std::optional<std::string> provider_message_id;
  std::optional<CategoryId> category_id;  // for a new conversation, decided by the caller
  std::chrono::seconds reopen_window{24 * 3600};
  // Files staged in the media store that the content names ({"media":{"id":…}}): stored with the
  // message, or discarded.
  std::vector<StagedMedia> media;
  // Channels with a reply window: when the provider says the customer sent it, and how long the
  // window it opens lasts (none: the channel has no window).
  std::optional<TimePoint> sent_at;
  std::optional<std::chrono::seconds> reply_window;
};

struct ReceivedMessage {
  ContactId contact_id;
  bool new_contact = false;
  Conversation conversation;
  // New: created for this message. Reopened: it was closed within the reopen window. Either way
  // it is queued and needs routing.
  bool new_conversation = false;
  bool reopened = false;
  Message message;
  // The provider message id was seen before: nothing was stored; `message` is the earlier one.
  bool duplicate = false;
  // A duplicate of a message whose contact was erased: nothing else is known, every id is empty.
  bool erased = false;
};

// A routing outcome to persist: the conversation's new routing state, and the decision behind it.
struct RoutingUpdate {
  ConversationId conversation_id;
  ConversationState state = ConversationState::Queued;  // Queued or Assigned
  std::optional<UserId> agent_id;
  bool manual = false;
  std::optional<TimePoint> assigned_at;
  std::optional<TimePoint> offer_deadline;
  std::vector<UserId> missed_by;
  std::optional<CategoryId> category_id;  // set when a transfer changed it
  std::optional<RoutingDecision> decision;
};

struct ConversationFilter {
  std::optional<ConversationState> state;
  std::optional<UserId> agent_id;
  std::optional<ContactId> contact_id;
  // Any of these contacts (a customer search's finds); ignored when empty.
  std::vector<ContactId> contact_ids;
  std::optional<std::string> channel;  // a channel id
  std::optional<CategoryId> category_id;
  std::optional<TimePoint> created_from, created_before;  // [from, before)
  bool unanswered = false;  // only those whose newest message is the customer's
  std::string after;        // cursor: the last id of the previous page (ids are time-ordered)
  size_t limit = 50;
};

struct HandlingStats {
  int64_t closed = 0;
  double average_first_response_seconds = 0;  // over those with an answer
  double average_handling_seconds = 0;        // created → closed
};

// Reply windows the wallboard watches (W5), of conversations whose last message is the
// customer's (unanswered).
struct WindowStats {
  int64_t closing_within_hour = 0;       // open, closing in the next hour
  int64_t expired_unanswered_today = 0;  // closed since the day began, unanswered
};

class ConversationStore {
 public:
  virtual ~ConversationStore() = default;
  // Finds or creates the contact by (channel, identity), finds the contact's open conversation on
  // that channel or reopens/creates one, and stores the message: one transaction.
  virtual void receive(InboundMessage message, Done<ReceivedMessage> done) = 0;
  // An outbound message or one more inbound one in an open conversation; sets the conversation's
  // first response time on the first outbound message. NotFound / Conflict (closed).
  virtual void addMessage(Message message, Done<Message> done) = 0;
  virtual void updateMessageStatus(TenantId tenant, MessageId message, DeliveryStatus status,
                                   std::optional<std::string> reason, Done<void> done) = 0;
  // All in one transaction; decisions appended to the log.
  virtual void applyRouting(TenantId tenant, std::vector<RoutingUpdate> updates,
                            Done<void> done) = 0;
  virtual void closeConversation(TenantId tenant, ConversationId conversation, Actor actor,
                                 Done<Conversation> done) = 0;

  [[nodiscard]] virtual Result<Conversation> findConversation(const TenantId& tenant,
                                                              const ConversationId& id) = 0;
  // The contact behind an identity on a channel (as receive() finds it); NotFound when none, or
  // when that contact was erased.
  [[nodiscard]] virtual Result<ContactId> findContactByIdentity(const TenantId& tenant,
                                                                const std::string& channel,
                                                                const std::string& identity) = 0;
  // Newest first.
  [[nodiscard]] virtual Result<std::vector<Conversation>> listConversations(
      const TenantId& tenant, const ConversationFilter& filter) = 0;
  // Every queued or assigned conversation, for rebuilding the routing engine.
  [[nodiscard]] virtual Result<std::vector<Conversation>> listOpenConversations(
      const TenantId& tenant) = 0;
  // The tenant's messages created in [from, until) as usage records (I4), oldest first, after the
  // cursor (the last record of the previous page), at most `limit`.
  [[nodiscard]] virtual Result<std::vector<UsageRecord>> listUsage(const TenantId& tenant,
                                                                   TimePoint from, TimePoint until,
                                                                   const UsageCursor& after,
                                                                   size_t limit) = 0;
  // Oldest first, after the cursor (a message id).
  [[nodiscard]] virtual Result<std::vector<Message>> listMessages(const TenantId& tenant,
                                                                  const ConversationId& id,
                                                                  const std::string& after,
                                                                  size_t limit) = 0;
  // The last `limit` (≤ 1000) messages, oldest first.
  [[nodiscard]] virtual Result<std::vector<Message>> listLatestMessages(const TenantId& tenant,
                                                                        const ConversationId& id,
                                                                        size_t limit) = 0;
  virtual void addNote(Note note, Done<Note> done) = 0;
  [[nodiscard]] virtual Result<std::vector<Note>> listNotes(const TenantId& tenant,
                                                            const ConversationId& id) = 0;
  [[nodiscard]] virtual Result<std::vector<RoutingDecision>> listDecisions(
      const TenantId& tenant, const ConversationId& id) = 0;
  [[nodiscard]] virtual Result<HandlingStats> handlingStats(const TenantId& tenant,
                                                            TimePoint since) = 0;
  // Whether the channel has a message of that provider id already (a provider's retry): channels
  // skip fetching its file again. The store's receive() stays what drops the repeat.
  [[nodiscard]] virtual Result<bool> hasProviderMessage(const TenantId& tenant,
                                                        const std::string& channel,
                                                        const std::string& provider_id) = 0;
  [[nodiscard]] virtual Result<WindowStats> windowStats(const TenantId& tenant, TimePoint now,
                                                        TimePoint day_start) = 0;
  // The same over the conversations closed since then whose agent was `agent`.
  [[nodiscard]] virtual Result<HandlingStats> agentHandlingStats(const TenantId& tenant,
                                                                 const UserId& agent,
                                                                 TimePoint since) = 0;
};

// Canned responses (W3), per tenant.
class CannedResponseStore {
 public:
  virtual ~CannedResponseStore() = default;
  // Ordered by shortcut.
  [[nodiscard]] virtual Result<std::vector<CannedResponse>> listCannedResponses(
      const TenantId& tenant) = 0;
  // Creates (empty id: a new id is made) or replaces one. ValidationFailed for a shortcut that is
  // not 1–32 of [a-z0-9_-] or a text that is not 1–4096 bytes; Conflict when another of the
  // tenant's has that shortcut; NotFound for an unknown id.
  virtual void saveCannedResponse(CannedResponse response, Done<CannedResponse> done) = 0;
  // NotFound if unknown.
  virtual void deleteCannedResponse(TenantId tenant, CannedResponseId id, Done<void> done) = 0;
};

// Idempotency keys on POST (I1): the first request with a key runs; a repeat with the same body
// gets the stored answer; a repeat with another body is a Conflict.
struct IdempotentAnswer {
  int status = 0;
  std::string body;
};

struct IdempotencyReservation {
  bool reserved = false;                 // go ahead, then complete()
  std::optional<IdempotentAnswer> done;  // the stored answer to replay
  bool in_progress = false;              // the first request is still running
  bool mismatch = false;                 // same key, another request
};

class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;
  // `scope` names the caller (token or user id) and route; keys live 24 hours.
  virtual void reserve(TenantId tenant, std::string scope, std::string key,
                       std::string request_hash, Done<IdempotencyReservation> done) = 0;
  // A failed request (status ≥ 500) releases the key instead, so it can be retried.
  virtual void complete(TenantId tenant, std::string scope, std::string key,
                        IdempotentAnswer answer, Done<void> done) = 0;
};

}  // namespace parley::storage
