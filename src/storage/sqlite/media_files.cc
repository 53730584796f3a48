#include "storage/sqlite/media_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace parley::storage::sqlite {
namespace {

constexpr std::string_view kTemporarySuffix = ".tmp";

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

// Written, synced and closed, readable by the owner only.
Result<void> writeWhole(const std::filesystem::path& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return std::unexpected(diskError("cannot create", path));
  }
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) {
      continue;
    }
    if (written <= 0) {
      Error error = diskError("cannot write", path);
      ::close(fd);
      return std::unexpected(std::move(error));
    }
    bytes.remove_prefix(static_cast<size_t>(written));
  }
  if (::fsync(fd) != 0) {
    Error error = diskError("cannot sync", path);
    ::close(fd);
    return std::unexpected(std::move(error));
  }
  if (::close(fd) != 0) {
    return std::unexpected(diskError("cannot close", path));
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
  // Only Parley's user reads customers' files, whatever the umask.
  for (const std::filesystem::path& folder : {root_, path->parent_path()}) {
    if (!error) {
      std::filesystem::permissions(folder, std::filesystem::perms::owner_all, error);
    }
  }
  if (error) {
    return fail(ErrorCode::Internal,
                "cannot make " + path->parent_path().string() + ": " + error.message());
  }
  const std::filesystem::path temporary = path->string() + std::string(kTemporarySuffix);
  if (auto written = writeWhole(temporary, sealed); !written) {
    std::filesystem::remove(temporary, error);
    return written;
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

std::vector<MediaFiles::Entry> MediaFiles::list() const {
  std::vector<Entry> entries;
  std::error_code error;
  for (const auto& tenant : std::filesystem::directory_iterator(root_, error)) {
    const std::string tenant_name = tenant.path().filename().string();
    if (!tenant.is_directory(error) || !isPlainName(tenant_name)) {
      continue;
    }
    for (const auto& file : std::filesystem::directory_iterator(tenant.path(), error)) {
      std::string name = file.path().filename().string();
      const bool temporary = name.ends_with(kTemporarySuffix);
      if (temporary) {
        name.resize(name.size() - kTemporarySuffix.size());
      }
      if (!file.is_regular_file(error) || !isPlainName(name)) {
        continue;
      }
      const auto written = file.last_write_time(error);
      if (error) {
        continue;
      }
      entries.push_back({.tenant = TenantId{tenant_name},
                         .id = MediaId{std::move(name)},
                         .temporary = temporary,
                         .written = std::chrono::file_clock::to_sys(written)});
    }
  }
  return entries;
}

void MediaFiles::remove(const TenantId& tenant, const MediaId& id, bool temporary) const {
  if (auto path = pathOf(tenant, id)) {
    std::error_code ignored;
    std::filesystem::path target = *path;
    if (temporary) {
      target += kTemporarySuffix;
    }
    std::filesystem::remove(target, ignored);
  }
}

void MediaFiles::removeTenant(const TenantId& tenant) const {
  if (isPlainName(tenant.value)) {
    std::error_code ignored;
    std::filesystem::remove_all(root_ / tenant.value, ignored);
  }
}

}  // namespace parley::storage::sqlite
