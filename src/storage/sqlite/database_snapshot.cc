#include "storage/sqlite/database_snapshot.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace parley::storage::sqlite {
namespace {

constexpr const char* kVfsName = "parley-stream";

struct CloseDatabase {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using DatabaseHandle = std::unique_ptr<sqlite3, CloseDatabase>;

Result<DatabaseHandle> openFile(const std::string& path, int flags, const char* vfs = nullptr) {
  sqlite3* db = nullptr;
  const int opened = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, vfs);
  DatabaseHandle handle(db);
  if (opened != SQLITE_OK) {
    return fail(ErrorCode::Internal,
                "cannot open " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
  }
  sqlite3_busy_timeout(db, 5000);
  return handle;
}

// One streamed copy: what its destination file has seen.
struct Stream {
  const PieceSink* sink = nullptr;
  std::string first_page;  // the bytes written below the second page, kept for reads and the end
  size_t page_size = 0;
  uint64_t size = 0;  // the file's size as SQLite sees it
  std::optional<Error> error;
};

// Streams by destination file name, so the VFS's open finds its stream.
std::mutex streams_mutex;
std::map<std::string, Stream*> streams;

struct StreamFile {
  sqlite3_file base;
  Stream* stream;
};

Stream& streamOf(sqlite3_file* file) { return *reinterpret_cast<StreamFile*>(file)->stream; }

int streamClose(sqlite3_file*) { return SQLITE_OK; }

int streamRead(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  Stream& stream = streamOf(file);
  const auto at = static_cast<uint64_t>(offset);
  const auto count = static_cast<uint64_t>(amount);
  if (at >= stream.size) {
    std::memset(out, 0, count);
    return SQLITE_IOERR_SHORT_READ;
  }
  if (at + count <= stream.first_page.size()) {
    std::memcpy(out, stream.first_page.data() + at, count);
    return SQLITE_OK;
  }
  // A page handed on already: SQLite does not read those back while it copies. If it ever did,
  // the copy fails rather than guess.
  stream.error = Error{ErrorCode::Internal, "SQLite read back a page already streamed"};
  return SQLITE_IOERR_READ;
}

int streamWrite(sqlite3_file* file, const void* bytes, int amount, sqlite3_int64 offset) {
  Stream& stream = streamOf(file);
  const auto at = static_cast<uint64_t>(offset);
  const std::string_view piece(static_cast<const char*>(bytes), static_cast<size_t>(amount));
  stream.size = std::max<uint64_t>(stream.size, at + piece.size());
  if (at < stream.page_size) {
    if (stream.first_page.size() < at + piece.size()) {
      stream.first_page.resize(at + piece.size());
    }
    stream.first_page.replace(at, piece.size(), piece);
    return SQLITE_OK;
  }
  if (auto sent = (*stream.sink)(at, piece); !sent) {
    stream.error = sent.error();
    return SQLITE_IOERR_WRITE;
  }
  return SQLITE_OK;
}

int streamTruncate(sqlite3_file* file, sqlite3_int64 size) {
  Stream& stream = streamOf(file);
  stream.size = std::min<uint64_t>(stream.size, static_cast<uint64_t>(size));
  if (stream.first_page.size() > stream.size) {
    stream.first_page.resize(stream.size);
  }
  return SQLITE_OK;
}

int streamSync(sqlite3_file*, int) { return SQLITE_OK; }

int streamFileSize(sqlite3_file* file, sqlite3_int64* size) {
  *size = static_cast<sqlite3_int64>(streamOf(file).size);
  return SQLITE_OK;
}

int streamLock(sqlite3_file*, int) { return SQLITE_OK; }
int streamCheckReservedLock(sqlite3_file*, int* out) {
  *out = 0;
  return SQLITE_OK;
}
int streamFileControl(sqlite3_file*, int, void*) { return SQLITE_NOTFOUND; }
int streamSectorSize(sqlite3_file*) { return 4096; }
int streamDeviceCharacteristics(sqlite3_file*) { return 0; }

const sqlite3_io_methods kStreamMethods = {
    1,
    streamClose,
    streamRead,
    streamWrite,
    streamTruncate,
    streamSync,
    streamFileSize,
    streamLock,
    streamLock,
    streamCheckReservedLock,
    streamFileControl,
    streamSectorSize,
    streamDeviceCharacteristics,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

sqlite3_vfs* defaultVfs() { return sqlite3_vfs_find(nullptr); }

// The stream's own file for the copy's main database; anything else SQLite opens goes to the
// default VFS (there should be nothing else: no journal, no temporary files).
int streamOpen(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  if (name && (flags & SQLITE_OPEN_MAIN_DB)) {
    std::lock_guard lock(streams_mutex);
    auto found = streams.find(name);
    if (found == streams.end()) {
      file->pMethods = nullptr;
      return SQLITE_CANTOPEN;  // never a real file in the clear
    }
    auto* stream_file = reinterpret_cast<StreamFile*>(file);
    stream_file->base.pMethods = &kStreamMethods;
    stream_file->stream = found->second;
    if (out_flags) {
      *out_flags = flags;
    }
    return SQLITE_OK;
  }
  return defaultVfs()->xOpen(defaultVfs(), name, file, flags, out_flags);
}

int streamDelete(sqlite3_vfs*, const char* name, int sync) {
  return defaultVfs()->xDelete(defaultVfs(), name, sync);
}
int streamAccess(sqlite3_vfs*, const char* name, int flags, int* out) {
  return defaultVfs()->xAccess(defaultVfs(), name, flags, out);
}
int streamFullPathname(sqlite3_vfs*, const char* name, int size, char* out) {
  std::snprintf(out, static_cast<size_t>(size), "%s", name);
  return SQLITE_OK;
}
int streamRandomness(sqlite3_vfs*, int size, char* out) {
  return defaultVfs()->xRandomness(defaultVfs(), size, out);
}
int streamSleep(sqlite3_vfs*, int microseconds) {
  return defaultVfs()->xSleep(defaultVfs(), microseconds);
}
int streamCurrentTime(sqlite3_vfs*, double* out) {
  return defaultVfs()->xCurrentTime(defaultVfs(), out);
}
int streamGetLastError(sqlite3_vfs*, int size, char* out) {
  return defaultVfs()->xGetLastError(defaultVfs(), size, out);
}

// Registered once, never the default.
void registerStreamVfs() {
  static std::once_flag once;
  std::call_once(once, [] {
    static sqlite3_vfs vfs{};
    vfs.iVersion = 1;
    vfs.szOsFile = std::max<int>(sizeof(StreamFile), defaultVfs()->szOsFile);
    vfs.mxPathname = defaultVfs()->mxPathname;
    vfs.zName = kVfsName;
    vfs.xOpen = streamOpen;
    vfs.xDelete = streamDelete;
    vfs.xAccess = streamAccess;
    vfs.xFullPathname = streamFullPathname;
    vfs.xRandomness = streamRandomness;
    vfs.xSleep = streamSleep;
    vfs.xCurrentTime = streamCurrentTime;
    vfs.xGetLastError = streamGetLastError;
    sqlite3_vfs_register(&vfs, 0);
  });
}

int64_t pragmaInteger(sqlite3* db, const char* sql) {
  sqlite3_stmt* statement = nullptr;
  int64_t value = 0;
  if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    value = sqlite3_column_int64(statement, 0);
  }
  sqlite3_finalize(statement);
  return value;
}

}  // namespace

Result<uint64_t> streamDatabase(const std::string& source, const PieceSink& sink) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(source, error)) {
    return fail(ErrorCode::NotFound, source + " does not exist");
  }
  registerStreamVfs();
  auto from = openFile(source, SQLITE_OPEN_READONLY);
  if (!from) {
    return std::unexpected(from.error());
  }
  static std::atomic<uint64_t> next_stream{0};
  const std::string name = "/parley-stream-" + std::to_string(next_stream++);
  Stream stream;
  stream.sink = &sink;
  // The copy's page size is the source's: the backup keeps it, and the first page is what lies
  // below the second.
  stream.page_size = static_cast<size_t>(pragmaInteger(from->get(), "PRAGMA page_size"));
  {
    std::lock_guard lock(streams_mutex);
    streams.emplace(name, &stream);
  }
  struct Unregister {
    const std::string& name;
    ~Unregister() {
      std::lock_guard lock(streams_mutex);
      streams.erase(name);
    }
  } unregister{name};

  auto to = openFile(name, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, kVfsName);
  if (!to) {
    return std::unexpected(to.error());
  }
  // No journal to roll back into, nothing to sync; a small cache, so pages stream as they come.
  sqlite3_exec(to->get(), "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=256;",
               nullptr, nullptr, nullptr);
  sqlite3_backup* backup = sqlite3_backup_init(to->get(), "main", from->get(), "main");
  if (!backup) {
    return fail(ErrorCode::Internal,
                "cannot start copying " + source + ": " + sqlite3_errmsg(to->get()));
  }
  int step = SQLITE_OK;
  for (int attempt = 0; attempt < 500; ++attempt) {
    step = sqlite3_backup_step(backup, -1);
    if (step != SQLITE_BUSY && step != SQLITE_LOCKED) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  sqlite3_backup_finish(backup);
  to.value().reset();  // closes the copy: its first page is final now
  if (stream.error) {
    return std::unexpected(*stream.error);
  }
  if (step != SQLITE_DONE) {
    return fail(ErrorCode::Internal, "cannot copy " + source + ": " + sqlite3_errstr(step));
  }
  if (!stream.first_page.empty()) {
    if (auto sent = sink(0, stream.first_page); !sent) {
      return std::unexpected(sent.error());
    }
  }
  return stream.size;
}

Result<void> checkIntegrity(const std::string& path) {
  auto db = openFile(path, SQLITE_OPEN_READWRITE);
  if (!db) {
    return std::unexpected(db.error());
  }
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db->get(), "PRAGMA integrity_check(1)", -1, &statement, nullptr) !=
      SQLITE_OK) {
    return fail(ErrorCode::ValidationFailed,
                path + " is not a database: " + sqlite3_errmsg(db->get()));
  }
  std::string verdict;
  if (sqlite3_step(statement) == SQLITE_ROW) {
    const auto* text = sqlite3_column_text(statement, 0);
    verdict = text ? reinterpret_cast<const char*>(text) : "";
  } else {
    verdict = sqlite3_errmsg(db->get());
  }
  sqlite3_finalize(statement);
  if (verdict != "ok") {
    return fail(ErrorCode::ValidationFailed, path + " is damaged: " + verdict);
  }
  return {};
}

}  // namespace parley::storage::sqlite
