#pragma once
// Opening a data directory: the master key, the database, its stores. Shared by `serve` and
// `admin`.

#include <filesystem>
#include <memory>

#include "core/clock.h"
#include "privacy/keyring.h"
#include "storage/sqlite/sqlite_stores.h"

namespace parley::app {

struct DataDir {
  std::unique_ptr<privacy::Keyring> keyring;
  std::unique_ptr<storage::sqlite::SqliteStores> engine;
  storage::Stores stores;
};

// Creates the directory (mode 0700) when missing. Errors are one clear line for the operator.
[[nodiscard]] Result<DataDir> openDataDir(const std::filesystem::path& path, const Clock& clock);

}  // namespace parley::app
