#pragma once
// Opening a data directory: the master key, the database, its stores. Shared by `serve` and
// `admin`.

#include <filesystem>
#include <memory>
#include <utility>

#include "core/clock.h"
#include "core/file_lock.h"
#include "privacy/keyring.h"
#include "storage/sqlite/sqlite_stores.h"

namespace parley::app {

// DATA/keys.lock: shared by every process that has the data open (the server, admin commands),
// exclusive for `parley admin rotate-master-key`, so that keys are never re-wrapped under a
// process that holds them, and a rotation's leftovers are finished only when none runs.
[[nodiscard]] Result<FileLock> takeKeysLock(const std::filesystem::path& data_dir,
                                            FileLock::Mode mode);

struct DataDir {
  FileLock keys_lock;  // first: released last
  std::unique_ptr<privacy::Keyring> keyring;
  std::unique_ptr<storage::sqlite::SqliteStores> engine;
  storage::Stores stores;
};

// Creates the directory (mode 0700) when missing. Errors are one clear line for the operator.
[[nodiscard]] Result<DataDir> openDataDir(const std::filesystem::path& path, const Clock& clock);

// `parley serve`'s hold on a data directory (an exclusive lock on DATA/serve.lock), released when
// it goes: two servers on one directory would each take the other's work for a crash's leftovers
// (keys made ahead, staged files). Admin commands do not take it.
[[nodiscard]] Result<FileLock> takeServeLock(const std::filesystem::path& data_dir);

}  // namespace parley::app
