#include "storage/sqlite/report_store.h"

#include <initializer_list>
#include <string>
#include <variant>

#include "storage/sqlite/report_counts.h"

namespace parley::storage::sqlite {
namespace {

using reports::BucketRow;
using reports::CountsRow;
using reports::GroupBy;
using reports::Measure;
using reports::ReportBuilder;
using reports::ReportQuery;
using Bind = std::variant<std::string_view, int64_t>;

// The dimension a grouping reads; reports by time add up the channels of each period (every
// count has a channel).
ReportDimension dimensionOf(GroupBy group_by) {
  switch (group_by) {
    case GroupBy::Category:
      return ReportDimension::Category;
    case GroupBy::Agent:
      return ReportDimension::Agent;
    default:
      return ReportDimension::Channel;
  }
}

// Runs `sql` with `binds` (from 1), each row to `row`.
template <class Row>
Result<void> forEachRow(Connection& db, const char* sql, std::initializer_list<Bind> binds,
                        Row&& row) {
  auto query = db.statement(sql);
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  int index = 1;
  for (const Bind& bind : binds) {
    std::visit([&](const auto& value) { scope->bind(index++, value); }, bind);
  }
  while (scope->step()) {
    row(*scope);
  }
  if (scope->error()) {
    return std::unexpected(*scope->error());
  }
  return {};
}

// ---- the aggregates ----

constexpr const char* kStoredRows =
    "SELECT start, value, received, handled, abandoned, missed_offers, first_response, handling, "
    "waiting FROM report_counts WHERE tenant_id = ? AND span = ? AND dimension = ? "
    "AND start >= ? AND start < ?";

// Adds the stored rows of `span` from `first` to before `end` to the report.
Result<void> addStored(Connection& db, ReportBuilder& builder, const TenantId& tenant,
                       const ReportQuery& query, ReportSpan span, int64_t first, int64_t end) {
  if (first >= end) {
    return {};
  }
  const bool by_time = query.group_by == GroupBy::Hour || query.group_by == GroupBy::Day;
  return forEachRow(
      db, kStoredRows,
      {tenant.value, static_cast<int64_t>(span), static_cast<int64_t>(dimensionOf(query.group_by)),
       first, end},
      [&](const Statement& row) {
        const int64_t start = row.integer(0);
        const std::string group =
            by_time ? std::to_string(span == ReportSpan::Day ? start * 24 : start) : row.text(1);
        builder.add(CountsRow{.group = group,
                              .received = row.integer(2),
                              .handled = row.integer(3),
                              .abandoned = row.integer(4),
                              .missed_offers = row.integer(5)});
        for (int m = 0; m < reports::kMeasures; ++m) {
          if (!row.isNull(6 + m)) {
            builder.add(group, static_cast<Measure>(m), reports::decodeBuckets(row.blob(6 + m)));
          }
        }
      });
}

// ---- the raw rows ----

// The group a raw row belongs to: its hour for a report by time, else the grouping's column.
std::string rawGroup(const ReportQuery& query, int64_t at_millis, const Statement& row) {
  if (query.group_by == GroupBy::Hour || query.group_by == GroupBy::Day) {
    return std::to_string(reports::hourOf(fromUnixMillis(at_millis)));
  }
  return row.optionalText(static_cast<int>(dimensionOf(query.group_by))).value_or("");
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
  const int64_t first_hour = reports::hourOf(query.from);
  const int64_t end_hour = reports::hourOf(query.until);
  // Whole UTC days from their day rows and the hours around them from hour rows; reports by hour,
  // and by local days that are not UTC days, from hour rows alone.
  int64_t first_day = reportDayOfHour(first_hour + 23);
  int64_t end_day = reportDayOfHour(end_hour);
  const bool hours_only = query.group_by == GroupBy::Hour ||
                          (query.group_by == GroupBy::Day && query.utc_offset_minutes != 0);
  if (hours_only || first_day >= end_day) {
    first_day = end_day = 0;
  }
  const bool days = first_day < end_day;
  return database_.read([&](Connection& db) -> Result<reports::ConversationReport> {
    ReportBuilder builder(query);
    for (auto added : {
             addStored(db, builder, tenant, query, ReportSpan::Hour, first_hour,
                       days ? first_day * 24 : end_hour),
             addStored(db, builder, tenant, query, ReportSpan::Day, first_day, end_day),
             addStored(db, builder, tenant, query, ReportSpan::Hour, days ? end_day * 24 : end_hour,
                       end_hour),
         }) {
      if (!added) {
        return std::unexpected(added.error());
      }
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
      return forEachRow(db, sql, {tenant.value, from, until}, row);
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
