#include "storage/sqlite/database_snapshot.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <thread>

namespace parley::storage::sqlite {
namespace {

struct CloseDatabase {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using DatabaseHandle = std::unique_ptr<sqlite3, CloseDatabase>;

Result<DatabaseHandle> openFile(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  const int opened = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  DatabaseHandle handle(db);
  if (opened != SQLITE_OK) {
    return fail(ErrorCode::Internal,
                "cannot open " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
  }
  sqlite3_busy_timeout(db, 5000);
  return handle;
}

}  // namespace

Result<uint64_t> snapshotDatabase(const std::string& source, const std::string& target) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(source, error)) {
    return fail(ErrorCode::NotFound, source + " does not exist");
  }
  // Created here, private, so SQLite never makes it with looser permissions.
  const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return fail(ErrorCode::Internal, "cannot create " + target + ": " + std::strerror(errno));
  }
  ::close(fd);
  auto from = openFile(source, SQLITE_OPEN_READONLY);
  if (!from) {
    return std::unexpected(from.error());
  }
  auto to = openFile(target, SQLITE_OPEN_READWRITE);
  if (!to) {
    return std::unexpected(to.error());
  }
  // Nothing to roll back into and nothing to sync: a failed copy is deleted whole.
  sqlite3_exec(to->get(), "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;", nullptr, nullptr,
               nullptr);
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
  const int pages = sqlite3_backup_pagecount(backup);
  sqlite3_backup_finish(backup);
  if (step != SQLITE_DONE) {
    return fail(ErrorCode::Internal, "cannot copy " + source + ": " + sqlite3_errstr(step));
  }
  sqlite3_int64 page_size = 0;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(to->get(), "PRAGMA page_size", -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    page_size = sqlite3_column_int64(statement, 0);
  }
  sqlite3_finalize(statement);
  return static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_size);
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
