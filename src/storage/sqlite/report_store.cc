#include "storage/sqlite/report_store.h"

#include <array>

namespace parley::storage::sqlite {
namespace {

using reports::BucketRow;
using reports::CountsRow;
using reports::GroupBy;
using reports::Measure;
using reports::ReportBuilder;
using reports::ReportQuery;

// Which stored column a grouping adds up by (a day is 24 hours added up by the builder). One SQL
// text per grouping, each a literal, for the statement cache.
size_t groupIndex(GroupBy group_by) {
  switch (group_by) {
    case GroupBy::Channel:
      return 1;
    case GroupBy::Category:
      return 2;
    case GroupBy::Agent:
      return 3;
    case GroupBy::Hour:
    case GroupBy::Day:
      break;
  }
  return 0;
}

#define PARLEY_REPORT_COUNTS(column)                                   \
  "SELECT " column                                                     \
  ", sum(received), sum(handled), sum(abandoned), sum(missed_offers) " \
  "FROM report_hours WHERE tenant_id = ? AND hour >= ? AND hour < ? GROUP BY " column
#define PARLEY_REPORT_DURATIONS(column)                               \
  "SELECT " column                                                    \
  ", measure, bucket, sum(count), sum(sum_ms) FROM report_durations " \
  "WHERE tenant_id = ? AND hour >= ? AND hour < ? GROUP BY " column ", measure, bucket"

constexpr std::array<const char*, 4> kCounts{
    PARLEY_REPORT_COUNTS("CAST(hour AS TEXT)"), PARLEY_REPORT_COUNTS("channel"),
    PARLEY_REPORT_COUNTS("category_id"), PARLEY_REPORT_COUNTS("agent_id")};
constexpr std::array<const char*, 4> kDurations{
    PARLEY_REPORT_DURATIONS("CAST(hour AS TEXT)"), PARLEY_REPORT_DURATIONS("channel"),
    PARLEY_REPORT_DURATIONS("category_id"), PARLEY_REPORT_DURATIONS("agent_id")};

#undef PARLEY_REPORT_COUNTS
#undef PARLEY_REPORT_DURATIONS

// Runs `sql` over the period's hours (or milliseconds, for the raw rows), each row to `row`.
template <class Row>
Result<void> forEachRow(Connection& db, const char* sql, const TenantId& tenant, int64_t from,
                        int64_t until, Row&& row) {
  auto query = db.statement(sql);
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant.value).bind(2, from).bind(3, until);
  while (scope->step()) {
    row(*scope);
  }
  if (scope->error()) {
    return std::unexpected(*scope->error());
  }
  return {};
}

Measure measureOf(int64_t stored) {
  return stored == 1 ? Measure::Handling : stored == 2 ? Measure::Waiting : Measure::FirstResponse;
}

// ---- the raw rows ----

// The group a raw row belongs to: its hour for a report by time, else the grouping's column.
std::string rawGroup(const ReportQuery& query, int64_t at_millis, const Statement& row) {
  const size_t index = groupIndex(query.group_by);
  if (index == 0) {
    return std::to_string(reports::hourOf(fromUnixMillis(at_millis)));
  }
  return row.optionalText(static_cast<int>(index)).value_or("");
}

void addRawDuration(ReportBuilder& builder, std::string group, Measure measure, int64_t millis) {
  millis = std::max<int64_t>(0, millis);
  builder.add(
      BucketRow{.group = std::move(group),
                .measure = measure,
                .bucket = {.bucket = reports::bucketOf(millis), .count = 1, .sum_millis = millis}});
}

// Columns 1-3 of each query are channel, category and agent, as rawGroup reads them.
constexpr const char* kRawArrivals =
    "SELECT created_at, channel, category_id, '' FROM conversations "
    "WHERE tenant_id = ? AND created_at >= ? AND created_at < ?";
constexpr const char* kRawCloses =
    "SELECT closed_at, channel, category_id, agent_id, first_response_at IS NOT NULL, assigned_at "
    "FROM conversations WHERE tenant_id = ? AND closed_at >= ? AND closed_at < ?";
constexpr const char* kRawFirstResponses =
    "SELECT first_response_at, channel, category_id, agent_id, created_at FROM conversations "
    "WHERE tenant_id = ? AND first_response_at >= ? AND first_response_at < ?";
constexpr const char* kRawWaits =
    "SELECT assigned_at, channel, category_id, agent_id, enqueued_at FROM conversations "
    "WHERE tenant_id = ? AND assigned_at >= ? AND assigned_at < ? AND agent_id IS NOT NULL "
    "AND offer_deadline IS NULL";
constexpr const char* kRawMissedOffers =
    "SELECT d.at, c.channel, c.category_id, d.agent_id FROM routing_decisions d "
    "JOIN conversations c ON c.tenant_id = d.tenant_id AND c.id = d.conversation_id "
    "WHERE d.tenant_id = ? AND d.at >= ? AND d.at < ? AND d.cause = 'offer_expired'";

}  // namespace

Result<reports::ConversationReport> SqliteReportStore::conversationReport(
    const TenantId& tenant, const ReportQuery& query) {
  const int64_t from = reports::hourOf(query.from);
  const int64_t until = reports::hourOf(query.until);
  const size_t index = groupIndex(query.group_by);
  return database_.read([&](Connection& db) -> Result<reports::ConversationReport> {
    ReportBuilder builder(query);
    auto counted = forEachRow(db, kCounts[index], tenant, from, until, [&](const Statement& row) {
      builder.add(CountsRow{.group = row.text(0),
                            .received = row.integer(1),
                            .handled = row.integer(2),
                            .abandoned = row.integer(3),
                            .missed_offers = row.integer(4)});
    });
    if (!counted) {
      return std::unexpected(counted.error());
    }
    auto timed = forEachRow(db, kDurations[index], tenant, from, until, [&](const Statement& row) {
      builder.add(BucketRow{.group = row.text(0),
                            .measure = measureOf(row.integer(1)),
                            .bucket = {.bucket = static_cast<int>(row.integer(2)),
                                       .count = row.integer(3),
                                       .sum_millis = row.integer(4)}});
    });
    if (!timed) {
      return std::unexpected(timed.error());
    }
    return std::move(builder).finish();
  });
}

Result<reports::ConversationReport> recountConversationReport(Database& database,
                                                              const TenantId& tenant,
                                                              const ReportQuery& query) {
  const int64_t from = toUnixMillis(query.from);
  const int64_t until = toUnixMillis(query.until);
  return database.read([&](Connection& db) -> Result<reports::ConversationReport> {
    ReportBuilder builder(query);
    auto each = [&](const char* sql, auto&& row) {
      return forEachRow(db, sql, tenant, from, until, row);
    };
    for (auto step : {
             each(kRawArrivals,
                  [&](const Statement& row) {
                    builder.add(
                        CountsRow{.group = rawGroup(query, row.integer(0), row), .received = 1});
                  }),
             each(kRawCloses,
                  [&](const Statement& row) {
                    const std::string group = rawGroup(query, row.integer(0), row);
                    const bool answered = row.integer(4) != 0;
                    builder.add(
                        CountsRow{.group = group, .handled = answered, .abandoned = !answered});
                    if (!row.isNull(3) && !row.isNull(5)) {
                      addRawDuration(builder, group, Measure::Handling,
                                     row.integer(0) - row.integer(5));
                    }
                  }),
             each(kRawFirstResponses,
                  [&](const Statement& row) {
                    addRawDuration(builder, rawGroup(query, row.integer(0), row),
                                   Measure::FirstResponse, row.integer(0) - row.integer(4));
                  }),
             each(kRawWaits,
                  [&](const Statement& row) {
                    addRawDuration(builder, rawGroup(query, row.integer(0), row), Measure::Waiting,
                                   row.integer(0) - row.integer(4));
                  }),
             each(kRawMissedOffers,
                  [&](const Statement& row) {
                    builder.add(CountsRow{.group = rawGroup(query, row.integer(0), row),
                                          .missed_offers = 1});
                  }),
         }) {
      if (!step) {
        return std::unexpected(step.error());
      }
    }
    return std::move(builder).finish();
  });
}

}  // namespace parley::storage::sqlite
