#pragma once
// The node's keys in the data (O6): privacy::Keyring::kNodeKeyNames, each wrapped under the master
// key in `node_keys`. They double as the master key's canary: a wrong key does not unwrap them, and
// the data does not open.

#include <string>

#include "core/error.h"
#include "privacy/keyring.h"
#include "storage/sqlite/connection.h"

namespace parley::storage::sqlite {

// Puts the node keys in `keyring`, making them the first time: random for new data, the keys
// derived from the master key for data made before they were wrapped (its indexes and chains stay
// valid). Unauthenticated, with what to do, when the master key is not the data's.
[[nodiscard]] Result<void> loadNodeKeys(Connection& db, privacy::Keyring& keyring);

// Re-wraps the node keys and every tenant's key under `next`, in one transaction; the data is not
// rewritten. Returns how many keys. REQUIRES: no other process writes (the server is stopped).
[[nodiscard]] Result<size_t> rewrapKeys(Connection& db, const privacy::Keyring& current,
                                        const privacy::Keyring& next);

// Whether `keyring`'s master key is the one the data at `path` was made with.
bool masterKeyOpens(const std::string& path, const privacy::Keyring& keyring);

}  // namespace parley::storage::sqlite
