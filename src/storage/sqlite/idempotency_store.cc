#include "storage/sqlite/idempotency_store.h"

#include "privacy/blind_index.h"
#include "storage/sqlite/fields.h"

namespace parley::storage::sqlite {
namespace {

constexpr std::string_view kEntity = "idempotency";
constexpr std::chrono::hours kLifetime{24};
constexpr int64_t kExpiredPerWrite = 100;

// What the stored answer is bound to, besides the tenant.
std::string answerId(std::string_view scope, std::string_view key) {
  return std::string(scope) + "\n" + std::string(key);
}

struct Request {
  TenantId tenant;
  std::string scope;
  std::string key;
  std::string request_hash;
  privacy::SecretKey tenant_key;
  TimePoint now;

  int64_t liveSince() const { return toUnixMillis(now - kLifetime); }
};

// What a live row says to a request with that key; nullopt when there is none.
Result<std::optional<IdempotencyReservation>> answerFromRow(Connection& db,
                                                            const Request& request) {
  auto query = db.statement(
      "SELECT request_hash, status, body_enc FROM idempotency_keys "
      "WHERE tenant_id = ? AND scope = ? AND key = ? AND created_at >= ?");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, request.tenant.value)
      .bind(2, request.scope)
      .bind(3, request.key)
      .bind(4, request.liveSince());
  if (!scope->step()) {
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return std::optional<IdempotencyReservation>();
  }
  IdempotencyReservation reservation;
  if (scope->blob(0) != request.request_hash) {
    reservation.mismatch = true;
  } else if (scope->integer(1) == 0) {
    reservation.in_progress = true;
  } else {
    IdempotentAnswer answer{static_cast<int>(scope->integer(1)), ""};
    if (auto sealed = scope->optionalBlob(2)) {
      auto body = openField(request.tenant_key, request.tenant, kEntity,
                            answerId(request.scope, request.key), "body", *sealed);
      if (!body) {
        return fail(ErrorCode::Internal, "stored answer does not decrypt");
      }
      answer.body = std::move(*body);
    }
    reservation.done = std::move(answer);
  }
  return std::optional(std::move(reservation));
}

Result<void> deleteExpired(Connection& db, const Request& request) {
  auto expired = db.statement(
      "DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM idempotency_keys "
      "WHERE created_at < ? LIMIT ?)");
  if (!expired) {
    return std::unexpected(expired.error());
  }
  StatementScope scope(**expired);
  scope->bind(1, request.liveSince()).bind(2, kExpiredPerWrite);
  return scope->run();
}

Result<IdempotencyReservation> reserveInWrite(Connection& db, const Request& request) {
  // Decrypting a stored answer here, on the writer thread, happens only when it was stored between
  // the caller's read and this write.
  auto existing = answerFromRow(db, request);
  if (!existing) {
    return std::unexpected(existing.error());
  }
  if (*existing) {
    return std::move(**existing);
  }
  if (auto deleted = deleteExpired(db, request); !deleted) {
    return std::unexpected(deleted.error());
  }
  // REPLACE: an expired row of the same key may still be there.
  auto insert = db.statement(
      "INSERT OR REPLACE INTO idempotency_keys (tenant_id, scope, key, request_hash, status, "
      "body_enc, created_at) VALUES (?,?,?,?,0,NULL,?)");
  if (!insert) {
    return std::unexpected(insert.error());
  }
  StatementScope scope(**insert);
  scope->bind(1, request.tenant.value)
      .bind(2, request.scope)
      .bind(3, request.key)
      .bindBlob(4, request.request_hash)
      .bind(5, toUnixMillis(request.now));
  if (auto inserted = scope->run(); !inserted) {
    return std::unexpected(inserted.error());
  }
  return IdempotencyReservation{.reserved = true};
}

}  // namespace

void SqliteIdempotencyStore::reserve(TenantId tenant, std::string scope, std::string key,
                                     std::string request_hash, Done<IdempotencyReservation> done) {
  auto tenant_key = database_.tenantKey(tenant);
  if (!tenant_key) {
    done(std::unexpected(tenant_key.error()));
    return;
  }
  // Keyed, so the stored hash of a short body (a message's text) cannot be confirmed by guessing.
  std::string keyed_hash = privacy::blindIndex(privacy::Keyring::tenantIndexKey(*tenant_key),
                                               "idempotency-request", request_hash);
  Request request{std::move(tenant),     std::move(scope), std::move(key),
                  std::move(keyed_hash), *tenant_key,      database_.clock().now()};
  // A repeat is answered from what is stored; only a new key needs the writer.
  auto existing = database_.read([&](Connection& db) { return answerFromRow(db, request); });
  if (!existing) {
    done(std::unexpected(existing.error()));
    return;
  }
  if (*existing) {
    done(std::move(**existing));
    return;
  }
  database_.write<IdempotencyReservation>(
      [request = std::move(request)](WriteContext& context) -> Result<IdempotencyReservation> {
        return reserveInWrite(context.db, request);
      },
      std::move(done));
}

void SqliteIdempotencyStore::complete(TenantId tenant, std::string scope, std::string key,
                                      IdempotentAnswer answer, Done<void> done) {
  if (answer.status < 100) {
    done(fail(ErrorCode::ValidationFailed, "an answer needs an HTTP status"));
    return;
  }
  if (answer.status >= 500) {
    // Released, so that the client's retry runs again.
    database_.write<void>(
        [tenant = std::move(tenant), scope = std::move(scope),
         key = std::move(key)](WriteContext& context) -> Result<void> {
          auto release = context.db.statement(
              "DELETE FROM idempotency_keys WHERE tenant_id = ? AND scope = ? AND key = ?");
          if (!release) {
            return std::unexpected(release.error());
          }
          StatementScope statement(**release);
          statement->bind(1, tenant.value).bind(2, scope).bind(3, key);
          return statement->run();
        },
        std::move(done));
    return;
  }
  auto tenant_key = database_.tenantKey(tenant);
  if (!tenant_key) {
    done(std::unexpected(tenant_key.error()));
    return;
  }
  std::string sealed =
      sealField(*tenant_key, tenant, kEntity, answerId(scope, key), "body", answer.body);
  database_.write<void>(
      [tenant = std::move(tenant), scope = std::move(scope), key = std::move(key),
       status = answer.status, sealed = std::move(sealed)](WriteContext& context) -> Result<void> {
        auto update = context.db.statement(
            "UPDATE idempotency_keys SET status = ?, body_enc = ? "
            "WHERE tenant_id = ? AND scope = ? AND key = ? AND status = 0");
        if (!update) {
          return std::unexpected(update.error());
        }
        StatementScope statement(**update);
        statement->bind(1, int64_t{status})
            .bindBlob(2, sealed)
            .bind(3, tenant.value)
            .bind(4, scope)
            .bind(5, key);
        if (auto updated = statement->run(); !updated) {
          return updated;
        }
        if (context.db.changes() == 0) {
          return fail(ErrorCode::NotFound, "that key is not reserved");
        }
        return {};
      },
      std::move(done));
}

}  // namespace parley::storage::sqlite
