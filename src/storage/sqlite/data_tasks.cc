#include "storage/sqlite/data_tasks.h"

#include <future>

#include "storage/sqlite/contact_store.h"
#include "storage/sqlite/privacy_store.h"
#include "storage/sqlite/report_counts.h"
#include "storage/sqlite/sealed_contact.h"

namespace parley::storage::sqlite {
namespace {

constexpr int64_t kBatch = 1000;

// Runs one write and waits for it.
Result<void> writeAndWait(Database& database,
                          std::move_only_function<Result<void>(WriteContext&)> apply) {
  std::promise<Result<void>> written;
  database.write<void>(std::move(apply),
                       [&written](Result<void> result) { written.set_value(std::move(result)); });
  return written.get_future().get();
}

// Migration 15: contacts made before name words were look-ups get theirs.
Result<void> indexContactNameWords(Database& database) {
  std::string after;  // contacts are walked in (tenant, id) order, one batch per write
  std::string after_tenant;
  while (true) {
    using Lookup = std::tuple<TenantId, ContactId, std::string>;
    auto batch = database.read([&](Connection& db) -> Result<std::pair<std::vector<Lookup>, bool>> {
      auto query = db.statement(PARLEY_SELECT_CONTACT
                                "WHERE (c.tenant_id, c.id) > (?, ?) AND c.name_enc IS NOT NULL "
                                "ORDER BY c.tenant_id, c.id LIMIT ?");
      if (!query) {
        return std::unexpected(query.error());
      }
      StatementScope scope(**query);
      scope->bind(1, after_tenant).bind(2, after).bind(3, kBatch);
      std::vector<Lookup> lookups;
      int64_t rows = 0;
      while (scope->step()) {
        ++rows;
        after_tenant = scope->text(0);
        after = scope->text(1);
        auto contact = contactFromRow(database, db, *scope);
        if (!contact) {
          return std::unexpected(contact.error());
        }
        auto tenant_key = database.tenantKey(db, contact->tenant_id);
        if (!tenant_key || !contact->name) {
          continue;  // erased or without a name: nothing to index
        }
        Contact name_only{
            .tenant_id = contact->tenant_id, .id = contact->id, .name = contact->name};
        for (auto& [kind, index] :
             contactLookups(privacy::Keyring::tenantIndexKey(*tenant_key), name_only, "")) {
          lookups.emplace_back(contact->tenant_id, contact->id, std::move(index));
        }
      }
      if (scope->error()) {
        return std::unexpected(*scope->error());
      }
      return std::pair(std::move(lookups), rows == kBatch);
    });
    if (!batch) {
      return std::unexpected(batch.error());
    }
    auto written = writeAndWait(
        database, [lookups = std::move(batch->first)](WriteContext& context) -> Result<void> {
          auto insert = context.db.statement(
              "INSERT OR IGNORE INTO contact_lookup (tenant_id, kind, blind_index, contact_id) "
              "VALUES (?,?,?,?)");
          if (!insert) {
            return std::unexpected(insert.error());
          }
          for (const auto& [tenant, contact, index] : lookups) {
            StatementScope scope(**insert);
            scope->bind(1, tenant.value)
                .bind(2, kNameLookupKind)
                .bindBlob(3, index)
                .bind(4, contact.value);
            if (auto inserted = scope->run(); !inserted) {
              return inserted;
            }
          }
          return {};
        });
    if (!written) {
      return written;
    }
    if (!batch->second) {
      return {};
    }
  }
}

}  // namespace

Result<void> runPendingDataTasks(Database& database) {
  auto pending = database.read([](Connection& db) -> Result<std::vector<std::string>> {
    auto query = db.statement("SELECT name FROM pending_data_tasks ORDER BY name");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    std::vector<std::string> names;
    while (scope->step()) {
      names.push_back(scope->text(0));
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return names;
  });
  if (!pending) {
    return std::unexpected(pending.error());
  }
  for (const std::string& name : *pending) {
    Result<void> done = name == "index-contact-name-words" ? indexContactNameWords(database)
                        : name == "count-conversations-for-reports"
                            ? writeAndWait(database,
                                           [](WriteContext& context) {
                                             return countStoredConversationsForReports(context.db);
                                           })
                            : fail(ErrorCode::Internal, "unknown data task: " + name);
    if (done) {
      done = writeAndWait(database, [name](WriteContext& context) -> Result<void> {
        auto remove = context.db.statement("DELETE FROM pending_data_tasks WHERE name = ?");
        if (!remove) {
          return std::unexpected(remove.error());
        }
        StatementScope scope(**remove);
        scope->bind(1, name);
        return scope->run();
      });
    }
    if (!done) {
      return done;
    }
  }
  return {};
}

}  // namespace parley::storage::sqlite
