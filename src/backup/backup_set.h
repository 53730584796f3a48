#pragma once
// The files of a backup directory: each backup is a data file and a key-store file made together,
// named by the time they were made (parley-data-20261207T030000.000Z.pbk and parley-keys-….pbk),
// each with a `.sha256` beside it. Names sort by time.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "backup/backup_archive.h"
#include "core/clock.h"

namespace parley::backup {

struct StoredBackup {
  ArchiveKind kind = ArchiveKind::Data;
  TimePoint at;
  std::filesystem::path path;
  uint64_t bytes = 0;
};

std::filesystem::path backupPath(const std::filesystem::path& directory, ArchiveKind kind,
                                 TimePoint at);
// Every finished backup file in `directory` (none when it does not exist), oldest first.
std::vector<StoredBackup> listBackups(const std::filesystem::path& directory);
// Deletes the oldest files of `kind` (and their checksums) beyond the newest `keep`; returns how
// many went.
size_t pruneBackups(const std::filesystem::path& directory, ArchiveKind kind, size_t keep);
// The key-store backup to restore a data backup made at `at` with: the newest, so that keys
// destroyed since (erased contacts) stay destroyed. Nullopt when there is none as new as `at`.
std::optional<StoredBackup> newestKeysBackup(const std::filesystem::path& directory, TimePoint at);

}  // namespace parley::backup
