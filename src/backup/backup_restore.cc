#include "backup/backup_restore.h"

#include <unistd.h>

#include "privacy/crypto.h"
#include "storage/sqlite/database_snapshot.h"

namespace parley::backup {
namespace {

bool isDatabase(const std::string& name) { return name == "parley.db" || name == "parley-keys.db"; }

// Writes the archive's files under `root`.
Result<Manifest> extract(const std::filesystem::path& file, const privacy::Keyring& keyring,
                         const std::filesystem::path& root) {
  return readArchive(file, keyring.backupKey(), [&root](const std::string& name, uint64_t) {
    return newFileSink(root / name);
  });
}

Result<void> checkDatabases(const Manifest& manifest, const std::filesystem::path& root) {
  for (const ArchivedFile& file : manifest.files) {
    if (isDatabase(file.name)) {
      if (auto checked = storage::sqlite::checkIntegrity((root / file.name).string()); !checked) {
        return checked;
      }
    }
  }
  return {};
}

// A private directory that goes with this object.
class TemporaryDirectory {
 public:
  static Result<TemporaryDirectory> make() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "parley-verify-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      return fail(ErrorCode::Internal, "cannot make a temporary directory");
    }
    return TemporaryDirectory(pattern);
  }
  TemporaryDirectory(TemporaryDirectory&& other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
  }
  TemporaryDirectory& operator=(TemporaryDirectory&&) = delete;
  ~TemporaryDirectory() {
    std::error_code error;
    if (!path_.empty()) {
      std::filesystem::remove_all(path_, error);
    }
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  explicit TemporaryDirectory(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

}  // namespace

Result<Manifest> verifyBackup(const std::filesystem::path& file, const privacy::Keyring& keyring) {
  auto scratch = TemporaryDirectory::make();
  if (!scratch) {
    return std::unexpected(scratch.error());
  }
  // Only the databases are written out (to check them); every other file is checked in passing.
  auto manifest = readArchive(
      file, keyring.backupKey(),
      [&scratch](const std::string& name, uint64_t) -> Result<std::unique_ptr<FileSink>> {
        if (!isDatabase(name)) {
          return nullptr;
        }
        return newFileSink(scratch->path() / name);
      });
  if (!manifest) {
    return std::unexpected(manifest.error());
  }
  if (auto checked = checkDatabases(*manifest, scratch->path()); !checked) {
    return std::unexpected(checked.error());
  }
  return manifest;
}

Result<RestoredBackup> restoreBackup(const std::filesystem::path& data_file,
                                     const std::filesystem::path& keys_file,
                                     const privacy::Keyring& keyring,
                                     const std::filesystem::path& target) {
  auto data_header = readArchiveHeader(data_file);
  if (!data_header) {
    return std::unexpected(data_header.error());
  }
  auto keys_header = readArchiveHeader(keys_file);
  if (!keys_header) {
    return std::unexpected(keys_header.error());
  }
  if (data_header->kind != ArchiveKind::Data || keys_header->kind != ArchiveKind::Keys) {
    return fail(ErrorCode::ValidationFailed,
                "--from takes a data backup (parley-data-…) and --keys a key-store backup "
                "(parley-keys-…)");
  }
  if (keys_header->created_at < data_header->created_at) {
    return fail(ErrorCode::ValidationFailed,
                "the key-store backup (" + formatRfc3339(keys_header->created_at) +
                    ") is older than the data backup (" + formatRfc3339(data_header->created_at) +
                    "): contacts made in between would lose their keys");
  }
  std::error_code error;
  if (std::filesystem::exists(target, error) && !std::filesystem::is_empty(target, error)) {
    return fail(ErrorCode::Conflict,
                target.string() + " is not empty: restore into a new directory");
  }
  std::filesystem::create_directories(target, error);
  std::filesystem::permissions(target, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, error);
  if (error) {
    return fail(ErrorCode::Internal, "cannot create " + target.string() + ": " + error.message());
  }
  auto restored = [&]() -> Result<RestoredBackup> {
    auto data = extract(data_file, keyring, target);
    if (!data) {
      return std::unexpected(data.error());
    }
    auto keys = extract(keys_file, keyring, target);
    if (!keys) {
      return std::unexpected(keys.error());
    }
    if (auto checked = checkDatabases(*data, target); !checked) {
      return std::unexpected(checked.error());
    }
    if (auto checked = checkDatabases(*keys, target); !checked) {
      return std::unexpected(checked.error());
    }
    return RestoredBackup{std::move(*data), std::move(*keys)};
  }();
  if (!restored) {
    for (const auto& entry : std::filesystem::directory_iterator(target, error)) {
      std::filesystem::remove_all(entry.path(), error);
    }
  }
  return restored;
}

}  // namespace parley::backup
