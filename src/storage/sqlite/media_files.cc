#include "storage/sqlite/media_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace parley::storage::sqlite {
namespace {

// Ids are ours ("med_" and base32), but they arrive in URLs: nothing else reaches the disk.
bool isPlainName(std::string_view name) {
  if (name.empty() || name.size() > 64) {
    return false;
  }
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
      return false;
    }
  }
  return true;
}

Error diskError(std::string_view what, const std::filesystem::path& path) {
  return Error{ErrorCode::Internal,
               std::string(what) + " " + path.string() + ": " + std::strerror(errno)};
}

Result<void> syncPath(const std::filesystem::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) {
    return std::unexpected(diskError("cannot open", path));
  }
  const int synced = ::fsync(fd);
  ::close(fd);
  if (synced != 0) {
    return std::unexpected(diskError("cannot sync", path));
  }
  return {};
}

}  // namespace

Result<std::filesystem::path> MediaFiles::pathOf(const TenantId& tenant, const MediaId& id) const {
  if (!isPlainName(tenant.value) || !isPlainName(id.value)) {
    return fail(ErrorCode::BadRequest, "not a media id");
  }
  return root_ / tenant.value / id.value;
}

Result<void> MediaFiles::write(const TenantId& tenant, const MediaId& id,
                               std::string_view sealed) const {
  auto path = pathOf(tenant, id);
  if (!path) {
    return std::unexpected(path.error());
  }
  std::error_code error;
  std::filesystem::create_directories(path->parent_path(), error);
  if (error) {
    return fail(ErrorCode::Internal,
                "cannot make " + path->parent_path().string() + ": " + error.message());
  }
  const std::filesystem::path temporary = path->string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(sealed.data(), static_cast<std::streamsize>(sealed.size()));
    out.close();
    if (!out) {
      std::filesystem::remove(temporary, error);
      return std::unexpected(diskError("cannot write", temporary));
    }
  }
  if (auto synced = syncPath(temporary, O_RDONLY); !synced) {
    std::filesystem::remove(temporary, error);
    return synced;
  }
  std::filesystem::rename(temporary, *path, error);
  if (error) {
    std::filesystem::remove(temporary, error);
    return fail(ErrorCode::Internal, "cannot store " + path->string() + ": " + error.message());
  }
  return syncPath(path->parent_path(), O_RDONLY | O_DIRECTORY);
}

Result<std::string> MediaFiles::read(const TenantId& tenant, const MediaId& id) const {
  auto path = pathOf(tenant, id);
  if (!path) {
    return std::unexpected(path.error());
  }
  std::ifstream in(*path, std::ios::binary);
  if (!in) {
    return fail(ErrorCode::NotFound, "the media file is gone");
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

void MediaFiles::remove(const TenantId& tenant, const MediaId& id) const {
  if (auto path = pathOf(tenant, id)) {
    std::error_code ignored;
    std::filesystem::remove(*path, ignored);
  }
}

}  // namespace parley::storage::sqlite
