#pragma once
// The conversation report (W6): what a period's conversations did, grouped by channel, category,
// agent, hour or day, from anonymous hourly aggregates (storage/report_store.h). Built here from
// the rows a store reads, so that every engine reports the same way.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "reports/duration_buckets.h"

namespace parley::reports {

enum class GroupBy { Channel, Category, Agent, Hour, Day };
std::string_view groupByName(GroupBy group_by);
std::optional<GroupBy> groupByFromName(std::string_view name);

// The durations a report measures: from a conversation's creation to its first reply; from its
// agent taking it to its close; from its joining the queue to an agent holding it.
enum class Measure { FirstResponse = 0, Handling = 1, Waiting = 2 };
inline constexpr int kMeasures = 3;

// Whole hours: `from` is rounded down to its hour and `until` up. `utc_offset_minutes` (a whole
// number of hours, −12 h … +14 h) says where a day starts, for GroupBy::Day.
struct ReportQuery {
  TimePoint from;
  TimePoint until;
  GroupBy group_by = GroupBy::Day;
  int utc_offset_minutes = 0;
};

// Hours are counted since the Unix epoch, as the aggregates are keyed.
int64_t hourOf(TimePoint at);
TimePoint startOfHour(int64_t hour);

struct DurationSummary {
  int64_t count = 0;
  int64_t sum_millis = 0;
  std::optional<int64_t> median_millis, p90_millis;
};

struct ReportRow {
  std::string key;  // a channel, category or agent id ("" for none), or the hour's or day's start
  int64_t received = 0;   // conversations that arrived (new, or reopened by the customer)
  int64_t handled = 0;    // closed after a reply
  int64_t abandoned = 0;  // closed without any reply
  int64_t missed_offers = 0;
  DurationSummary first_response, handling, waiting;

  const DurationSummary& measure(Measure m) const;
};

struct ConversationReport {
  TimePoint from, until;
  GroupBy group_by = GroupBy::Day;
  int utc_offset_minutes = 0;
  std::vector<ReportRow> rows;  // by key; every hour or day of the period when grouped by time
  ReportRow total;
};

// What a store reads for one group, as stored: `group` is the hour (GroupBy::Hour, Day) or the
// dimension's value.
struct CountsRow {
  std::string group;
  int64_t received = 0, handled = 0, abandoned = 0, missed_offers = 0;
};
struct BucketRow {
  std::string group;
  Measure measure = Measure::FirstResponse;
  BucketCount bucket;
};

// Adds up a store's rows into the report.
class ReportBuilder {
 public:
  explicit ReportBuilder(const ReportQuery& query);
  void add(const CountsRow& row);
  void add(const BucketRow& row);
  // A stored row's buckets of one measure at once (one look-up of the group, not one per bucket).
  void add(const std::string& group, Measure measure, const std::vector<BucketCount>& buckets);
  ConversationReport finish() &&;

 private:
  std::string keyOf(const std::string& group) const;
  // Buckets are added up in place: one slot per bucket, made on a measure's first duration.
  using Buckets = std::vector<BucketCount>;
  struct Group {
    ReportRow row;
    Buckets buckets[kMeasures];
  };
  Group& group(const std::string& stored_group);
  static void addTo(Buckets& into, const BucketCount& bucket);
  ReportQuery query_;
  std::map<std::string, Group> groups_;
};

// Rounds the query to whole hours, and checks it: ValidationFailed text, or none when it is fine.
std::optional<std::string> normaliseQuery(ReportQuery& query);

}  // namespace parley::reports
