#include "app/data_dir.h"

#include <spdlog/spdlog.h>

#include "app/config.h"
#include "core/private_files.h"
#include "storage/sqlite/node_keys.h"

namespace parley::app {

namespace {

// A rotation (rotateMasterKey) writes the next key beside the current one, re-wraps the keys in
// the data, then renames it into place. A master.key.next found here is what a crash left (a
// running rotation holds the keys lock exclusively): the data says which key it takes, and the
// rotation is finished or undone. Only a key proven not to open the data is deleted.
Result<void> finishRotation(const std::filesystem::path& path) {
  const std::filesystem::path next = path / "master.key.next";
  const std::filesystem::path current = path / "master.key";
  const std::string database = (path / "parley.db").string();
  std::error_code error;
  if (!std::filesystem::exists(next, error)) {
    return {};
  }
  auto next_keyring = privacy::Keyring::openExisting(next, std::nullopt);
  if (next_keyring && storage::sqlite::masterKeyOpens(database, **next_keyring)) {
    std::filesystem::rename(next, current, error);
    if (error && std::filesystem::exists(next)) {
      return fail(ErrorCode::Internal,
                  "cannot finish the master key's rotation: " + error.message());
    }
    syncDirectory(path);
    spdlog::warn("finished a master key rotation a crash interrupted: {} is the new key",
                 current.string());
    return {};
  }
  auto current_keyring = privacy::Keyring::openExisting(current, std::nullopt);
  if (current_keyring && storage::sqlite::masterKeyOpens(database, **current_keyring)) {
    std::filesystem::remove(next, error);
    spdlog::warn("undid a master key rotation a crash interrupted: the key is unchanged");
    return {};
  }
  return fail(ErrorCode::Unauthenticated,
              "neither " + current.string() + " nor " + next.string() +
                  " opens the data (a rotation was interrupted): keep both files and check them");
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
  auto keys_lock = takeKeysLock(path, FileLock::Mode::Shared);
  if (!keys_lock) {
    return std::unexpected(keys_lock.error());
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
  DataDir opened{std::move(*keys_lock), std::move(*keyring), std::move(*engine), {}};
  opened.stores = opened.engine->stores();
  return opened;
}

Result<FileLock> takeKeysLock(const std::filesystem::path& data_dir, FileLock::Mode mode) {
  return FileLock::take(
      data_dir / "keys.lock", mode,
      mode == FileLock::Mode::Shared
          ? "a master key rotation is running on " + data_dir.string() +
                ": try again once it is done"
          : data_dir.string() +
                " is open in another process (parley serve or an admin command): stop it first");
}

Result<FileLock> takeServeLock(const std::filesystem::path& data_dir) {
  return FileLock::take(data_dir / "serve.lock", FileLock::Mode::Exclusive,
                        "another parley serve uses " + data_dir.string() + " (it holds " +
                            (data_dir / "serve.lock").string() + ")");
}

}  // namespace parley::app
