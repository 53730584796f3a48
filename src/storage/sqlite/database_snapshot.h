#pragma once
// A consistent copy of a live SQLite database, streamed page by page, for backups
// (backup/backup_maker.h): no copy of it is ever written to disk in the clear.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace parley::storage::sqlite {

// Where the copy goes: pieces of the database file, each at its offset. Most arrive in order,
// one page each; a later piece for an offset replaces what an earlier one wrote there (the first
// page comes again, last).
using PieceSink = std::function<Result<void>(uint64_t offset, std::string_view bytes)>;

// Copies the database at `source` as it was at one moment, while other connections and processes
// keep writing: SQLite's online backup in a single step, which is one read transaction (WAL lets
// writers work beside a reader; copying in several steps would restart whenever another process
// commits, so it might never finish under steady ingest). The destination is a file of a VFS of
// ours that hands each page on as SQLite writes it, keeping only the first page (the one SQLite
// writes again when it finishes). Returns the copy's size in bytes. NotFound when `source` does not
// exist.
[[nodiscard]] Result<uint64_t> streamDatabase(const std::string& source, const PieceSink& sink);

// `PRAGMA integrity_check` of a database file that no one else uses; the first problem found as
// a ValidationFailed error.
[[nodiscard]] Result<void> checkIntegrity(const std::string& path);

}  // namespace parley::storage::sqlite
