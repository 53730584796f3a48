#pragma once
// A consistent copy of a live SQLite database, for backups (backup/backup_maker.h).

#include <cstdint>
#include <string>

#include "core/error.h"

namespace parley::storage::sqlite {

// Copies the database at `source` into a new file at `target` (created 0600; it must not exist)
// as it was at one moment, while other connections and processes keep writing: SQLite's online
// backup in a single step, which is one read transaction, and WAL lets writers work beside a
// reader. (Copying in several steps would restart whenever another process commits, so it might
// never finish under steady ingest.) The copy is not synced to disk: it is read back at once and
// deleted. Returns its size in bytes. NotFound when `source` does not exist.
[[nodiscard]] Result<uint64_t> snapshotDatabase(const std::string& source,
                                                const std::string& target);

// `PRAGMA integrity_check` of a database file that no one else uses; the first problem found as
// a ValidationFailed error.
[[nodiscard]] Result<void> checkIntegrity(const std::string& path);

}  // namespace parley::storage::sqlite
