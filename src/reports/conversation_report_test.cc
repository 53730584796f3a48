#include "reports/conversation_report.h"

#include <gtest/gtest.h>

namespace parley::reports {
namespace {

TimePoint at(const char* text) { return *parseRfc3339(text); }

TEST(ConversationReportTest, QueriesAreRoundedToWholeHoursAndBounded) {
  ReportQuery query{.from = at("2026-12-01T10:15:00Z"), .until = at("2026-12-01T12:00:01Z")};
  EXPECT_EQ(normaliseQuery(query), std::nullopt);
  EXPECT_EQ(query.from, at("2026-12-01T10:00:00Z"));
  EXPECT_EQ(query.until, at("2026-12-01T13:00:00Z"));

  ReportQuery backwards{.from = at("2026-12-02T00:00:00Z"), .until = at("2026-12-01T00:00:00Z")};
  EXPECT_TRUE(normaliseQuery(backwards).has_value());
  ReportQuery too_long{.from = at("2025-01-01T00:00:00Z"), .until = at("2026-12-01T00:00:00Z")};
  EXPECT_TRUE(normaliseQuery(too_long).has_value());
  ReportQuery hours{.from = at("2026-10-01T00:00:00Z"),
                    .until = at("2026-12-01T00:00:00Z"),
                    .group_by = GroupBy::Hour};
  EXPECT_TRUE(normaliseQuery(hours).has_value());
  ReportQuery half_hour{.from = at("2026-12-01T00:00:00Z"),
                        .until = at("2026-12-02T00:00:00Z"),
                        .utc_offset_minutes = 330};
  EXPECT_TRUE(normaliseQuery(half_hour).has_value());
}

TEST(ConversationReportTest, DaysAreLocalAndEveryDayOfThePeriodHasItsRow) {
  ReportQuery query{.from = at("2026-11-30T23:00:00Z"),
                    .until = at("2026-12-03T23:00:00Z"),
                    .group_by = GroupBy::Day,
                    .utc_offset_minutes = 60};
  ASSERT_EQ(normaliseQuery(query), std::nullopt);
  ReportBuilder builder(query);
  const int64_t first = hourOf(query.from);  // local midnight, 1 December
  builder.add(CountsRow{.group = std::to_string(first), .received = 2, .abandoned = 1});
  builder.add(CountsRow{.group = std::to_string(first + 23), .received = 1, .handled = 1});
  builder.add(CountsRow{.group = std::to_string(first + 24 + 24), .missed_offers = 3});
  builder.add(BucketRow{.group = std::to_string(first + 1),
                        .measure = Measure::FirstResponse,
                        .bucket = {.bucket = bucketOf(30'000), .count = 1, .sum_millis = 30'000}});
  ConversationReport report = std::move(builder).finish();
  ASSERT_EQ(report.rows.size(), 3u);
  EXPECT_EQ(report.rows[0].key, "2026-12-01");
  EXPECT_EQ(report.rows[0].received, 3);
  EXPECT_EQ(report.rows[0].handled, 1);
  EXPECT_EQ(report.rows[0].abandoned, 1);
  EXPECT_EQ(report.rows[0].first_response.median_millis, 30'000);
  EXPECT_EQ(report.rows[1].key, "2026-12-02");
  EXPECT_EQ(report.rows[1].received, 0);
  EXPECT_EQ(report.rows[1].first_response.median_millis, std::nullopt);
  EXPECT_EQ(report.rows[2].key, "2026-12-03");
  EXPECT_EQ(report.rows[2].missed_offers, 3);
  EXPECT_EQ(report.total.received, 3);
  EXPECT_EQ(report.total.missed_offers, 3);
  EXPECT_EQ(report.total.first_response.count, 1);
}

TEST(ConversationReportTest, GroupsByDimensionAddUpTheirRowsAndTheTotalMergesBuckets) {
  ReportQuery query{.from = at("2026-12-01T00:00:00Z"),
                    .until = at("2026-12-02T00:00:00Z"),
                    .group_by = GroupBy::Channel};
  ASSERT_EQ(normaliseQuery(query), std::nullopt);
  ReportBuilder builder(query);
  builder.add(CountsRow{.group = "sms", .received = 4});
  builder.add(CountsRow{.group = "api", .received = 1});
  for (int64_t seconds : {10, 20, 30}) {
    builder.add(BucketRow{
        .group = "sms",
        .measure = Measure::Handling,
        .bucket = {.bucket = bucketOf(seconds * 1000), .count = 1, .sum_millis = seconds * 1000}});
  }
  builder.add(
      BucketRow{.group = "api",
                .measure = Measure::Handling,
                .bucket = {.bucket = bucketOf(600'000), .count = 1, .sum_millis = 600'000}});
  ConversationReport report = std::move(builder).finish();
  ASSERT_EQ(report.rows.size(), 2u);
  EXPECT_EQ(report.rows[0].key, "api");
  EXPECT_EQ(report.rows[1].key, "sms");
  EXPECT_EQ(report.rows[1].handling.count, 3);
  EXPECT_EQ(report.rows[1].handling.median_millis, 20'000);
  EXPECT_EQ(report.rows[1].handling.p90_millis, 30'000);
  EXPECT_EQ(report.total.received, 5);
  EXPECT_EQ(report.total.handling.count, 4);
  EXPECT_EQ(report.total.handling.median_millis, 20'000);
  EXPECT_EQ(report.total.handling.p90_millis, 600'000);
  EXPECT_EQ(report.total.handling.sum_millis, 660'000);
}

}  // namespace
}  // namespace parley::reports
