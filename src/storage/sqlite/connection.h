#pragma once
// RAII over one sqlite3 connection and its prepared statements. Not thread-safe: one thread uses a
// connection at a time (the writer thread, or a reader that checked it out of the pool).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace parley::storage::sqlite {

class Statement {
 public:
  explicit Statement(sqlite3_stmt* statement) : statement_(statement) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binders take 1-based positions and return *this, so a call chains: s.bind(1, a).bind(2, b).
  Statement& bind(int index, std::string_view text);
  Statement& bindBlob(int index, std::string_view bytes);
  Statement& bind(int index, int64_t value);
  Statement& bindNull(int index);
  Statement& bindOptional(int index, const std::optional<std::string>& bytes);
  // Text, not a blob: ids and names compare equal to the TEXT values stored beside them.
  Statement& bindOptionalText(int index, const std::optional<std::string>& text);
  Statement& bindOptionalInteger(int index, std::optional<int64_t> value);

  // True while there is a row; false when done. Errors surface through `error()`.
  bool step();
  [[nodiscard]] Result<void> run();  // step to completion, for writes
  const std::optional<Error>& error() const { return error_; }

  std::string text(int column) const;
  std::string blob(int column) const;
  int64_t integer(int column) const;
  bool isNull(int column) const;
  std::optional<std::string> optionalBlob(int column) const;
  std::optional<std::string> optionalText(int column) const;
  std::optional<int64_t> optionalInteger(int column) const;

  // Clears bindings and the cursor; statements are cached and reused.
  void reset();

 private:
  sqlite3_stmt* statement_;
  std::optional<Error> error_;
};

class Connection {
 public:
  enum class Mode { ReadWrite, ReadOnly };

  // Opens (creating when ReadWrite) the database in WAL mode with foreign keys on.
  [[nodiscard]] static Result<std::unique_ptr<Connection>> open(const std::string& path, Mode mode);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  [[nodiscard]] Result<void> exec(std::string_view sql);
  // Runs one statement through the statement cache (no parsing after the first time).
  [[nodiscard]] Result<void> run(const char* sql);
  // A cached, reset statement. Returns nullptr only for SQL that does not compile: a bug, logged by
  // caller.
  Statement* prepare(const char* sql);
  [[nodiscard]] Result<Statement*> statement(const char* sql);
  int64_t changes() const;
  // True when the database has `table` with `column` (false when there is no such table).
  bool hasColumn(std::string_view table, std::string_view column);
  // False outside BEGIN…COMMIT, including after SQLite rolled a transaction back by itself (disk
  // full, I/O error): statements would then commit one by one.
  bool inTransaction() const;
  // Changes whenever another connection (another process) committed since the last call's value.
  int64_t dataVersion();
  std::string lastError() const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<const char*, std::unique_ptr<Statement>> statements_;
};

// Resets a cached statement when the scope ends, whatever path it leaves by.
class StatementScope {
 public:
  explicit StatementScope(Statement& statement) : statement_(statement) {}
  ~StatementScope() { statement_.reset(); }
  Statement& operator*() { return statement_; }
  Statement* operator->() { return &statement_; }

 private:
  Statement& statement_;
};

}  // namespace parley::storage::sqlite
