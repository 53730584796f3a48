// The audit log (P1) for admins and DPOs: one entity's entries, the tenant's entries filtered and
// paged (the Privacy section's viewer), and the same as a download.
#include "api/csv.h"
#include "api/render.h"
#include "api/routes.h"

namespace parley::api {
namespace {

constexpr size_t kDefaultPage = 100;
constexpr size_t kMaxPage = 1000;
constexpr size_t kExportPage = 500;

void listAudit(ApiContext& context, Call call) {
  const std::string entity = queryParameter(call.request.query, "entity");
  const std::string entity_id = queryParameter(call.request.query, "entityId");
  if ((entity != "contact" && entity != "user" && entity != "invite") || entity_id.empty()) {
    call.fail(ErrorCode::ValidationFailed,
              "entity must be contact, user or invite, with an entityId");
    return;
  }
  auto entries = context.stores.audit->listAudit(call.principal->tenant, entity, entity_id);
  if (!entries) {
    call.fail(entries.error());
    return;
  }
  call.respond(Response::json(200, itemsDocument(*entries, renderAuditEntry)));
}

// ?entity=&entityId=&attribute=&actorKind=&actorId=&from=&until=&before=<seq>&limit=
Result<storage::AuditFilter> filterOf(const Request& request) {
  storage::AuditFilter filter;
  filter.entity = queryParameter(request.query, "entity");
  filter.entity_id = queryParameter(request.query, "entityId");
  filter.attribute = queryParameter(request.query, "attribute");
  filter.actor_id = queryParameter(request.query, "actorId");
  for (const std::string* value :
       {&filter.entity, &filter.entity_id, &filter.attribute, &filter.actor_id}) {
    if (value->size() > 200) {
      return fail(ErrorCode::ValidationFailed, "a filter is longer than 200 bytes");
    }
  }
  if (!filter.entity_id.empty() && filter.entity.empty()) {
    return fail(ErrorCode::ValidationFailed, "entityId needs an entity");
  }
  const std::string kind = queryParameter(request.query, "actorKind");
  if (kind == "user") {
    filter.actor_kind = Actor::Kind::User;
  } else if (kind == "token") {
    filter.actor_kind = Actor::Kind::Token;
  } else if (kind == "system") {
    filter.actor_kind = Actor::Kind::System;
  } else if (!kind.empty()) {
    return fail(ErrorCode::ValidationFailed, "actorKind is user, token or system");
  }
  for (auto [name, field] : {std::pair{"from", &filter.from}, std::pair{"until", &filter.until}}) {
    const std::string value = queryParameter(request.query, name);
    if (value.empty()) {
      continue;
    }
    *field = parseRfc3339(value);
    if (!*field) {
      return fail(ErrorCode::ValidationFailed,
                  std::string(name) + " is a time like 2026-12-01T09:00:00Z, or a date");
    }
  }
  const std::string before = queryParameter(request.query, "before");
  if (!before.empty()) {
    char* end = nullptr;
    const long long seq = std::strtoll(before.c_str(), &end, 10);
    if (*end != '\0' || seq < 1) {
      return fail(ErrorCode::ValidationFailed, "before is an entry's seq");
    }
    filter.before_seq = seq;
  }
  auto limit = limitParameter(request, kDefaultPage, kMaxPage);
  if (!limit) {
    return std::unexpected(limit.error());
  }
  filter.limit = *limit;
  return filter;
}

// GET /audit/entries: {"items":[AuditEntry] newest first,"nextBefore": seq | null}.
void searchAudit(ApiContext& context, Call call) {
  auto filter = filterOf(call.request);
  if (!filter) {
    call.fail(filter.error());
    return;
  }
  auto entries = context.stores.audit->searchAudit(call.principal->tenant, *filter);
  if (!entries) {
    call.fail(entries.error());
    return;
  }
  JsonWriter json;
  json.beginObject().key("items").beginArray();
  for (const AuditEntry& entry : *entries) {
    renderAuditEntry(json, entry);
  }
  json.endArray().key("nextBefore");
  if (entries->size() == filter->limit && !entries->empty()) {
    json.number(entries->back().seq);
  } else {
    json.null();
  }
  json.endObject();
  call.respond(Response::json(200, json.take()));
}

// Every matching entry, newest first, a page at a time as it is sent.
class AuditExport final : public BodyStream {
 public:
  AuditExport(ApiContext& context, TenantId tenant, storage::AuditFilter filter, bool csv)
      : context_(context), tenant_(std::move(tenant)), filter_(std::move(filter)), csv_(csv) {
    filter_.limit = kExportPage;
  }

  Result<std::string> next() override {
    if (done_) {
      return std::string();
    }
    auto page = context_.stores.audit->searchAudit(tenant_, filter_);
    if (!page) {
      return std::unexpected(page.error());
    }
    std::string piece;
    if (!started_) {
      piece = csv_ ? "seq,at,entity,entityId,attribute,actorKind,actorId,value\r\n" : "[";
      started_ = true;
    }
    for (const AuditEntry& entry : *page) {
      if (csv_) {
        piece += csvRow({std::to_string(entry.seq), formatRfc3339(entry.at), entry.entity,
                         entry.entity_id, entry.attribute, actorKindName(entry.actor.kind),
                         entry.actor.id, entry.value.value_or("")});
      } else {
        JsonWriter json;
        renderAuditEntry(json, entry);
        piece += (first_ ? "" : ",") + json.take();
        first_ = false;
      }
      filter_.before_seq = entry.seq;
    }
    if (page->size() < kExportPage) {
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
  storage::AuditFilter filter_;
  bool csv_;
  bool started_ = false;
  bool first_ = true;
  bool done_ = false;
};

// GET /audit/entries/export?format=json|csv&<filters>: a download of every matching entry.
void exportAudit(ApiContext& context, Call call) {
  auto filter = filterOf(call.request);
  if (!filter) {
    call.fail(filter.error());
    return;
  }
  const std::string format = queryParameter(call.request.query, "format");
  if (!format.empty() && format != "json" && format != "csv") {
    call.fail(ErrorCode::ValidationFailed, "format is json or csv");
    return;
  }
  const bool csv = format == "csv";
  call.respond(Response{
      .status = 200,
      .content_type = csv ? "text/csv; charset=utf-8" : "application/json",
      .headers = {{"Content-Disposition", std::string("attachment; filename=\"parley-audit.") +
                                              (csv ? "csv\"" : "json\"")}},
      .stream =
          std::make_shared<AuditExport>(context, call.principal->tenant, std::move(*filter), csv)});
}

}  // namespace

void addAuditRoutes(Router& router, ApiContext& context) {
  router.add(Method::Get, "/api/v1/audit", Permission::ReadAudit, withContext(context, listAudit));
  router.add(Method::Get, "/api/v1/audit/entries", Permission::ReadAudit,
             withContext(context, searchAudit));
  router.add(Method::Get, "/api/v1/audit/entries/export", Permission::ReadAudit,
             withContext(context, exportAudit));
}

}  // namespace parley::api
