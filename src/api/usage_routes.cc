// Usage records (I4): one row per message (channel, direction, time, outcome and reason,
// conversation, category, agent), downloaded as CSV or JSON for a date range by admins; never what
// was said, and the contact left out once the conversation's data was anonymised.
#include "api/csv.h"
#include "api/render.h"
#include "api/routes.h"

namespace parley::api {
namespace {

constexpr size_t kPage = 1000;

class UsageExport final : public BodyStream {
 public:
  UsageExport(ApiContext& context, TenantId tenant, TimePoint from, TimePoint until, bool csv)
      : context_(context), tenant_(std::move(tenant)), from_(from), until_(until), csv_(csv) {}

  Result<std::string> next() override {
    if (done_) {
      return std::string();
    }
    auto page = context_.stores.conversations->listUsage(tenant_, from_, until_, cursor_, kPage);
    if (!page) {
      return std::unexpected(page.error());
    }
    std::string piece;
    if (!started_) {
      piece = csv_ ? "messageId,conversationId,channel,direction,at,status,statusReason,"
                     "categoryId,agentId,authorId,contactId\r\n"
                   : "[";
      started_ = true;
    }
    const auto text = [](const auto& optional_id) -> std::string {
      if constexpr (std::is_same_v<std::decay_t<decltype(optional_id)>,
                                   std::optional<std::string>>) {
        return optional_id.value_or("");
      } else {
        return optional_id ? optional_id->value : "";
      }
    };
    for (const storage::UsageRecord& record : *page) {
      if (csv_) {
        piece += csvRow({record.message.value, record.conversation.value, record.channel,
                         record.direction, formatRfc3339(record.at), record.status,
                         text(record.status_reason), text(record.category), text(record.agent),
                         text(record.author), text(record.contact)});
      } else {
        JsonWriter json;
        json.beginObject()
            .field("messageId", record.message.value)
            .field("conversationId", record.conversation.value)
            .field("channel", record.channel)
            .field("direction", record.direction)
            .field("at", formatRfc3339(record.at))
            .field("status", record.status);
        for (const auto& [name, value] :
             {std::pair{"statusReason", text(record.status_reason)},
              std::pair{"categoryId", text(record.category)},
              std::pair{"agentId", text(record.agent)}, std::pair{"authorId", text(record.author)},
              std::pair{"contactId", text(record.contact)}}) {
          if (value.empty()) {
            json.key(name).null();
          } else {
            json.field(name, value);
          }
        }
        json.endObject();
        piece += (first_ ? "" : ",") + json.take();
        first_ = false;
      }
      cursor_ = storage::UsageCursor{record.at, record.message.value};
    }
    if (page->size() < kPage) {
      done_ = true;
      if (!csv_) {
        piece += "]";
      }
    }
    return piece.empty() ? next() : piece;
  }

 private:
  ApiContext& context_;
  TenantId tenant_;
  TimePoint from_;
  TimePoint until_;
  bool csv_;
  storage::UsageCursor cursor_;
  bool started_ = false;
  bool first_ = true;
  bool done_ = false;
};

// GET /usage/messages?from=&until=&format=csv|json: from and until are required (RFC 3339 times or
// UTC dates; a date as `until` counts its whole day).
void exportUsage(ApiContext& context, Call call) {
  auto period = periodParameters(call.request);
  if (!period) {
    call.fail(period.error());
    return;
  }
  if (period->until <= period->from) {
    call.fail(ErrorCode::ValidationFailed, "until must be after from");
    return;
  }
  const std::string format = queryParameter(call.request.query, "format");
  if (!format.empty() && format != "json" && format != "csv") {
    call.fail(ErrorCode::ValidationFailed, "format is csv or json");
    return;
  }
  const bool csv = format != "json";
  call.respond(Response{
      .status = 200,
      .content_type = csv ? "text/csv; charset=utf-8" : "application/json",
      .headers = {{"Content-Disposition", std::string("attachment; filename=\"parley-usage.") +
                                              (csv ? "csv\"" : "json\"")}},
      .stream = std::make_shared<UsageExport>(context, call.principal->tenant, period->from,
                                              period->until, csv)});
}

}  // namespace

void addUsageRoutes(Router& router, ApiContext& context) {
  router.add(Method::Get, "/api/v1/usage/messages", Permission::ManageUsers,
             withContext(context, exportUsage));
}

}  // namespace parley::api
