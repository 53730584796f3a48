#pragma once
// Opening a data directory: the master key, the database, its stores. Shared by `serve` and
// `admin`.

#include <filesystem>
#include <memory>
#include <utility>

#include "core/clock.h"
#include "privacy/keyring.h"
#include "storage/sqlite/sqlite_stores.h"

namespace parley::app {

struct DataDir {
  std::unique_ptr<privacy::Keyring> keyring;
  std::unique_ptr<storage::sqlite::SqliteStores> engine;
  storage::Stores stores;
};

// Creates the directory (mode 0700) when missing. Errors are one clear line for the operator.
[[nodiscard]] Result<DataDir> openDataDir(const std::filesystem::path& path, const Clock& clock);

// `parley serve`'s hold on a data directory (an exclusive lock on DATA/serve.lock), released when
// it goes: two servers on one directory would each take the other's work for a crash's leftovers
// (keys made ahead, staged files). Admin commands do not take it.
class ServeLock {
 public:
  [[nodiscard]] static Result<ServeLock> take(const std::filesystem::path& data_dir);
  ServeLock(ServeLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  ServeLock& operator=(ServeLock&&) = delete;
  ~ServeLock();

 private:
  explicit ServeLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace parley::app
