#include "reports/conversation_report.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>

namespace parley::reports {
namespace {

constexpr int64_t kMillisPerHour = 3'600'000;
constexpr int64_t kMaxDays = 366;
constexpr int64_t kMaxHoursGroupedByHour = 31 * 24;

constexpr std::array<std::pair<GroupBy, std::string_view>, 5> kGroupNames{{
    {GroupBy::Channel, "channel"},
    {GroupBy::Category, "category"},
    {GroupBy::Agent, "agent"},
    {GroupBy::Hour, "hour"},
    {GroupBy::Day, "day"},
}};

bool byTime(GroupBy group_by) { return group_by == GroupBy::Hour || group_by == GroupBy::Day; }

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// The local date of an hour's start, as YYYY-MM-DD.
std::string dayOf(int64_t hour, int utc_offset_minutes) {
  const int64_t local_hour = hour + utc_offset_minutes / 60;
  const std::chrono::sys_days day{std::chrono::days{floorDiv(local_hour, 24)}};
  const std::chrono::year_month_day date{day};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

void summarise(DurationSummary& summary, const std::vector<BucketCount>& buckets) {
  summary = {};
  for (const BucketCount& counted : buckets) {
    summary.count += counted.count;
    summary.sum_millis += counted.sum_millis;
  }
  summary.median_millis = quantileMillis(buckets, 0.5);
  summary.p90_millis = quantileMillis(buckets, 0.9);
}

}  // namespace

std::string_view groupByName(GroupBy group_by) {
  for (const auto& [value, name] : kGroupNames) {
    if (value == group_by) {
      return name;
    }
  }
  return "";
}

std::optional<GroupBy> groupByFromName(std::string_view name) {
  for (const auto& [value, known] : kGroupNames) {
    if (known == name) {
      return value;
    }
  }
  return std::nullopt;
}

int64_t hourOf(TimePoint at) { return floorDiv(toUnixMillis(at), kMillisPerHour); }
TimePoint startOfHour(int64_t hour) { return fromUnixMillis(hour * kMillisPerHour); }

const DurationSummary& ReportRow::measure(Measure m) const {
  switch (m) {
    case Measure::FirstResponse:
      return first_response;
    case Measure::Handling:
      return handling;
    case Measure::Waiting:
      break;
  }
  return waiting;
}

std::optional<std::string> normaliseQuery(ReportQuery& query) {
  if (query.utc_offset_minutes % 60 != 0 || query.utc_offset_minutes < -12 * 60 ||
      query.utc_offset_minutes > 14 * 60) {
    return "utcOffset must be whole hours from -720 to 840 minutes";
  }
  const int64_t first = hourOf(query.from);
  int64_t end = hourOf(query.until);
  if (startOfHour(end) < query.until) {
    ++end;
  }
  if (end <= first) {
    return "the period must end after it starts";
  }
  if (end - first > kMaxDays * 24) {
    return "a report covers at most 366 days";
  }
  if (query.group_by == GroupBy::Hour && end - first > kMaxHoursGroupedByHour) {
    return "a report by hour covers at most 31 days; group by day";
  }
  query.from = startOfHour(first);
  query.until = startOfHour(end);
  return std::nullopt;
}

ReportBuilder::ReportBuilder(const ReportQuery& query) : query_(query) {
  if (!byTime(query.group_by)) {
    return;
  }
  // Every hour or day of the period has its row, so that a chart shows the quiet ones as zero.
  for (int64_t hour = hourOf(query.from); hour < hourOf(query.until); ++hour) {
    const std::string key = keyOf(std::to_string(hour));
    groups_[key].row.key = key;
  }
}

std::string ReportBuilder::keyOf(const std::string& group) const {
  switch (query_.group_by) {
    case GroupBy::Hour:
      return formatRfc3339(startOfHour(std::stoll(group)));
    case GroupBy::Day:
      return dayOf(std::stoll(group), query_.utc_offset_minutes);
    default:
      return group;
  }
}

ReportBuilder::Group& ReportBuilder::group(const std::string& stored_group) {
  std::string key = keyOf(stored_group);
  Group& found = groups_[key];
  found.row.key = std::move(key);
  return found;
}

void ReportBuilder::addTo(Buckets& into, const BucketCount& bucket) {
  if (into.empty()) {
    into.resize(kMaxBucket + 1);
    for (int b = 0; b <= kMaxBucket; ++b) {
      into[b].bucket = b;
    }
  }
  BucketCount& slot = into[std::clamp(bucket.bucket, 0, kMaxBucket)];
  slot.count += bucket.count;
  slot.sum_millis += bucket.sum_millis;
}

void ReportBuilder::add(const CountsRow& counts) {
  ReportRow& row = group(counts.group).row;
  row.received += counts.received;
  row.handled += counts.handled;
  row.abandoned += counts.abandoned;
  row.missed_offers += counts.missed_offers;
}

void ReportBuilder::add(const BucketRow& bucket) {
  addTo(group(bucket.group).buckets[static_cast<int>(bucket.measure)], bucket.bucket);
}

void ReportBuilder::add(const std::string& stored_group, Measure measure,
                        const std::vector<BucketCount>& buckets) {
  if (buckets.empty()) {
    return;
  }
  Buckets& into = group(stored_group).buckets[static_cast<int>(measure)];
  for (const BucketCount& bucket : buckets) {
    addTo(into, bucket);
  }
}

ConversationReport ReportBuilder::finish() && {
  ConversationReport report{.from = query_.from,
                            .until = query_.until,
                            .group_by = query_.group_by,
                            .utc_offset_minutes = query_.utc_offset_minutes};
  Buckets all[kMeasures];
  for (auto& [key, group] : groups_) {
    ReportRow& row = group.row;
    DurationSummary* summaries[kMeasures] = {&row.first_response, &row.handling, &row.waiting};
    for (int m = 0; m < kMeasures; ++m) {
      summarise(*summaries[m], group.buckets[m]);
      for (const BucketCount& bucket : group.buckets[m]) {
        if (bucket.count > 0) {
          addTo(all[m], bucket);
        }
      }
    }
    report.total.received += row.received;
    report.total.handled += row.handled;
    report.total.abandoned += row.abandoned;
    report.total.missed_offers += row.missed_offers;
    report.rows.push_back(std::move(row));
  }
  summarise(report.total.first_response, all[0]);
  summarise(report.total.handling, all[1]);
  summarise(report.total.waiting, all[2]);
  return report;
}

}  // namespace parley::reports
