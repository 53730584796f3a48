#include "core/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace parley {

Result<FileLock> FileLock::take(const std::filesystem::path& path, Mode mode,
                                const std::string& busy) {
  const int fd = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) {
    return fail(ErrorCode::BadRequest,
                "cannot open " + path.string() + ": " + std::strerror(errno));
  }
  if (::flock(fd, (mode == Mode::Shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
    ::close(fd);
    return fail(ErrorCode::Conflict, busy);
  }
  return FileLock(fd);
}

FileLock::~FileLock() {
  if (fd_ >= 0) {
    ::close(fd_);  // releases the lock
  }
}

}  // namespace parley
