#include "storage/sqlite/report_counts.h"

#include <algorithm>

#include "reports/conversation_report.h"
#include "reports/duration_buckets.h"
#include "storage/sqlite/conversation_rows.h"

namespace parley::storage::sqlite {
namespace {

using reports::Measure;

// Where a count is kept: when it happened, and the conversation's channel, category and agent.
struct Where {
  const Conversation& conversation;
  TimePoint at;
  std::optional<UserId> agent;
};

struct Counts {
  int64_t received = 0, handled = 0, abandoned = 0, missed_offers = 0;
};

// Each count goes to six rows: its hour and its UTC day, for each of its three dimensions.
template <class Row>
Result<void> forEachRow(const Where& where, Row&& row) {
  const Conversation& c = where.conversation;
  const int64_t hour = reports::hourOf(where.at);
  const std::string values[3] = {c.channel, c.category_id ? c.category_id->value : std::string(),
                                 where.agent ? where.agent->value : std::string()};
  for (const ReportSpan span : {ReportSpan::Hour, ReportSpan::Day}) {
    const int64_t start = span == ReportSpan::Hour ? hour : reportDayOfHour(hour);
    for (const ReportDimension dimension :
         {ReportDimension::Channel, ReportDimension::Category, ReportDimension::Agent}) {
      auto done = row(span, dimension, start, values[static_cast<int>(dimension) - 1]);
      if (!done) {
        return done;
      }
    }
  }
  return {};
}

Statement& bindKey(Statement& statement, const Where& where, ReportSpan span,
                   ReportDimension dimension, int64_t start, const std::string& value) {
  return statement.bind(1, where.conversation.tenant_id.value)
      .bind(2, static_cast<int64_t>(span))
      .bind(3, static_cast<int64_t>(dimension))
      .bind(4, start)
      .bind(5, value);
}

#define PARLEY_REPORT_KEY "tenant_id, span, dimension, start, value"

Result<void> addCounts(Connection& db, const Where& where, const Counts& counts) {
  return forEachRow(
      where,
      [&](ReportSpan span, ReportDimension dimension, int64_t start,
          const std::string& value) -> Result<void> {
        auto upsert = db.statement(
            "INSERT INTO report_counts (" PARLEY_REPORT_KEY
            ", received, handled, abandoned, missed_offers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (" PARLEY_REPORT_KEY
            ") DO UPDATE SET received = received + excluded.received, "
            "handled = handled + excluded.handled, abandoned = abandoned + excluded.abandoned, "
            "missed_offers = missed_offers + excluded.missed_offers");
        if (!upsert) {
          return std::unexpected(upsert.error());
        }
        StatementScope scope(**upsert);
        bindKey(*scope, where, span, dimension, start, value)
            .bind(6, counts.received)
            .bind(7, counts.handled)
            .bind(8, counts.abandoned)
            .bind(9, counts.missed_offers);
        return scope->run();
      });
}

// One statement pair per measure's column, each a literal for the statement cache.
#define PARLEY_READ_DURATIONS(column)                                       \
  "SELECT " column                                                          \
  " FROM report_counts WHERE tenant_id = ? AND span = ? AND dimension = ? " \
  "AND start = ? AND value = ?"
#define PARLEY_WRITE_DURATIONS(column)                        \
  "INSERT INTO report_counts (" PARLEY_REPORT_KEY ", " column \
  ") VALUES (?, ?, ?, ?, ?, ?) "                              \
  "ON CONFLICT (" PARLEY_REPORT_KEY ") DO UPDATE SET " column " = excluded." column
constexpr const char* kReadDurations[reports::kMeasures] = {PARLEY_READ_DURATIONS("first_response"),
                                                            PARLEY_READ_DURATIONS("handling"),
                                                            PARLEY_READ_DURATIONS("waiting")};
constexpr const char* kWriteDurations[reports::kMeasures] = {
    PARLEY_WRITE_DURATIONS("first_response"), PARLEY_WRITE_DURATIONS("handling"),
    PARLEY_WRITE_DURATIONS("waiting")};
#undef PARLEY_READ_DURATIONS
#undef PARLEY_WRITE_DURATIONS
#undef PARLEY_REPORT_KEY

Result<void> addDuration(Connection& db, const Where& where, Measure measure, TimePoint since) {
  const int64_t millis = toUnixMillis(where.at) - toUnixMillis(since);
  const auto m = static_cast<size_t>(measure);
  return forEachRow(where,
                    [&](ReportSpan span, ReportDimension dimension, int64_t start,
                        const std::string& value) -> Result<void> {
                      auto read = db.statement(kReadDurations[m]);
                      auto write = db.statement(kWriteDurations[m]);
                      if (!read || !write) {
                        return std::unexpected(!read ? read.error() : write.error());
                      }
                      std::string buckets;
                      {
                        StatementScope scope(**read);
                        if (bindKey(*scope, where, span, dimension, start, value).step()) {
                          buckets = scope->optionalBlob(0).value_or("");
                        }
                        if (scope->error()) {
                          return std::unexpected(*scope->error());
                        }
                      }
                      StatementScope scope(**write);
                      bindKey(*scope, where, span, dimension, start, value)
                          .bindBlob(6, reports::withDuration(buckets, millis));
                      return scope->run();
                    });
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
  // not a wait. A conversation counted as stored (no `before`) and closed since was held if it
  // kept an agent.
  const bool was_held = held(after) || (!before && after.state == ConversationState::Closed &&
                                        after.agent_id && after.assigned_at);
  if (!was_held || (before && held(*before)) || !after.assigned_at) {
    return {};
  }
  const TimePoint at = std::max(*after.assigned_at, after.enqueued_at);
  return addDuration(db, {.conversation = after, .at = at, .agent = after.agent_id},
                     Measure::Waiting, after.enqueued_at);
}

Result<void> countMissedOffers(Connection& db, const Conversation* before,
                               const Conversation& after) {
  // The offer expired at its deadline; a conversation stored without one counts at its enqueueing.
  const TimePoint at =
      before && before->offer_deadline ? *before->offer_deadline : after.enqueued_at;
  // Each agent's new misses: more of them in the list than before (the engine also drops a removed
  // agent's name, so the list's length alone would miss some).
  for (size_t i = 0; i < after.missed_by.size(); ++i) {
    const UserId& agent = after.missed_by[i];
    if (std::find(after.missed_by.begin(), after.missed_by.begin() + i, agent) !=
        after.missed_by.begin() + i) {
      continue;  // counted with its first mention
    }
    const auto now = std::ranges::count(after.missed_by, agent);
    const auto was = before ? std::ranges::count(before->missed_by, agent) : 0;
    if (now <= was) {
      continue;
    }
    auto counted = addCounts(db, {.conversation = after, .at = at, .agent = agent},
                             {.missed_offers = now - was});
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
  // An agent only offered it (closed before accepting) did not handle it. A reply before the
  // conversation was reopened does not answer what came after.
  const bool was_held = !before || held(*before);
  const std::optional<UserId> agent = was_held ? after.agent_id : std::nullopt;
  const Where where{.conversation = after, .at = *after.closed_at, .agent = agent};
  const bool answered = after.first_response_at && *after.first_response_at >= after.enqueued_at;
  auto counted = addCounts(db, where, {.handled = answered ? 1 : 0, .abandoned = answered ? 0 : 1});
  if (!counted || !agent || !after.assigned_at) {
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
