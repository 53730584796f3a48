// `parley admin rotate-master-key` (O6): a new master key, with the node's and tenants' keys
// re-wrapped under it in one transaction; nothing else is rewritten.

#include <iostream>

#include "app/admin.h"
#include "app/config.h"
#include "app/data_dir.h"
#include "core/private_files.h"
#include "storage/sqlite/node_keys.h"

namespace parley::app {
namespace {

int report(const Error& error) {
  std::cerr << "parley: " << error.message << "\n";
  return 1;
}

}  // namespace

int rotateMasterKey(const std::filesystem::path& data_dir) {
  if (masterKeyFromEnvironment()) {
    return report({ErrorCode::ValidationFailed,
                   "PARLEY_MASTER_KEY is set: rotation writes DATA/master.key; move the key into "
                   "that file first"});
  }
  const std::filesystem::path database = data_dir / "parley.db";
  std::error_code error;
  if (!std::filesystem::exists(database, error)) {
    return report({ErrorCode::NotFound, "no Parley data in " + data_dir.string()});
  }
  // The server holds the directory; rotating under it would leave it with the old keys.
  auto serving = takeServeLock(data_dir);
  if (!serving) {
    return report({ErrorCode::Conflict, "stop parley serve first: " + serving.error().message});
  }
  {
    // Opening the data checks the current key, finishes an interrupted rotation and brings the
    // schema (node_keys) up to date.
    SystemClock clock;
    auto data = openDataDir(data_dir, clock);
    if (!data) {
      return report(data.error());
    }
  }
  // Nobody else has the data open from here on (admin commands take the lock shared).
  auto exclusive = takeKeysLock(data_dir, FileLock::Mode::Exclusive);
  if (!exclusive) {
    return report(exclusive.error());
  }
  auto current = privacy::Keyring::openExisting(data_dir / "master.key", std::nullopt);
  if (!current) {
    return report(current.error());
  }
  const privacy::Keyring next(privacy::SecretKey::random());
  const std::filesystem::path next_file = data_dir / "master.key.next";
  const std::filesystem::path old_file = data_dir / "master.key.old";
  // The new key is on disk, its name too, before the data takes it; the old one stays until the
  // data has, and then as master.key.old for the backups made under it.
  if (auto written = writePrivateFile(next_file, next.masterKeyFileText()); !written) {
    return report(written.error());
  }
  syncDirectory(data_dir);
  auto db = storage::sqlite::Connection::open(database.string(),
                                              storage::sqlite::Connection::Mode::ReadWrite);
  if (!db) {
    std::filesystem::remove(next_file, error);
    return report(db.error());
  }
  auto rewrapped = storage::sqlite::rewrapKeys(**db, **current, next);
  if (!rewrapped) {
    std::filesystem::remove(next_file, error);
    return report(rewrapped.error());
  }
  std::filesystem::remove(old_file, error);
  std::filesystem::create_hard_link(data_dir / "master.key", old_file, error);
  const std::string not_kept = error ? error.message() : "";
  std::filesystem::rename(next_file, data_dir / "master.key", error);
  if (error) {
    // The data takes the new key now; the next start finishes the rename (data_dir.cc).
    return report({ErrorCode::Internal, "the keys are re-wrapped but " + next_file.string() +
                                            " could not become master.key (" + error.message() +
                                            "): rename it by hand before starting"});
  }
  syncDirectory(data_dir);
  std::cout << "master key rotated: " << *rewrapped << " keys re-wrapped, no data rewritten.\n";
  if (not_kept.empty()) {
    std::cout << "The old key is in " << old_file.string()
              << ": backups made before now open only with it. Move it off this machine and keep "
                 "it as long as those backups (or delete it, if it leaked).\n";
  } else {
    std::cout << "The old key could not be kept in " << old_file.string() << " (" << not_kept
              << "): backups made before now open only with it, so keep your copy of it.\n";
  }
  return 0;
}

}  // namespace parley::app
