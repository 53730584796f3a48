#pragma once
// Making a backup of a data directory while the server keeps serving (O1, P10): one data file
// (a snapshot of parley.db, the audit anchors, the media files) and, made just after, one file of
// the contact key store. Both are encrypted under the master key's backup key.
//
// The key store is a file of its own so that a restore can take the newest one: a contact erased
// after a data backup was made then stays erased in it (its key is gone). The key store's
// backups are kept fewer (`keep_keys`): a destroyed key lives on in them only until they are
// pruned.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "core/clock.h"
#include "core/error.h"
#include "privacy/keyring.h"

namespace parley::backup {

struct BackupOptions {
  std::filesystem::path data_dir;
  std::filesystem::path backup_dir;
  size_t keep = 14;      // data backups kept
  size_t keep_keys = 3;  // key-store backups kept
};

struct BackupReport {
  TimePoint at;
  std::filesystem::path data_file;
  std::filesystem::path keys_file;
  uint64_t bytes = 0;  // of both files
  size_t files = 0;    // in the data file
  Millis took{0};
  size_t pruned = 0;  // older files deleted
};

// Conflict when another backup of the same directory is running (in this process or another).
[[nodiscard]] Result<BackupReport> makeBackup(const BackupOptions& options,
                                              const privacy::Keyring& keyring, const Clock& clock);

}  // namespace parley::backup
