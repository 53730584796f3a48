#pragma once
// Appends links to each tenant's audit chain from inside the writer's transaction. Owned by the
// writer thread; keeps each tenant's chain head in memory and forgets it whenever a write is rolled
// back, so the next append re-reads the truth from the database.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/clock.h"
#include "core/model.h"
#include "privacy/audit_chain.h"
#include "privacy/crypto.h"

namespace parley::storage::sqlite {

class Connection;

// One change to personal data, its new value sealed already.
struct AuditChange {
  std::string entity;
  std::string entity_id;
  std::string attribute;
  std::string value_sealed;  // empty when the value was cleared
};

// Pruned chains' checkpoints (privacy/audit_chain.h), by tenant; one tenant's, if pruned.
[[nodiscard]] Result<std::map<std::string, privacy::AuditCheckpoint>> readAuditCheckpoints(
    Connection& db);
[[nodiscard]] Result<std::optional<privacy::AuditCheckpoint>> readAuditCheckpoint(
    Connection& db, std::string_view tenant);

class AuditAppender {
 public:
  explicit AuditAppender(const privacy::SecretKey& chain_key) : chain_key_(chain_key) {}

  // REQUIRES: writer thread, inside a transaction.
  [[nodiscard]] Result<void> append(Connection& db, const TenantId& tenant, const Actor& actor,
                                    TimePoint at, const AuditChange& change);

  // The heads the committed transaction moved (tenant, seq, hash), for the anchors; clears them.
  std::vector<std::tuple<std::string, int64_t, std::string>> takeCommitted();

  // The current write was rolled back: heads it moved are no longer true.
  void forgetTouched();
  void writeSucceeded() { touched_.clear(); }
  // The whole transaction was rolled back.
  void forgetAll();

 private:
  struct Head {
    int64_t seq = 0;
    std::string hash;
  };
  Result<Head*> head(Connection& db, const std::string& tenant);

  privacy::SecretKey chain_key_;
  std::unordered_map<std::string, Head> heads_;
  std::unordered_set<std::string> touched_;
  std::unordered_set<std::string> in_transaction_;  // tenants appended to since the last commit
};

}  // namespace parley::storage::sqlite
