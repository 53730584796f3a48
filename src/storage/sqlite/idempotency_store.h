#pragma once

#include "storage/conversation_stores.h"
#include "storage/sqlite/database.h"

namespace parley::storage::sqlite {

// Stored answers are sealed under the tenant key (a response body may hold personal data) and live
// 24 hours from the reservation; older rows count as absent and are deleted as new keys come in.
// The request's hash is kept keyed. Which customer an answer is about is not known here, so
// anonymising or erasing any customer forgets every stored answer of the tenant (a retry after it
// runs again): no copy of the customer's data outlives the action (privacy_store.h).
// A replay is answered from a read connection, without a write.
//
// Beyond the interface's contract: complete() is NotFound unless the key is reserved and still in
// progress (a 5xx answer, which releases it, is never an error), and ValidationFailed for a status
// below 100.
class SqliteIdempotencyStore final : public IdempotencyStore {
 public:
  explicit SqliteIdempotencyStore(Database& database) : database_(database) {}

  // IdempotencyStore
  void reserve(TenantId tenant, std::string scope, std::string key, std::string request_hash,
               Done<IdempotencyReservation> done) override;
  void complete(TenantId tenant, std::string scope, std::string key, IdempotentAnswer answer,
                Done<void> done) override;

 private:
  Database& database_;
};

}  // namespace parley::storage::sqlite
