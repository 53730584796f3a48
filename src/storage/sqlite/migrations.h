#pragma once
// Versioned schema migrations, applied in order at start-up inside one transaction each. A
// migration, once released, never changes: a new version is appended instead.

#include "core/error.h"

namespace parley::storage::sqlite {

class Connection;

// Brings the schema to the newest version; returns the version it ends at.
[[nodiscard]] Result<int> migrate(Connection& connection);

}  // namespace parley::storage::sqlite
