#include "storage/sqlite/canned_response_store.h"

#include <algorithm>

#include "privacy/crypto.h"

namespace parley::storage::sqlite {
namespace {

constexpr size_t kMaxShortcut = 32;
constexpr size_t kMaxText = 4096;

bool isShortcut(std::string_view shortcut) {
  return !shortcut.empty() && shortcut.size() <= kMaxShortcut &&
         std::all_of(shortcut.begin(), shortcut.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
         });
}

Result<CannedResponse> insertResponse(Connection& db, const CannedResponse& response) {
  auto insert = db.statement(
      "INSERT INTO canned_responses (tenant_id, id, shortcut, text, created_at, updated_at) "
      "VALUES (?,?,?,?,?,?)");
  if (!insert) {
    return std::unexpected(insert.error());
  }
  StatementScope scope(**insert);
  scope->bind(1, response.tenant_id.value)
      .bind(2, response.id.value)
      .bind(3, response.shortcut)
      .bind(4, response.text)
      .bind(5, toUnixMillis(response.created_at))
      .bind(6, toUnixMillis(response.updated_at));
  if (auto inserted = scope->run(); !inserted) {
    if (inserted.error().code == ErrorCode::Conflict) {
      return fail(ErrorCode::Conflict, "a canned response with that shortcut exists");
    }
    return std::unexpected(inserted.error());
  }
  return response;
}

Result<CannedResponse> replaceResponse(Connection& db, CannedResponse response) {
  auto update = db.statement(
      "UPDATE canned_responses SET shortcut = ?, text = ?, updated_at = ? "
      "WHERE tenant_id = ? AND id = ? RETURNING created_at");
  if (!update) {
    return std::unexpected(update.error());
  }
  StatementScope scope(**update);
  scope->bind(1, response.shortcut)
      .bind(2, response.text)
      .bind(3, toUnixMillis(response.updated_at))
      .bind(4, response.tenant_id.value)
      .bind(5, response.id.value);
  if (!scope->step()) {
    if (scope->error() && scope->error()->code == ErrorCode::Conflict) {
      return fail(ErrorCode::Conflict, "a canned response with that shortcut exists");
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return fail(ErrorCode::NotFound, "no such canned response");
  }
  response.created_at = fromUnixMillis(scope->integer(0));
  while (scope->step()) {  // RETURNING: the update completes once the statement is stepped out
  }
  if (scope->error()) {
    return std::unexpected(*scope->error());
  }
  return response;
}

}  // namespace

Result<std::vector<CannedResponse>> SqliteCannedResponseStore::listCannedResponses(
    const TenantId& tenant) {
  return database_.read([&](Connection& db) -> Result<std::vector<CannedResponse>> {
    auto query = db.statement(
        "SELECT id, shortcut, text, created_at, updated_at FROM canned_responses "
        "WHERE tenant_id = ? ORDER BY shortcut");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value);
    std::vector<CannedResponse> responses;
    while (scope->step()) {
      responses.push_back(CannedResponse{tenant, CannedResponseId{scope->text(0)}, scope->text(1),
                                         scope->text(2), fromUnixMillis(scope->integer(3)),
                                         fromUnixMillis(scope->integer(4))});
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return responses;
  });
}

void SqliteCannedResponseStore::saveCannedResponse(CannedResponse response,
                                                   Done<CannedResponse> done) {
  if (!isShortcut(response.shortcut)) {
    done(fail(ErrorCode::ValidationFailed,
              "shortcut must be 1 to 32 characters of a-z, 0-9, _ and -"));
    return;
  }
  if (response.text.empty() || response.text.size() > kMaxText) {
    done(fail(ErrorCode::ValidationFailed, "text must be 1 to 4096 bytes"));
    return;
  }
  if (auto key = database_.tenantKey(response.tenant_id); !key) {
    done(std::unexpected(key.error()));
    return;
  }
  const bool creating = response.id.empty();
  response.updated_at = database_.clock().now();
  if (creating) {
    response.id = privacy::newId<CannedResponseTag>();
    response.created_at = response.updated_at;
  }
  database_.write<CannedResponse>(
      [response = std::move(response),
       creating](WriteContext& context) mutable -> Result<CannedResponse> {
        return creating ? insertResponse(context.db, response)
                        : replaceResponse(context.db, std::move(response));
      },
      std::move(done));
}

void SqliteCannedResponseStore::deleteCannedResponse(TenantId tenant, CannedResponseId id,
                                                     Done<void> done) {
  database_.write<void>(
      [tenant = std::move(tenant), id = std::move(id)](WriteContext& context) -> Result<void> {
        auto remove =
            context.db.statement("DELETE FROM canned_responses WHERE tenant_id = ? AND id = ?");
        if (!remove) {
          return std::unexpected(remove.error());
        }
        {
          StatementScope scope(**remove);
          scope->bind(1, tenant.value).bind(2, id.value);
          if (auto removed = scope->run(); !removed) {
            return removed;
          }
        }
        if (context.db.changes() == 0) {
          return fail(ErrorCode::NotFound, "no such canned response");
        }
        return {};
      },
      std::move(done));
}

}  // namespace parley::storage::sqlite
