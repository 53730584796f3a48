#include "app/data_dir.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include "app/config.h"
#include "storage/sqlite/node_keys.h"

namespace parley::app {

namespace {

// A rotation (rotateMasterKey) writes the next key beside the current one, re-wraps the keys in
// the data, then renames it into place. After a crash in between, the data says which key it
// takes: the rotation is finished or undone.
Result<void> finishRotation(const std::filesystem::path& path) {
  const std::filesystem::path next = path / "master.key.next";
  std::error_code error;
  if (!std::filesystem::exists(next, error)) {
    return {};
  }
  auto next_keyring = privacy::Keyring::openExisting(next, std::nullopt);
  if (next_keyring &&
      storage::sqlite::masterKeyOpens((path / "parley.db").string(), **next_keyring)) {
    std::filesystem::rename(next, path / "master.key", error);
    if (error) {
      return fail(ErrorCode::Internal,
                  "cannot finish the master key's rotation: " + error.message());
    }
    spdlog::warn("finished a master key rotation a crash interrupted: {} is the new key",
                 (path / "master.key").string());
  } else {
    std::filesystem::remove(next, error);
    spdlog::warn("undid a master key rotation a crash interrupted: the key is unchanged");
  }
  return {};
}

}  // namespace

Result<DataDir> openDataDir(const std::filesystem::path& path, const Clock& clock) {
  privacy::initCrypto();
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    std::filesystem::create_directories(path, error);
    std::filesystem::permissions(path, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, error);
  }
  if (error || !std::filesystem::is_directory(path)) {
    return fail(ErrorCode::BadRequest, "cannot use data directory " + path.string());
  }
  // Everyone's conversations are in it: nobody but Parley's user may look inside. A directory
  // made open (mkdir with the usual umask, a service manager's default) is narrowed, and said so.
  const auto permissions = std::filesystem::status(path, error).permissions();
  if ((permissions & (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) !=
      std::filesystem::perms::none) {
    std::filesystem::permissions(path, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, error);
    if (error) {
      return fail(ErrorCode::BadRequest, path.string() +
                                             " is open to group or others and cannot be narrowed "
                                             "(" +
                                             error.message() + "): chmod 700 it");
    }
    spdlog::warn("{} was open to group or others: narrowed to its owner (700)", path.string());
  }
  const bool has_data = std::filesystem::exists(path / "parley.db", error);
  if (has_data) {
    if (auto finished = finishRotation(path); !finished) {
      return std::unexpected(finished.error());
    }
  }
  // A master key is made only with new data: for existing data a missing key is a mistake to
  // fix (a new key could open nothing).
  if (has_data && !masterKeyFromEnvironment() &&
      !std::filesystem::exists(path / "master.key", error)) {
    return fail(ErrorCode::NotFound,
                (path / "parley.db").string() + " exists but " + (path / "master.key").string() +
                    " does not: put the data's key back (or set PARLEY_MASTER_KEY); a new key "
                    "cannot open existing data");
  }
  auto keyring = privacy::Keyring::open(path, masterKeyFromEnvironment());
  if (!keyring) {
    return std::unexpected(keyring.error());
  }
  auto engine =
      storage::sqlite::SqliteStores::open((path / "parley.db").string(), **keyring, clock);
  if (!engine) {
    return std::unexpected(engine.error());
  }
  DataDir opened{std::move(*keyring), std::move(*engine), {}};
  opened.stores = opened.engine->stores();
  return opened;
}

Result<ServeLock> ServeLock::take(const std::filesystem::path& data_dir) {
  const std::string path = (data_dir / "serve.lock").string();
  const int fd = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) {
    return fail(ErrorCode::BadRequest, "cannot open " + path);
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return fail(ErrorCode::Conflict,
                "another parley serve uses " + data_dir.string() + " (it holds " + path + ")");
  }
  return ServeLock(fd);
}

ServeLock::~ServeLock() {
  if (fd_ >= 0) {
    ::close(fd_);  // releases the lock
  }
}

}  // namespace parley::app
