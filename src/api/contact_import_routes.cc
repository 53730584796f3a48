// Contacts import and export (I5), for admins: a CSV file previewed (what it would create, change
// and refuse, row by row), then imported in the background with its progress to follow; and every
// contact downloaded as CSV, which imports back unchanged. The export is a read of personal data
// and is audited as one (P9).
#include <set>

#include "api/csv.h"
#include "api/render.h"
#include "api/routes.h"
#include "contacts/contact_imports.h"

namespace parley::api {
namespace {

using contacts::ContactImports;
using contacts::ImportProgress;
using contacts::ImportRowOutcome;
using Action = storage::ContactChangeOutcome::Action;

constexpr size_t kMaxFileBytes = 20 << 20;
constexpr size_t kExportPage = 100;  // a page is built on the network thread: keep it brief

std::string_view actionName(const ImportRowOutcome& row) {
  switch (row.outcome.action) {
    case Action::Created:
      return "create";
    case Action::Updated:
    case Action::Deferred:  // only applying defers; a preview never does
      return "update";
    case Action::Unchanged:
      return "unchanged";
    case Action::Failed:
      return "error";
  }
  return "error";
}

void renderCounts(JsonWriter& json, const contacts::ImportCounts& counts) {
  json.key("rows").number(static_cast<int64_t>(counts.rows));
  json.key("processed").number(static_cast<int64_t>(counts.processed));
  json.key("created").number(static_cast<int64_t>(counts.created));
  json.key("updated").number(static_cast<int64_t>(counts.updated));
  json.key("unchanged").number(static_cast<int64_t>(counts.unchanged));
  json.key("failed").number(static_cast<int64_t>(counts.failed));
}

void renderErrors(JsonWriter& json, const std::vector<ImportRowOutcome>& errors) {
  json.key("errors").beginArray();
  for (const ImportRowOutcome& row : errors) {
    json.beginObject()
        .key("line")
        .number(static_cast<int64_t>(row.line))
        .field("error", row.outcome.error)
        .endObject();
  }
  json.endArray();
}

void renderImport(JsonWriter& json, const ImportProgress& progress) {
  json.beginObject()
      .field("id", progress.id)
      .field("state", contacts::importStateName(progress.state));
  renderCounts(json, progress.counts);
  renderErrors(json, progress.errors);
  if (progress.state == ImportProgress::State::Failed) {
    json.field("failure", progress.failure);
  }
  json.field("startedAt", formatRfc3339(progress.started_at)).key("finishedAt");
  if (progress.finished_at) {
    json.string(formatRfc3339(*progress.finished_at));
  } else {
    json.null();
  }
  json.field("by", progress.by.id).endObject();
}

std::string progressDocument(const ImportProgress& progress) {
  JsonWriter json;
  json.beginObject().key("import");
  renderImport(json, progress);
  json.endObject();
  return json.take();
}

std::string previewDocument(const contacts::ImportFile& file,
                            const contacts::ImportPreview& preview) {
  using Field = contacts::ImportColumn::Field;
  const contacts::ImportCounts& counts = preview.counts;
  JsonWriter json;
  json.beginObject().key("preview").beginObject();
  json.key("rows").number(static_cast<int64_t>(counts.rows));
  json.key("create").number(static_cast<int64_t>(counts.created));
  json.key("update").number(static_cast<int64_t>(counts.updated));
  json.key("unchanged").number(static_cast<int64_t>(counts.unchanged));
  json.key("failed").number(static_cast<int64_t>(counts.failed));
  json.key("columns").beginArray();
  for (const contacts::ImportColumn& column : file.columns) {
    json.beginObject().field("header", column.header);
    switch (column.field) {
      case Field::Id:
        json.field("field", "id");
        break;
      case Field::Name:
        json.field("field", "name");
        break;
      case Field::Email:
        json.field("field", "email");
        break;
      case Field::Phone:
        json.field("field", "phone");
        break;
      case Field::Attribute:
        json.field("field", "attributes." + column.key);
        break;
      case Field::Identity:
        json.field("field", "identity")
            .field("channelId", column.key)
            .field("channelName", column.channel_name);
        break;
      case Field::Ignored:
        json.field("field", "ignored");
        break;
    }
    json.endObject();
  }
  json.endArray().key("sample").beginArray();
  for (const ImportRowOutcome& row : preview.sample) {
    json.beginObject()
        .key("line")
        .number(static_cast<int64_t>(row.line))
        .field("action", actionName(row));
    const storage::ContactChanges* changes = nullptr;
    for (const contacts::ImportRow& read : file.rows) {
      if (read.line == row.line) {
        changes = &read.changes;
        break;
      }
    }
    if (!row.outcome.contact.value.empty()) {
      json.field("contactId", row.outcome.contact.value);
    }
    if (row.same_as_line != 0) {
      json.key("sameAsLine").number(static_cast<int64_t>(row.same_as_line));
    }
    if (row.outcome.action == Action::Failed) {
      json.field("error", row.outcome.error);
    } else {
      json.key("changes").beginArray();
      for (const std::string& changed : row.outcome.changed) {
        json.string(changed);
      }
      json.endArray();
    }
    if (changes) {
      json.key("name").optionalString(changes->name);
      json.key("email").optionalString(changes->email);
      json.key("phone").optionalString(changes->phone);
    }
    json.endObject();
  }
  json.endArray();
  renderErrors(json, preview.errors);
  json.endObject().endObject();
  return json.take();
}

// The tenant's channels identities may be imported for: the API channel and every added one.
Result<std::vector<contacts::ImportChannel>> importChannels(ApiContext& context,
                                                            const TenantId& tenant) {
  auto channels = context.stores.channels->listChannels(tenant);
  if (!channels) {
    return std::unexpected(channels.error());
  }
  std::vector<contacts::ImportChannel> known = {{"api", "API"}};
  for (const ChannelConfig& channel : *channels) {
    known.push_back({channel.id.value, channel.name});
  }
  return known;
}

// POST /contacts/import[?dryRun=true] with the CSV file as the body.
void importContacts(ApiContext& context, ContactImports& imports, Call call) {
  const std::string dry_run_value = queryParameter(call.request.query, "dryRun");
  if (!dry_run_value.empty() && dry_run_value != "true" && dry_run_value != "false") {
    call.fail(ErrorCode::ValidationFailed, "dryRun is true or false");
    return;
  }
  const bool dry_run = dry_run_value == "true";
  context.blocking.post(
      [&context, &imports, dry_run, call = std::move(call)](bool admitted) mutable {
        if (!admitted) {
          respondBusy(call);
          return;
        }
        const TenantId tenant = call.principal->tenant;
        auto channels = importChannels(context, tenant);
        if (!channels) {
          call.fail(channels.error());
          return;
        }
        auto file = contacts::readImportFile(call.request.body, *channels);
        if (!file) {
          call.fail(file.error());
          return;
        }
        if (dry_run) {
          auto preview = imports.preview(tenant, *file);
          if (!preview) {
            call.fail(preview.error());
            return;
          }
          call.respond(Response::json(200, previewDocument(*file, *preview)));
          return;
        }
        auto started = imports.start(tenant, std::move(*file), call.principal->actor);
        if (!started) {
          call.fail(started.error());
          return;
        }
        call.respond(Response::json(202, progressDocument(*started)));
      });
}

void getImport(ApiContext&, ContactImports& imports, Call call) {
  auto progress = imports.find(call.principal->tenant, call.params[0]);
  if (!progress) {
    call.fail(ErrorCode::NotFound, "no such import (imports are kept until the server restarts)");
    return;
  }
  call.respond(Response::json(200, progressDocument(*progress)));
}

void listImports(ApiContext&, ContactImports& imports, Call call) {
  call.respond(
      Response::json(200, itemsDocument(imports.list(call.principal->tenant), renderImport)));
}

// The columns of a contacts export: the channels any contact has an address on and the attribute
// keys any contact has. Reads every contact: call it off the network threads.
struct ExportColumns {
  std::set<std::string> channels, attributes;
};
Result<ExportColumns> exportColumns(ApiContext& context, const TenantId& tenant) {
  // Identities on a channel deleted since are left out: no import could name that channel.
  auto channels = importChannels(context, tenant);
  if (!channels) {
    return std::unexpected(channels.error());
  }
  std::set<std::string> existing;
  for (const contacts::ImportChannel& channel : *channels) {
    existing.insert(channel.id);
  }
  ExportColumns columns;
  ContactId after;
  while (true) {
    auto page = context.stores.contacts->listContacts(tenant, after, kExportPage);
    if (!page) {
      return std::unexpected(page.error());
    }
    for (const storage::ContactRecord& record : *page) {
      for (const auto& [key, value] : record.contact.attributes) {
        columns.attributes.insert(key);
      }
      for (const auto& [channel, address] : record.identities) {
        if (existing.contains(channel)) {
          columns.channels.insert(channel);
        }
      }
      after = record.contact.id;
    }
    if (page->size() < kExportPage) {
      return columns;
    }
  }
}

// Every contact neither erased nor merged away, one row each: its fields, its identities per
// channel (several addresses on separate lines of the cell) and its attributes, a page of contacts
// per piece.
class ContactsExport final : public BodyStream {
 public:
  ContactsExport(ApiContext& context, TenantId tenant, ExportColumns columns)
      : context_(context), tenant_(std::move(tenant)), columns_(std::move(columns)) {}

  Result<std::string> next() override {
    if (done_) {
      return std::string();
    }
    std::string piece;
    if (!started_) {
      piece = header();
      started_ = true;
    }
    auto page = context_.stores.contacts->listContacts(tenant_, after_, kExportPage);
    if (!page) {
      return std::unexpected(page.error());
    }
    done_ = page->size() < kExportPage;
    for (const storage::ContactRecord& record : *page) {
      piece += row(record);
      after_ = record.contact.id;
    }
    return piece;
  }

 private:
  std::string header() const {
    std::string line = "id,name,email,phone,createdAt";
    for (const std::string& channel : columns_.channels) {
      line += "," + csvCell("identity." + channel);
    }
    for (const std::string& key : columns_.attributes) {
      line += "," + csvCell("attributes." + key);
    }
    return line + "\r\n";
  }

  std::string row(const storage::ContactRecord& record) const {
    const Contact& contact = record.contact;
    std::string line = csvCell(contact.id.value);
    for (const auto& value : {contact.name, contact.email, contact.phone}) {
      line += "," + csvCell(value.value_or(""));
    }
    line += "," + csvCell(formatRfc3339(contact.created_at));
    for (const std::string& channel : columns_.channels) {
      std::string addresses;
      for (const auto& [on, address] : record.identities) {
        if (on == channel) {
          addresses += (addresses.empty() ? "" : "\n") + address;
        }
      }
      line += "," + csvCell(addresses);
    }
    for (const std::string& key : columns_.attributes) {
      const auto value = contact.attributes.find(key);
      line += "," + csvCell(value == contact.attributes.end() ? "" : value->second);
    }
    return line + "\r\n";
  }

  ApiContext& context_;
  TenantId tenant_;
  ExportColumns columns_;
  ContactId after_;
  bool started_ = false;
  bool done_ = false;
};

// The columns are found first, on the slow-work pool; the rows then follow a page at a time.
void exportContacts(ApiContext& context, Call call) {
  recordRead(context, *call.principal, "contacts", "*", "export");
  context.blocking.post([&context, call = std::move(call)](bool admitted) mutable {
    if (!admitted) {
      respondBusy(call);
      return;
    }
    const TenantId tenant = call.principal->tenant;
    auto columns = exportColumns(context, tenant);
    if (!columns) {
      call.fail(columns.error());
      return;
    }
    call.respond(Response{
        .status = 200,
        .content_type = "text/csv; charset=utf-8",
        .headers = {{"Content-Disposition", "attachment; filename=\"parley-contacts.csv\""}},
        .stream = std::make_shared<ContactsExport>(context, tenant, std::move(*columns))});
  });
}

}  // namespace

void addContactImportRoutes(Router& router, ApiContext& context) {
  // Looked up per call: the API context gets its imports after the routes are built in tests.
  const auto withImports = [&context](void (*handle)(ApiContext&, ContactImports&, Call)) {
    return [&context, handle](Call call) {
      if (!context.contact_imports) {
        call.fail(ErrorCode::NotReady, "contacts imports are not running on this server");
        return;
      }
      handle(context, *context.contact_imports, std::move(call));
    };
  };
  router.add(Method::Post, "/api/v1/contacts/import", Permission::ManageUsers,
             withImports(importContacts));
  router.allowLargerBody(Method::Post, "/api/v1/contacts/import", kMaxFileBytes);
  router.add(Method::Get, "/api/v1/contacts/imports", Permission::ManageUsers,
             withImports(listImports));
  router.add(Method::Get, "/api/v1/contacts/imports/{id}", Permission::ManageUsers,
             withImports(getImport));
  router.add(Method::Get, "/api/v1/contacts/export", Permission::ManageUsers,
             withContext(context, exportContacts));
}

}  // namespace parley::api
