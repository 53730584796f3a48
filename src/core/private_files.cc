#include "core/private_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace parley {

Result<void> writePrivateFile(const std::filesystem::path& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return fail(ErrorCode::Internal,
                "cannot create " + path.string() + ": " + std::strerror(errno));
  }
  bool written = true;
  for (std::string_view left = bytes; written && !left.empty();) {
    const ssize_t count = ::write(fd, left.data(), left.size());
    if (count < 0 && errno == EINTR) {
      continue;
    }
    written = count > 0;
    if (written) {
      left.remove_prefix(static_cast<size_t>(count));
    }
  }
  written = written && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    ::unlink(path.c_str());
    return fail(ErrorCode::Internal, "cannot write " + path.string());
  }
  return {};
}

void syncDirectory(const std::filesystem::path& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace parley
