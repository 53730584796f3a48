#pragma once
// An advisory lock (flock) on a file, held while the object lives: one process's claim on a data
// or backup directory against others. The file is created 0600 and left in place.

#include <filesystem>
#include <string>
#include <utility>

#include "core/error.h"

namespace parley {

class FileLock {
 public:
  enum class Mode { Shared, Exclusive };
  // Conflict (saying `busy`) when another holder excludes this one; BadRequest when the file
  // cannot be opened.
  [[nodiscard]] static Result<FileLock> take(const std::filesystem::path& path, Mode mode,
                                             const std::string& busy);
  FileLock(FileLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  FileLock& operator=(FileLock&&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace parley
