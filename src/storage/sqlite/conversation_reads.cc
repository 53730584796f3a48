// The conversation store's reads.

#include <algorithm>
#include <functional>
#include <iterator>

#include "storage/sqlite/conversation_rows.h"
#include "storage/sqlite/conversation_store.h"
#include "storage/sqlite/fields.h"

namespace parley::storage::sqlite {
namespace {

constexpr size_t kMaxPage = 1000;
constexpr int64_t kMaxDecisions = 1000;
// Sorts after every conversation id: the cursor of the first page.
constexpr std::string_view kAfterEveryId = "~";

// One query per indexed filter (each index ends in id, so a page is one range scan), all with the
// same numbered parameters: ?1 tenant, ?2 state, ?3 agent, ?4 contact, ?5 the cursor, ?6 the limit,
// ?7 channel, ?8 category, ?9 created from, ?10 created before, ?11 unanswered (its newest message,
// one step down messages_by_conversation, is inbound).
#define PARLEY_CONVERSATION_FILTERS                                                            \
  "AND (?2 IS NULL OR state = ?2) AND (?3 IS NULL OR agent_id = ?3) "                          \
  "AND (?4 IS NULL OR contact_id = ?4) AND (?7 IS NULL OR channel = ?7) "                      \
  "AND (?8 IS NULL OR category_id = ?8) AND (?9 IS NULL OR created_at >= ?9) "                 \
  "AND (?10 IS NULL OR created_at < ?10) AND (?11 = 0 OR (SELECT m.direction FROM messages m " \
  "WHERE m.tenant_id = ?1 AND m.conversation_id = conversations.id ORDER BY m.seq DESC "       \
  "LIMIT 1) = 'inbound') AND id < ?5 ORDER BY id DESC LIMIT ?6"
// Left alone, the planner walks the tenant's conversations newest first (no sort) and filters:
// 130 ms for one contact among a million (bench/supervisor_bench.cc).
constexpr const char* kConversationsOfContact = PARLEY_SELECT_CONVERSATION
    "INDEXED BY conversations_by_contact "
    "WHERE tenant_id = ?1 AND contact_id = ?4 " PARLEY_CONVERSATION_FILTERS;
constexpr const char* kConversationsOfAgent = PARLEY_SELECT_CONVERSATION
    "INDEXED BY conversations_by_agent "
    "WHERE tenant_id = ?1 AND agent_id = ?3 " PARLEY_CONVERSATION_FILTERS;
// A creation period with both ends: the period's rows, sorted (a day among a million: ~11,000),
// instead of walking every newer conversation to reach it.
constexpr const char* kConversationsCreatedBetween = PARLEY_SELECT_CONVERSATION
    "INDEXED BY conversations_by_creation "
    "WHERE tenant_id = ?1 AND created_at >= ?9 AND created_at < ?10 " PARLEY_CONVERSATION_FILTERS;
constexpr const char* kConversationsInState =
    PARLEY_SELECT_CONVERSATION "WHERE tenant_id = ?1 AND state = ?2 " PARLEY_CONVERSATION_FILTERS;
constexpr const char* kConversationsOfTenant =
    PARLEY_SELECT_CONVERSATION "WHERE tenant_id = ?1 " PARLEY_CONVERSATION_FILTERS;

#define PARLEY_SELECT_HANDLING_STATS                   \
  "SELECT count(*), count(first_response_at), "        \
  "coalesce(sum(first_response_at - created_at), 0), " \
  "coalesce(sum(closed_at - created_at), 0) FROM conversations "

Result<HandlingStats> handlingStatsFromRow(Statement& query) {
  if (!query.step()) {
    return std::unexpected(query.error().value_or(Error{ErrorCode::Internal, "no row"}));
  }
  HandlingStats stats;
  stats.closed = query.integer(0);
  const int64_t answered = query.integer(1);
  if (answered > 0) {
    stats.average_first_response_seconds =
        static_cast<double>(query.integer(2)) / 1000.0 / static_cast<double>(answered);
  }
  if (stats.closed > 0) {
    stats.average_handling_seconds =
        static_cast<double>(query.integer(3)) / 1000.0 / static_cast<double>(stats.closed);
  }
  return stats;
}

Result<std::vector<Conversation>> conversationsFrom(Statement& query) {
  std::vector<Conversation> conversations;
  while (query.step()) {
    auto conversation = conversationFromRow(query);
    if (!conversation) {
      return std::unexpected(conversation.error());
    }
    conversations.push_back(std::move(*conversation));
  }
  if (query.error()) {
    return std::unexpected(*query.error());
  }
  return conversations;
}

// Where a message cursor points: 0 before the first message.
Result<int64_t> messageSeq(Connection& db, const TenantId& tenant, const ConversationId& id,
                           const std::string& message) {
  if (message.empty()) {
    return 0;
  }
  auto query = db.statement(
      "SELECT seq FROM messages WHERE tenant_id = ? AND id = ? AND conversation_id = ?");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant.value).bind(2, message).bind(3, id.value);
  if (!scope->step()) {
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return fail(ErrorCode::ValidationFailed, "the cursor is not a message of that conversation");
  }
  return scope->integer(0);
}

}  // namespace

Result<Conversation> SqliteConversationStore::findConversation(const TenantId& tenant,
                                                               const ConversationId& id) {
  return database_.read([&](Connection& db) { return loadConversation(db, tenant, id); });
}

Result<std::vector<Conversation>> SqliteConversationStore::listConversations(
    const TenantId& tenant, const ConversationFilter& filter) {
  const size_t limit = std::min(filter.limit, kMaxPage);
  if (limit == 0) {
    return std::vector<Conversation>();
  }
  // Several contacts (a customer search's finds): a page of each, merged newest first.
  std::vector<std::optional<ContactId>> contacts;
  if (filter.contact_ids.empty()) {
    contacts.push_back(filter.contact_id);
  } else {
    contacts.assign(filter.contact_ids.begin(), filter.contact_ids.end());
  }
  const auto optionalText = [](const auto& id) {
    return id ? std::optional<std::string>(id->value) : std::nullopt;
  };
  const auto optionalMillis = [](const std::optional<TimePoint>& at) {
    return at ? std::optional<int64_t>(toUnixMillis(*at)) : std::nullopt;
  };
  return database_.read([&](Connection& db) -> Result<std::vector<Conversation>> {
    std::vector<Conversation> page;
    for (const std::optional<ContactId>& contact : contacts) {
      // Sorting a period's rows pays while the period is short; a long one is cheaper walked.
      const bool period = filter.created_from && filter.created_before &&
                          *filter.created_before - *filter.created_from <= std::chrono::days(7);
      const char* sql = contact           ? kConversationsOfContact
                        : filter.agent_id ? kConversationsOfAgent
                        : period          ? kConversationsCreatedBetween
                        : filter.state    ? kConversationsInState
                                          : kConversationsOfTenant;
      auto query = db.statement(sql);
      if (!query) {
        return std::unexpected(query.error());
      }
      StatementScope scope(**query);
      scope->bind(1, tenant.value)
          .bindOptionalText(
              2, filter.state ? std::optional<std::string>(conversationStateName(*filter.state))
                              : std::nullopt)
          .bindOptionalText(3, optionalText(filter.agent_id))
          .bindOptionalText(4, optionalText(contact))
          .bind(5, filter.after.empty() ? kAfterEveryId : std::string_view(filter.after))
          .bind(6, static_cast<int64_t>(limit))
          .bindOptionalText(7, filter.channel)
          .bindOptionalText(8, optionalText(filter.category_id))
          .bindOptionalInteger(9, optionalMillis(filter.created_from))
          .bindOptionalInteger(10, optionalMillis(filter.created_before))
          .bind(11, int64_t{filter.unanswered});
      auto found = conversationsFrom(*scope);
      if (!found) {
        return std::unexpected(found.error());
      }
      std::ranges::move(*found, std::back_inserter(page));
    }
    if (contacts.size() > 1) {
      std::ranges::sort(page, std::greater<>(), [](const Conversation& c) { return c.id.value; });
      if (page.size() > limit) {
        page.resize(limit);
      }
    }
    return page;
  });
}

Result<std::vector<Conversation>> SqliteConversationStore::listOpenConversations(
    const TenantId& tenant) {
  return database_.read([&](Connection& db) -> Result<std::vector<Conversation>> {
    // Left alone, the planner would walk every conversation of the tenant, closed ones too.
    auto query =
        db.statement(PARLEY_SELECT_CONVERSATION
                     "INDEXED BY conversations_by_state "
                     "WHERE tenant_id = ? AND state IN ('queued', 'assigned') ORDER BY id");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value);
    return conversationsFrom(*scope);
  });
}

namespace {

Result<std::vector<Message>> collectMessages(StatementScope& scope,
                                             const std::optional<privacy::SecretKey>& key) {
  std::vector<Message> messages;
  while (scope->step()) {
    auto message = messageFromRow(*scope, key);
    if (!message) {
      return std::unexpected(message.error());
    }
    messages.push_back(std::move(*message));
  }
  if (scope->error()) {
    return std::unexpected(*scope->error());
  }
  return messages;
}

}  // namespace

Result<std::vector<UsageRecord>> SqliteConversationStore::listUsage(const TenantId& tenant,
                                                                    TimePoint from, TimePoint until,
                                                                    const UsageCursor& after,
                                                                    size_t limit) {
  return database_.read([&](Connection& db) -> Result<std::vector<UsageRecord>> {
    auto query = db.statement(
        "SELECT m.id, m.conversation_id, m.channel, m.direction, m.created_at, m.status, "
        "m.status_reason, c.category_id, c.agent_id, m.author_id, "
        "CASE WHEN c.anonymised_at IS NULL THEN c.contact_id END "
        "FROM messages m INDEXED BY messages_by_time JOIN conversations c "
        "ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id "
        "WHERE m.tenant_id = ?1 AND m.created_at < ?3 "
        "AND (m.created_at > ?2 OR (m.created_at = ?2 AND m.id > ?4)) "
        "ORDER BY m.created_at, m.id LIMIT ?5");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    const bool first_page = after.message.empty();
    scope->bind(1, tenant.value)
        .bind(2, toUnixMillis(first_page ? from : after.at))
        .bind(3, toUnixMillis(until))
        .bind(4, first_page ? std::string_view("") : std::string_view(after.message))
        .bind(5, static_cast<int64_t>(limit));
    std::vector<UsageRecord> records;
    while (scope->step()) {
      UsageRecord record{.message = MessageId{scope->text(0)},
                         .conversation = ConversationId{scope->text(1)},
                         .channel = scope->text(2),
                         .direction = scope->text(3),
                         .at = fromUnixMillis(scope->integer(4)),
                         .status = scope->text(5),
                         .status_reason = scope->optionalText(6)};
      if (auto category = scope->optionalText(7)) {
        record.category = CategoryId{*category};
      }
      if (auto agent = scope->optionalText(8)) {
        record.agent = UserId{*agent};
      }
      if (auto author = scope->optionalText(9)) {
        record.author = UserId{*author};
      }
      if (auto contact = scope->optionalText(10)) {
        record.contact = ContactId{*contact};
      }
      records.push_back(std::move(record));
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return records;
  });
}

Result<std::vector<Message>> SqliteConversationStore::listMessages(const TenantId& tenant,
                                                                   const ConversationId& id,
                                                                   const std::string& after,
                                                                   size_t limit) {
  return database_.read([&](Connection& db) -> Result<std::vector<Message>> {
    auto sealing = sealingOf(db, tenant, id);
    if (!sealing) {
      return std::unexpected(sealing.error());
    }
    auto after_seq = messageSeq(db, tenant, id, after);
    if (!after_seq) {
      return std::unexpected(after_seq.error());
    }
    auto query = db.statement(PARLEY_SELECT_MESSAGE
                              "WHERE tenant_id = ? AND conversation_id = ? AND seq > ? "
                              "ORDER BY seq LIMIT ?");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value)
        .bind(2, id.value)
        .bind(3, *after_seq)
        .bind(4, static_cast<int64_t>(std::min(limit, kMaxPage)));
    return collectMessages(scope, sealing->key);
  });
}

Result<std::vector<Message>> SqliteConversationStore::listLatestMessages(const TenantId& tenant,
                                                                         const ConversationId& id,
                                                                         size_t limit) {
  return database_.read([&](Connection& db) -> Result<std::vector<Message>> {
    auto sealing = sealingOf(db, tenant, id);
    if (!sealing) {
      return std::unexpected(sealing.error());
    }
    auto query = db.statement(PARLEY_SELECT_MESSAGE
                              "WHERE tenant_id = ? AND conversation_id = ? "
                              "ORDER BY seq DESC LIMIT ?");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value)
        .bind(2, id.value)
        .bind(3, static_cast<int64_t>(std::min(limit, kMaxPage)));
    auto messages = collectMessages(scope, sealing->key);
    if (messages) {
      std::reverse(messages->begin(), messages->end());
    }
    return messages;
  });
}

Result<std::vector<Note>> SqliteConversationStore::listNotes(const TenantId& tenant,
                                                             const ConversationId& id) {
  return database_.read([&](Connection& db) -> Result<std::vector<Note>> {
    auto sealing = sealingOf(db, tenant, id);
    if (!sealing) {
      return std::unexpected(sealing.error());
    }
    auto query = db.statement(
        "SELECT id, author_id, text_enc, created_at FROM notes "
        "WHERE tenant_id = ? AND conversation_id = ? ORDER BY id");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, id.value);
    std::vector<Note> notes;
    while (scope->step()) {
      Note note{.tenant_id = tenant,
                .id = NoteId{scope->text(0)},
                .conversation_id = id,
                .author_id = UserId{scope->text(1)},
                .created_at = fromUnixMillis(scope->integer(3))};
      if (sealing->key) {  // else erased: the text is gone
        auto text =
            openField(*sealing->key, tenant, kNoteEntity, note.id.value, "text", scope->blob(2));
        if (!text) {
          return fail(ErrorCode::Internal, "note does not decrypt");
        }
        note.text = std::move(*text);
      }
      notes.push_back(std::move(note));
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return notes;
  });
}

Result<std::vector<RoutingDecision>> SqliteConversationStore::listDecisions(
    const TenantId& tenant, const ConversationId& id) {
  return database_.read([&](Connection& db) -> Result<std::vector<RoutingDecision>> {
    if (auto conversation = loadConversation(db, tenant, id); !conversation) {
      return std::unexpected(conversation.error());
    }
    auto query = db.statement(
        "SELECT seq, at, cause, agent_id, explanation_json FROM (SELECT * FROM routing_decisions "
        "WHERE tenant_id = ? AND conversation_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, id.value).bind(3, kMaxDecisions);
    std::vector<RoutingDecision> decisions;
    while (scope->step()) {
      auto agent = scope->optionalText(3);
      decisions.push_back(RoutingDecision{
          .conversation_id = id,
          .seq = scope->integer(0),
          .at = fromUnixMillis(scope->integer(1)),
          .cause = scope->text(2),
          .agent_id = agent ? std::optional(UserId{std::move(*agent)}) : std::nullopt,
          .explanation_json = scope->text(4)});
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return decisions;
  });
}

Result<HandlingStats> SqliteConversationStore::handlingStats(const TenantId& tenant,
                                                             TimePoint since) {
  return database_.read([&](Connection& db) -> Result<HandlingStats> {
    auto query = db.statement(PARLEY_SELECT_HANDLING_STATS
                              "WHERE tenant_id = ? AND closed_at >= ? AND state = 'closed'");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, toUnixMillis(since));
    return handlingStatsFromRow(*scope);
  });
}

Result<HandlingStats> SqliteConversationStore::agentHandlingStats(const TenantId& tenant,
                                                                  const UserId& agent,
                                                                  TimePoint since) {
  return database_.read([&](Connection& db) -> Result<HandlingStats> {
    auto query = db.statement(PARLEY_SELECT_HANDLING_STATS
                              "WHERE tenant_id = ? AND closed_at >= ? AND state = 'closed' "
                              "AND agent_id = ?");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, toUnixMillis(since)).bind(3, agent.value);
    return handlingStatsFromRow(*scope);
  });
}

Result<WindowStats> SqliteConversationStore::windowStats(const TenantId& tenant, TimePoint now,
                                                         TimePoint day_start) {
  return database_.read([&](Connection& db) -> Result<WindowStats> {
    // Through the window index: only conversations whose window ends between the start of the
    // day and an hour from now are looked at; each one's last message tells if it is unanswered.
    auto query = db.statement(
        "SELECT coalesce(sum(reply_window_closes_at >= ?2 AND state != 'closed'), 0), "
        "coalesce(sum(reply_window_closes_at < ?2), 0) "
        "FROM conversations AS c INDEXED BY conversations_by_window "
        "WHERE tenant_id = ?1 AND reply_window_closes_at >= ?3 AND reply_window_closes_at < ?4 "
        "AND (SELECT direction FROM messages AS m WHERE m.tenant_id = c.tenant_id "
        "AND m.conversation_id = c.id ORDER BY seq DESC LIMIT 1) = 'inbound'");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value)
        .bind(2, toUnixMillis(now))
        .bind(3, toUnixMillis(day_start))
        .bind(4, toUnixMillis(now + std::chrono::hours(1)));
    if (!scope->step()) {
      return std::unexpected(scope->error().value_or(Error{ErrorCode::Internal, "no row"}));
    }
    return WindowStats{.closing_within_hour = scope->integer(0),
                       .expired_unanswered_today = scope->integer(1)};
  });
}

Result<bool> SqliteConversationStore::hasProviderMessage(const TenantId& tenant,
                                                         const std::string& channel,
                                                         const std::string& provider_id) {
  return database_.read([&](Connection& db) -> Result<bool> {
    auto query = db.statement(
        "SELECT 1 FROM messages WHERE tenant_id = ? AND channel = ? AND provider_message_id = ?");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, channel).bind(3, provider_id);
    if (scope->step()) {
      return true;
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return false;
  });
}

}  // namespace parley::storage::sqlite
