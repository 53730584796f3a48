#pragma once
// Destroys tenants deleted longer than kTenantGrace ago (P4), a small batch at a time, inside the
// retention write: first the tenant's key (its wrapped key is emptied, so nothing sealed under it,
// or under the keys of its contacts it wraps, opens again, in this database or any copy), then its
// rows, children before parents. The tenant row stays as a tombstone (name, times), with its audit
// chain, whose values no longer open and which is pruned on the audit schedule like any other.

#include <vector>

#include "storage/sqlite/database.h"

namespace parley::storage::sqlite {

struct TenantDestruction {
  size_t rows = 0;                  // rows written
  std::vector<TenantId> destroyed;  // keys destroyed in this batch
  std::vector<TenantId> purged;     // their last rows gone in this batch: their files can go
};

// REQUIRES: inside a write.
[[nodiscard]] Result<TenantDestruction> destroyDeletedTenants(WriteContext& context, TimePoint now,
                                                              size_t budget);

}  // namespace parley::storage::sqlite
