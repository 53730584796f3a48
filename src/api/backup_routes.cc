// The node's backups (O1), for admins: what was made last, what failed, when the next one runs,
// and a backup on demand. Backups cover the whole node (every tenant): there is one schedule.

#include <algorithm>

#include "api/routes.h"
#include "core/json/json_writer.h"

namespace parley::api {
namespace {

std::string timeOfDay(int minute) {
  const auto two = [](int value) { return (value < 10 ? "0" : "") + std::to_string(value); };
  return two(minute / 60) + ":" + two(minute % 60);
}

// Backups cover the whole server. Where it holds one workspace, its admins see and start them;
// where it holds several, one workspace's admin must not learn of the others' or, by starting
// backup after backup, push the older ones out: there the operator's command does it.
bool adminsMayBackUp(ApiContext& context, Call& call) {
  if (!context.backups) {
    call.fail(ErrorCode::NotReady, "backups are not set up on this server");
    return false;
  }
  auto tenants = context.stores.tenants->listTenants();
  if (!tenants) {
    call.fail(tenants.error());
    return false;
  }
  // Deleted workspaces (within their grace, or destroyed) have nobody left to ask.
  const auto live = std::count_if(tenants->begin(), tenants->end(),
                                  [](const Tenant& tenant) { return !tenant.deleted_at; });
  if (live > 1) {
    call.fail(ErrorCode::Forbidden,
              "this server holds several workspaces: its backups are its operator's (parley "
              "admin backup)");
    return false;
  }
  return true;
}

// GET /api/v1/settings/backups
void getBackups(ApiContext& context, Call call) {
  if (!adminsMayBackUp(context, call)) {
    return;
  }
  call.respond(Response::json(200, backupStatusJson(context.backups->status())));
}

// POST /api/v1/settings/backups: 202 once the request is in the audit log and the backup started.
void postBackup(ApiContext& context, Call call) {
  if (!adminsMayBackUp(context, call)) {
    return;
  }
  if (context.backups->status().running) {
    call.fail(ErrorCode::Conflict, "a backup is running");
    return;
  }
  std::vector<storage::AuditRead> entry{{.tenant = call.principal->tenant,
                                         .actor = call.principal->actor,
                                         .at = context.clock.now(),
                                         .entity = "backup",
                                         .entity_id = "node",
                                         .attribute = "requested"}};
  context.stores.audit->appendReads(
      std::move(entry), [&context, call = std::move(call)](Result<void> audited) mutable {
        if (!audited) {
          call.fail(audited.error());
          return;
        }
        if (auto started = context.backups->runNow(); !started) {
          call.fail(started.error());
          return;
        }
        // Started by this request: running, even if a quick failure has ended it already (the
        // next GET tells).
        backup::BackupStatus status = context.backups->status();
        status.running = true;
        call.respond(Response::json(202, backupStatusJson(status)));
      });
}

}  // namespace

std::string backupStatusJson(const backup::BackupStatus& status) {
  JsonWriter json;
  json.beginObject().key("schedule").beginObject().key("dailyAt");
  if (status.daily_at_minute) {
    json.string(timeOfDay(*status.daily_at_minute));
  } else {
    json.null();
  }
  json.key("keep")
      .number(static_cast<int64_t>(status.keep))
      .key("keepKeyStore")
      .number(static_cast<int64_t>(status.keep_keys))
      .endObject()
      .key("running")
      .boolean(status.running)
      .key("nextAt")
      .optionalString(status.next_at ? std::optional(formatRfc3339(*status.next_at)) : std::nullopt)
      .key("lastSuccess");
  if (status.last_success_at) {
    json.beginObject()
        .field("at", formatRfc3339(*status.last_success_at))
        .key("bytes")
        .number(static_cast<int64_t>(status.last_success_bytes))
        .key("tookMs");
    if (status.last_success_took.count() > 0) {
      json.number(status.last_success_took.count());
    } else {
      json.null();
    }
    json.endObject();
  } else {
    json.null();
  }
  json.key("lastFailure");
  if (status.last_failure_at) {
    json.beginObject()
        .field("at", formatRfc3339(*status.last_failure_at))
        .field("error", status.last_error)
        .endObject();
  } else {
    json.null();
  }
  json.endObject();
  return json.take();
}

std::string backupMetrics(const backup::BackupStatus& status) {
  std::string out;
  const auto line = [&out](std::string_view name, std::string_view type, std::string_view help,
                           const std::string& value) {
    out += "# HELP " + std::string(name) + " " + std::string(help) + "\n# TYPE " +
           std::string(name) + " " + std::string(type) + "\n" + std::string(name) + " " + value +
           "\n";
  };
  line("parley_backup_last_success_timestamp_seconds", "gauge",
       "When the newest backup was made (0: none).",
       std::to_string(status.last_success_at ? toUnixMillis(*status.last_success_at) / 1000 : 0));
  line("parley_backup_last_success_bytes", "gauge", "Size of the newest backup's files.",
       std::to_string(status.last_success_bytes));
  line("parley_backup_last_failed", "gauge",
       "1 when the last backup this server tried failed and none succeeded since.",
       status.last_failure_at ? "1" : "0");
  line("parley_backup_failures_total", "counter", "Backups this server tried that failed.",
       std::to_string(status.failures));
  line("parley_backup_successes_total", "counter", "Backups this server made.",
       std::to_string(status.successes));
  return out;
}

void addBackupRoutes(Router& router, ApiContext& context) {
  auto bind = [&context](auto handler) { return withContext(context, handler); };
  router.add(Method::Get, "/api/v1/settings/backups", Permission::ManageUsers, bind(getBackups));
  router.add(Method::Post, "/api/v1/settings/backups", Permission::ManageUsers, bind(postBackup));
}

}  // namespace parley::api
