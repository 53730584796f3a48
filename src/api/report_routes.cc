// Reports (W6): a period's conversations, received, handled, abandoned, missed offers, and first
// response, handling and waiting times (median and 90th percentile), grouped by channel, category,
// agent, hour or day; as JSON for the charts or CSV for spreadsheets. From anonymous hourly
// aggregates, so retention and erasure never change a past report.
#include <map>

#include "api/csv.h"
#include "api/render.h"
#include "api/routes.h"
#include "reports/conversation_report.h"
#include "storage/channel_store.h"
#include "storage/conversation_stores.h"
#include "storage/report_store.h"

namespace parley::api {
namespace {

using reports::ConversationReport;
using reports::DurationSummary;
using reports::GroupBy;
using reports::ReportRow;

// from and until: RFC 3339 times, or dates: a date starts at local midnight (`utcOffset`, minutes
// east of UTC), and an `until` date counts its whole day.
Result<reports::ReportQuery> reportQuery(const Request& request) {
  reports::ReportQuery query;
  const std::string group_by = queryParameter(request.query, "groupBy");
  auto grouping = reports::groupByFromName(group_by.empty() ? "day" : group_by);
  if (!grouping) {
    return fail(ErrorCode::ValidationFailed, "groupBy is channel, category, agent, hour or day");
  }
  query.group_by = *grouping;
  const std::string offset = queryParameter(request.query, "utcOffset");
  if (!offset.empty()) {
    const bool digits =
        offset.size() <= 5 && offset != "-" &&
        offset.find_first_not_of("0123456789", offset[0] == '-' ? 1 : 0) == std::string::npos;
    if (!digits) {
      return fail(ErrorCode::ValidationFailed, "utcOffset is a number of minutes");
    }
    query.utc_offset_minutes = std::stoi(offset);
  }
  auto period = periodParameters(request, query.utc_offset_minutes);
  if (!period) {
    return std::unexpected(period.error());
  }
  query.from = period->from;
  query.until = period->until;
  if (auto wrong = reports::normaliseQuery(query)) {
    return fail(ErrorCode::ValidationFailed, *wrong);
  }
  return query;
}

// What a row's key reads as: the agent's, category's or channel's name; times are their own label.
std::map<std::string, std::string> labelsFor(ApiContext& context, const TenantId& tenant,
                                             GroupBy group_by) {
  std::map<std::string, std::string> labels{{"", group_by == GroupBy::Agent      ? "Nobody"
                                                 : group_by == GroupBy::Category ? "Uncategorised"
                                                                                 : ""}};
  if (group_by == GroupBy::Agent) {
    if (auto users = context.stores.users->listUsers(tenant)) {
      for (const User& user : *users) {
        labels[user.id.value] = user.display_name.empty() ? user.email : user.display_name;
      }
    }
  } else if (group_by == GroupBy::Category) {
    if (auto categories = context.stores.routing->listCategories(tenant)) {
      for (const Category& category : *categories) {
        labels[category.id.value] = category.name;
      }
    }
  } else if (group_by == GroupBy::Channel) {
    labels["api"] = "API";
    if (auto channels = context.stores.channels->listChannels(tenant)) {
      for (const ChannelConfig& channel : *channels) {
        labels[channel.id.value] = channel.name;
      }
    }
  }
  return labels;
}

std::string labelOf(const std::map<std::string, std::string>& labels, const std::string& key) {
  auto found = labels.find(key);
  return found == labels.end() || (found->second.empty() && !key.empty()) ? key : found->second;
}

void renderDuration(JsonWriter& json, std::string_view name, const DurationSummary& summary) {
  json.key(name).beginObject().key("count").number(summary.count).key("meanMs");
  if (summary.count > 0) {
    json.number(summary.sum_millis / summary.count);
  } else {
    json.null();
  }
  for (const auto& [key, value] :
       {std::pair{"medianMs", summary.median_millis}, std::pair{"p90Ms", summary.p90_millis}}) {
    json.key(key);
    if (value) {
      json.number(*value);
    } else {
      json.null();
    }
  }
  json.endObject();
}

void renderRow(JsonWriter& json, const ReportRow& row, const std::string& label) {
  json.beginObject()
      .field("key", row.key)
      .field("label", label)
      .key("received")
      .number(row.received)
      .key("handled")
      .number(row.handled)
      .key("abandoned")
      .number(row.abandoned)
      .key("missedOffers")
      .number(row.missed_offers);
  renderDuration(json, "firstResponse", row.first_response);
  renderDuration(json, "handling", row.handling);
  renderDuration(json, "waiting", row.waiting);
  json.endObject();
}

std::string reportJson(const ConversationReport& report,
                       const std::map<std::string, std::string>& labels) {
  JsonWriter json;
  json.beginObject()
      .field("from", formatRfc3339(report.from))
      .field("until", formatRfc3339(report.until))
      .field("groupBy", reports::groupByName(report.group_by))
      .key("utcOffset")
      .number(static_cast<int64_t>(report.utc_offset_minutes))
      .key("rows")
      .beginArray();
  for (const ReportRow& row : report.rows) {
    renderRow(json, row, labelOf(labels, row.key));
  }
  json.endArray().key("total");
  renderRow(json, report.total, "Total");
  return json.endObject().take();
}

// Seconds with a tenth, as spreadsheets read them; empty when nothing was measured.
std::string seconds(const std::optional<int64_t>& millis) {
  if (!millis) {
    return "";
  }
  return std::to_string(*millis / 1000) + "." + std::to_string(*millis % 1000 / 100);
}

std::string reportCsv(const ConversationReport& report,
                      const std::map<std::string, std::string>& labels) {
  std::string csv =
      csvRow({reports::groupByName(report.group_by), "label", "received", "handled", "abandoned",
              "missed offers", "first response median (s)", "first response p90 (s)",
              "handling median (s)", "handling p90 (s)", "waiting median (s)", "waiting p90 (s)"});
  auto line = [&](const ReportRow& row, const std::string& key, const std::string& label) {
    csv +=
        csvRow({key, label, std::to_string(row.received), std::to_string(row.handled),
                std::to_string(row.abandoned), std::to_string(row.missed_offers),
                seconds(row.first_response.median_millis), seconds(row.first_response.p90_millis),
                seconds(row.handling.median_millis), seconds(row.handling.p90_millis),
                seconds(row.waiting.median_millis), seconds(row.waiting.p90_millis)});
  };
  for (const ReportRow& row : report.rows) {
    line(row, row.key, labelOf(labels, row.key));
  }
  line(report.total, "total", "Total");
  return csv;
}

// GET /reports/conversations?from=&until=&groupBy=&utcOffset=&format=json|csv
void conversationReport(ApiContext& context, Call call) {
  auto query = reportQuery(call.request);
  if (!query) {
    call.fail(query.error());
    return;
  }
  const std::string format = queryParameter(call.request.query, "format");
  if (!format.empty() && format != "json" && format != "csv") {
    call.fail(ErrorCode::ValidationFailed, "format is json or csv");
    return;
  }
  const TenantId& tenant = call.principal->tenant;
  auto report = context.stores.reports->conversationReport(tenant, *query);
  if (!report) {
    call.fail(report.error());
    return;
  }
  const auto labels = labelsFor(context, tenant, query->group_by);
  if (format != "csv") {
    call.respond(Response::json(200, reportJson(*report, labels)));
    return;
  }
  call.respond(Response{
      .status = 200,
      .content_type = "text/csv; charset=utf-8",
      .body = reportCsv(*report, labels),
      .headers = {{"Content-Disposition", "attachment; filename=\"parley-report-" +
                                              std::string(reports::groupByName(query->group_by)) +
                                              ".csv\""}}});
}

}  // namespace

void addReportRoutes(Router& router, ApiContext& context) {
  router.add(Method::Get, "/api/v1/reports/conversations", Permission::ViewRouting,
             withContext(context, conversationReport));
}

}  // namespace parley::api
