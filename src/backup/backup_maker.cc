#include "backup/backup_maker.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "backup/backup_archive.h"
#include "backup/backup_set.h"
#include "core/file_lock.h"
#include "core/private_files.h"
#include "storage/sqlite/contact_key_store.h"
#include "storage/sqlite/database_snapshot.h"
#include "storage/sqlite/media_files.h"

namespace parley::backup {
namespace {

constexpr std::string_view kTemporary = ".tmp";

// Files of this run, deleted unless the run gets to keep them.
class Leftovers {
 public:
  ~Leftovers() {
    std::error_code error;
    for (const auto& path : paths_) {
      std::filesystem::remove(path, error);
    }
  }
  std::filesystem::path add(std::filesystem::path path) {
    paths_.push_back(path);
    return path;
  }
  void keep(const std::filesystem::path& path) { std::erase(paths_, path); }

 private:
  std::vector<std::filesystem::path> paths_;
};

// Finishes an archive written under a temporary name: its checksum file, then its own name.
Result<uint64_t> seal(ArchiveWriter& writer, const std::filesystem::path& temporary,
                      const std::filesystem::path& final_path, Leftovers& leftovers) {
  auto written = writer.finish();
  if (!written) {
    return std::unexpected(written.error());
  }
  const std::filesystem::path checksum = final_path.string() + ".sha256";
  if (auto done = writePrivateFile(leftovers.add(checksum.string() + std::string(kTemporary)),
                                   written->sha256 + "  " + final_path.filename().string() + "\n");
      !done) {
    return std::unexpected(done.error());
  }
  std::error_code error;
  std::filesystem::rename(checksum.string() + std::string(kTemporary), checksum, error);
  if (!error) {
    leftovers.add(checksum);
    std::filesystem::rename(temporary, final_path, error);
  }
  if (error) {
    return fail(ErrorCode::Internal, "cannot name " + final_path.string() + ": " + error.message());
  }
  leftovers.add(final_path);
  return written->bytes;
}

// Temporary files of runs a crash ended (ours only: the directory may hold other things).
void removeTemporaries(const std::filesystem::path& directory) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("parley-") && name.ends_with(kTemporary)) {
      std::filesystem::remove(entry.path(), error);
    }
  }
}

std::string readWhole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::string();  // none yet
  }
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// A live database into the archive as SQLite streams its snapshot (database_snapshot.h).
Result<void> addDatabase(ArchiveWriter& archive, const std::string& name,
                         const std::filesystem::path& path) {
  if (auto begun = archive.beginPieces(name); !begun) {
    return begun;
  }
  auto size = storage::sqlite::streamDatabase(path.string(),
                                              [&archive](uint64_t offset, std::string_view bytes) {
                                                return archive.addPiece(offset, bytes);
                                              });
  if (!size) {
    return std::unexpected(size.error());
  }
  return archive.endPieces(*size);
}

// The thread making a backup gives way to the server's: a lower CPU priority (on Linux, per
// thread) and the lowest best-effort I/O priority (schedulers that have classes honour it).
void yieldToTheServer() {
  ::setpriority(PRIO_PROCESS, 0, 10);
  constexpr int kClassBestEffort = 2, kClassShift = 13, kLowest = 7;
  ::syscall(SYS_ioprio_set, 1 /* IOPRIO_WHO_PROCESS */, 0,
            (kClassBestEffort << kClassShift) | kLowest);
}

}  // namespace

Result<BackupReport> makeBackup(const BackupOptions& options, const privacy::Keyring& keyring,
                                const Clock& clock) {
  const auto started = std::chrono::steady_clock::now();
  yieldToTheServer();
  std::error_code error;
  std::filesystem::create_directories(options.backup_dir, error);
  if (error || !std::filesystem::is_directory(options.backup_dir, error)) {
    return fail(ErrorCode::Internal, "cannot use backup directory " + options.backup_dir.string() +
                                         (error ? ": " + error.message() : ""));
  }
  std::filesystem::permissions(options.backup_dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, error);
  // One backup of a directory at a time, across processes (`parley admin backup` beside the
  // server's schedule).
  auto lock = FileLock::take(options.backup_dir / ".backup.lock", FileLock::Mode::Exclusive,
                             "a backup of " + options.backup_dir.string() + " is running");
  if (!lock) {
    return std::unexpected(lock.error());
  }
  removeTemporaries(options.backup_dir);

  BackupReport report;
  report.at = clock.now();
  Leftovers leftovers;
  const std::filesystem::path database = options.data_dir / "parley.db";

  // The anchors first: every head they name is then in the snapshot taken after.
  const std::string anchors = readWhole(options.data_dir / "parley.db-audit-anchors");
  report.data_file = backupPath(options.backup_dir, ArchiveKind::Data, report.at);
  const auto data_temporary = leftovers.add(report.data_file.string() + std::string(kTemporary));
  auto data =
      ArchiveWriter::create(data_temporary, keyring.backupKey(), {ArchiveKind::Data, report.at});
  if (!data) {
    return std::unexpected(data.error());
  }
  if (auto added = addDatabase(**data, "parley.db", database); !added) {
    return std::unexpected(added.error());
  }
  report.files = 1;
  if (!anchors.empty()) {
    if (auto added = (*data)->addBytes("parley.db-audit-anchors", anchors); !added) {
      return std::unexpected(added.error());
    }
    ++report.files;
  }
  // Media files are written before the rows naming them, and never change: a file the snapshot
  // names is here, unless it was deleted since (an erasure), and then its data is gone anyway.
  const storage::sqlite::MediaFiles media(options.data_dir / "media");
  for (const auto& file : media.list()) {
    if (file.temporary) {
      continue;
    }
    const std::string name = "media/" + file.tenant.value + "/" + file.id.value;
    if (!std::filesystem::exists(options.data_dir / name, error)) {
      continue;  // deleted since it was listed
    }
    if (auto added = (*data)->addFile(name, options.data_dir / name); !added) {
      if (!std::filesystem::exists(options.data_dir / name, error)) {
        continue;  // erased between the look and the open: nothing of it was written
      }
      return std::unexpected(added.error());
    }
    ++report.files;
  }
  auto data_bytes = seal(**data, data_temporary, report.data_file, leftovers);
  if (!data_bytes) {
    return std::unexpected(data_bytes.error());
  }

  // The key store after the data: it then holds every key the snapshot's contacts name.
  report.keys_file = backupPath(options.backup_dir, ArchiveKind::Keys, report.at);
  const auto keys_temporary = leftovers.add(report.keys_file.string() + std::string(kTemporary));
  auto keys =
      ArchiveWriter::create(keys_temporary, keyring.backupKey(), {ArchiveKind::Keys, report.at});
  if (!keys) {
    return std::unexpected(keys.error());
  }
  if (auto added = addDatabase(**keys, "parley-keys.db",
                               storage::sqlite::ContactKeyStore::pathBeside(database.string()));
      !added) {
    return std::unexpected(added.error());
  }
  auto keys_bytes = seal(**keys, keys_temporary, report.keys_file, leftovers);
  if (!keys_bytes) {
    return std::unexpected(keys_bytes.error());
  }
  syncDirectory(options.backup_dir);
  leftovers.keep(report.data_file);
  leftovers.keep(report.data_file.string() + ".sha256");
  leftovers.keep(report.keys_file);
  leftovers.keep(report.keys_file.string() + ".sha256");

  report.bytes = *data_bytes + *keys_bytes;
  report.pruned = pruneBackups(options.backup_dir, ArchiveKind::Data, options.keep) +
                  pruneBackups(options.backup_dir, ArchiveKind::Keys, options.keep_keys);
  report.took = std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now() - started);
  return report;
}

}  // namespace parley::backup
