#pragma once
// Read-only connections to one database file, opened on demand and kept for reuse (up to
// `max_idle` of them). Thread-safe: a caller checks one out, uses it alone, and checks it back in.

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/sqlite/connection.h"

namespace parley::storage::sqlite {

class ReaderPool {
 public:
  ReaderPool(std::string path, size_t max_idle) : path_(std::move(path)), max_idle_(max_idle) {}

  // Null when no connection can be opened (logged).
  std::unique_ptr<Connection> checkout();
  void checkin(std::unique_ptr<Connection> reader);

 private:
  const std::string path_;
  const size_t max_idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace parley::storage::sqlite
