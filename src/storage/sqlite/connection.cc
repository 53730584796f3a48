#include "storage/sqlite/connection.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace parley::storage::sqlite {

Statement::~Statement() { sqlite3_finalize(statement_); }

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob(statement_, index, bytes.data(), static_cast<int>(bytes.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, int64_t value) {
  sqlite3_bind_int64(statement_, index, value);
  return *this;
}

Statement& Statement::bindNull(int index) {
  sqlite3_bind_null(statement_, index);
  return *this;
}

Statement& Statement::bindOptional(int index, const std::optional<std::string>& bytes) {
  return bytes ? bindBlob(index, *bytes) : bindNull(index);
}

Statement& Statement::bindOptionalText(int index, const std::optional<std::string>& text) {
  return text ? bind(index, *text) : bindNull(index);
}

Statement& Statement::bindOptionalInteger(int index, std::optional<int64_t> value) {
  return value ? bind(index, *value) : bindNull(index);
}

bool Statement::step() {
  const int code = sqlite3_step(statement_);
  if (code == SQLITE_ROW) {
    return true;
  }
  if (code != SQLITE_DONE) {
    const bool is_conflict = (code & 0xff) == SQLITE_CONSTRAINT;
    error_ = Error{is_conflict ? ErrorCode::Conflict : ErrorCode::Internal,
                   sqlite3_errmsg(sqlite3_db_handle(statement_))};
  }
  return false;
}

Result<void> Statement::run() {
  while (step()) {
  }
  if (error_) {
    return std::unexpected(*error_);
  }
  return {};
}

std::string Statement::text(int column) const {
  const auto* bytes = sqlite3_column_text(statement_, column);
  return bytes ? std::string(reinterpret_cast<const char*>(bytes),
                             static_cast<size_t>(sqlite3_column_bytes(statement_, column)))
               : std::string();
}

std::string Statement::blob(int column) const {
  const void* bytes = sqlite3_column_blob(statement_, column);
  return bytes ? std::string(static_cast<const char*>(bytes),
                             static_cast<size_t>(sqlite3_column_bytes(statement_, column)))
               : std::string();
}

int64_t Statement::integer(int column) const { return sqlite3_column_int64(statement_, column); }

bool Statement::isNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::optional<std::string> Statement::optionalBlob(int column) const {
  if (isNull(column)) {
    return std::nullopt;
  }
  return blob(column);
}

std::optional<std::string> Statement::optionalText(int column) const {
  if (isNull(column)) {
    return std::nullopt;
  }
  return text(column);
}

std::optional<int64_t> Statement::optionalInteger(int column) const {
  if (isNull(column)) {
    return std::nullopt;
  }
  return integer(column);
}

void Statement::reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  error_.reset();
}

namespace {

// A database holds customers' data: only Parley's user may read it. SQLite creates its WAL and
// shared-memory files with the database file's mode, so the database is created 0600 (and files
// an older version left readable are narrowed).
// An existing database is never opened here: closing any descriptor of a file drops every POSIX
// lock this process holds on it, SQLite's included, and without its shared lock another process
// (`parley admin …` beside the server) would take the last connection's exclusive lock, then
// checkpoint and delete the write-ahead log under this process's connections.
Result<void> restrictToOwner(const std::string& path) {
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) {
    return {};
  }
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);  // made now: nobody had it open
  } else if (errno != EEXIST) {
    return fail(ErrorCode::Internal, "cannot create " + path + ": " + std::strerror(errno));
  }
  for (const std::string& file : {path, path + "-wal", path + "-shm", path + "-journal"}) {
    if (::chmod(file.c_str(), 0600) != 0 && errno != ENOENT) {
      return fail(ErrorCode::Internal,
                  "cannot restrict " + file + " to its owner: " + std::strerror(errno));
    }
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, Mode mode) {
  if (mode == Mode::ReadWrite) {
    if (auto restricted = restrictToOwner(path); !restricted) {
      return std::unexpected(restricted.error());
    }
  }
  sqlite3* db = nullptr;
  const int flags = (mode == Mode::ReadWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                             : SQLITE_OPEN_READONLY) |
                    SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return fail(ErrorCode::Internal, "cannot open " + path + ": " + message);
  }
  std::unique_ptr<Connection> connection(new Connection(db));
  sqlite3_busy_timeout(db, 5000);
  // FULL: a commit is on disk before anyone is told it happened (PRODUCT.md, "nothing lost").
  const char* pragmas = mode == Mode::ReadWrite
                            ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                              "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON; "
                              "PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=4000; "
                              "PRAGMA mmap_size=268435456;"
                            : "PRAGMA foreign_keys=ON; PRAGMA cache_size=-16384; "
                              "PRAGMA mmap_size=268435456;";
  if (auto done = connection->exec(pragmas); !done) {
    return std::unexpected(done.error());
  }
  return connection;
}

Connection::~Connection() {
  statements_.clear();
  sqlite3_close(db_);
}

Result<void> Connection::exec(std::string_view sql) {
  char* message = nullptr;
  const std::string terminated(sql);
  if (sqlite3_exec(db_, terminated.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    Error error{ErrorCode::Internal, message ? message : "sqlite error"};
    sqlite3_free(message);
    return std::unexpected(error);
  }
  return {};
}

Result<void> Connection::run(const char* sql) {
  auto prepared = statement(sql);
  if (!prepared) {
    return std::unexpected(prepared.error());
  }
  StatementScope scope(**prepared);
  return scope->run();
}

Statement* Connection::prepare(const char* sql) {
  auto found = statements_.find(sql);
  if (found != statements_.end()) {
    return found->second.get();
  }
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK) {
    return nullptr;
  }
  auto statement = std::make_unique<Statement>(raw);
  Statement* pointer = statement.get();
  statements_.emplace(sql, std::move(statement));
  return pointer;
}

Result<Statement*> Connection::statement(const char* sql) {
  Statement* prepared = prepare(sql);
  if (!prepared) {
    return fail(ErrorCode::Internal, "bad SQL: " + lastError());
  }
  return prepared;
}

bool Connection::hasColumn(std::string_view table, std::string_view column) {
  Statement* query = prepare("SELECT count(*) FROM pragma_table_info(?) WHERE name = ?");
  if (!query) {
    return false;
  }
  StatementScope scope(*query);
  scope->bind(1, table).bind(2, column);
  return scope->step() && scope->integer(0) > 0;
}

int64_t Connection::changes() const { return sqlite3_changes64(db_); }

bool Connection::inTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

int64_t Connection::dataVersion() {
  Statement* query = prepare("PRAGMA data_version");
  if (!query) {
    return -1;
  }
  StatementScope scope(*query);
  return scope->step() ? scope->integer(0) : -1;
}

std::string Connection::lastError() const { return sqlite3_errmsg(db_); }

}  // namespace parley::storage::sqlite
