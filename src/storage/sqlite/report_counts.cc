#include "storage/sqlite/report_counts.h"

#include <algorithm>

#include "reports/conversation_report.h"
#include "reports/duration_buckets.h"
#include "storage/sqlite/conversation_rows.h"

namespace parley::storage::sqlite {
namespace {

using reports::Measure;

// Who a count is kept for: the hour it happened in, and the conversation's channel, category and
// agent ("" for none).
struct Where {
  const Conversation& conversation;
  TimePoint at;
  std::optional<UserId> agent;
};

struct Counts {
  int64_t received = 0, handled = 0, abandoned = 0, missed_offers = 0;
};

Result<void> addCounts(Connection& db, const Where& where, const Counts& counts) {
  auto upsert = db.statement(
      "INSERT INTO report_hours (tenant_id, hour, channel, category_id, agent_id, received, "
      "handled, abandoned, missed_offers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (tenant_id, hour, channel, category_id, agent_id) DO UPDATE SET "
      "received = received + excluded.received, handled = handled + excluded.handled, "
      "abandoned = abandoned + excluded.abandoned, "
      "missed_offers = missed_offers + excluded.missed_offers");
  if (!upsert) {
    return std::unexpected(upsert.error());
  }
  const Conversation& c = where.conversation;
  StatementScope scope(**upsert);
  scope->bind(1, c.tenant_id.value)
      .bind(2, reports::hourOf(where.at))
      .bind(3, c.channel)
      .bind(4, c.category_id ? c.category_id->value : std::string())
      .bind(5, where.agent ? where.agent->value : std::string())
      .bind(6, counts.received)
      .bind(7, counts.handled)
      .bind(8, counts.abandoned)
      .bind(9, counts.missed_offers);
  return scope->run();
}

Result<void> addDuration(Connection& db, const Where& where, Measure measure, TimePoint since) {
  const int64_t millis = std::max<int64_t>(0, toUnixMillis(where.at) - toUnixMillis(since));
  auto upsert = db.statement(
      "INSERT INTO report_durations (tenant_id, hour, measure, channel, category_id, agent_id, "
      "bucket, count, sum_ms) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?) "
      "ON CONFLICT (tenant_id, hour, measure, channel, category_id, agent_id, bucket) DO UPDATE "
      "SET count = count + 1, sum_ms = sum_ms + excluded.sum_ms");
  if (!upsert) {
    return std::unexpected(upsert.error());
  }
  const Conversation& c = where.conversation;
  StatementScope scope(**upsert);
  scope->bind(1, c.tenant_id.value)
      .bind(2, reports::hourOf(where.at))
      .bind(3, static_cast<int64_t>(measure))
      .bind(4, c.channel)
      .bind(5, c.category_id ? c.category_id->value : std::string())
      .bind(6, where.agent ? where.agent->value : std::string())
      .bind(7, static_cast<int64_t>(reports::bucketOf(millis)))
      .bind(8, millis);
  return scope->run();
}

// An agent holds a conversation once it is assigned and no offer of it waits for acceptance.
bool held(const Conversation& c) {
  return c.state == ConversationState::Assigned && c.agent_id && !c.offer_deadline;
}

// Runs each step until one fails.
template <class... Steps>
Result<void> inOrder(Steps&&... steps) {
  Result<void> result;
  ((result ? (void)(result = steps()) : (void)0), ...);
  return result;
}

Result<void> countArrival(Connection& db, const Conversation* before, const Conversation& after) {
  const bool arrived = !before || (before->state == ConversationState::Closed &&
                                   after.state == ConversationState::Queued);
  if (!arrived) {
    return {};
  }
  return addCounts(db, {.conversation = after, .at = after.enqueued_at}, {.received = 1});
}

Result<void> countHolding(Connection& db, const Conversation* before, const Conversation& after) {
  // From the queue (or an offer) to an agent: how long it waited. A transfer between agents is
  // not a wait.
  if (!held(after) || (before && held(*before)) || !after.assigned_at) {
    return {};
  }
  const TimePoint at = std::max(*after.assigned_at, after.enqueued_at);
  return addDuration(db, {.conversation = after, .at = at, .agent = after.agent_id},
                     Measure::Waiting, after.enqueued_at);
}

Result<void> countMissedOffers(Connection& db, const Conversation* before,
                               const Conversation& after) {
  const size_t known = before ? before->missed_by.size() : 0;
  if (after.missed_by.size() <= known) {
    return {};
  }
  // The offer expired at its deadline; a conversation stored without one counts at its enqueueing.
  const TimePoint at =
      before && before->offer_deadline ? *before->offer_deadline : after.enqueued_at;
  for (size_t i = known; i < after.missed_by.size(); ++i) {
    auto counted = addCounts(db, {.conversation = after, .at = at, .agent = after.missed_by[i]},
                             {.missed_offers = 1});
    if (!counted) {
      return counted;
    }
  }
  return {};
}

Result<void> countFirstResponse(Connection& db, const Conversation* before,
                                const Conversation& after) {
  if (!after.first_response_at || (before && before->first_response_at)) {
    return {};
  }
  return addDuration(
      db, {.conversation = after, .at = *after.first_response_at, .agent = after.agent_id},
      Measure::FirstResponse, after.created_at);
}

Result<void> countClose(Connection& db, const Conversation* before, const Conversation& after) {
  if (after.state != ConversationState::Closed || !after.closed_at ||
      (before && before->state == ConversationState::Closed)) {
    return {};
  }
  const Where where{.conversation = after, .at = *after.closed_at, .agent = after.agent_id};
  const bool answered = after.first_response_at.has_value();
  auto counted = addCounts(db, where, {.handled = answered ? 1 : 0, .abandoned = answered ? 0 : 1});
  if (!counted || !after.agent_id || !after.assigned_at) {
    return counted;
  }
  return addDuration(db, where, Measure::Handling, *after.assigned_at);
}

}  // namespace

Result<void> countForReports(Connection& db, const Conversation* before,
                             const Conversation& after) {
  return inOrder([&] { return countArrival(db, before, after); },
                 [&] { return countMissedOffers(db, before, after); },
                 [&] { return countHolding(db, before, after); },
                 [&] { return countFirstResponse(db, before, after); },
                 [&] { return countClose(db, before, after); });
}

Result<void> countStoredConversationsForReports(Connection& db) {
  auto select = db.statement(PARLEY_SELECT_CONVERSATION "ORDER BY tenant_id, id");
  if (!select) {
    return std::unexpected(select.error());
  }
  StatementScope scope(**select);
  while (scope->step()) {
    auto conversation = conversationFromRow(*scope);
    if (!conversation) {
      return std::unexpected(conversation.error());
    }
    auto counted = countForReports(db, nullptr, *conversation);
    if (!counted) {
      return counted;
    }
  }
  if (scope->error()) {
    return std::unexpected(*scope->error());
  }
  return {};
}

}  // namespace parley::storage::sqlite
