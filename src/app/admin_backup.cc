// `parley admin backup`, `verify-backup` and `restore` (O1, P10): backup/backup_maker.h.

#include <iostream>

#include "app/admin.h"
#include "app/config.h"
#include "app/data_dir.h"
#include "backup/backup_maker.h"
#include "backup/backup_restore.h"
#include "backup/backup_set.h"
#include "core/private_files.h"
#include "storage/sqlite/node_keys.h"

namespace parley::app {
namespace {

int report(const Error& error) {
  std::cerr << "parley: " << error.message << "\n";
  return 1;
}

std::string describe(const backup::Manifest& manifest) {
  uint64_t bytes = 0;
  for (const auto& file : manifest.files) {
    bytes += file.bytes;
  }
  return std::string(backup::archiveKindName(manifest.header.kind)) + " backup of " +
         formatRfc3339(manifest.header.created_at) + ": " + std::to_string(manifest.files.size()) +
         " files, " + std::to_string(bytes) + " bytes";
}

// The master key of the data the backup was made from: PARLEY_MASTER_KEY, or a key file, which
// must exist (a new key could not open anything).
Result<std::unique_ptr<privacy::Keyring>> masterKeyOf(const std::filesystem::path& key_file,
                                                      bool file_first = false) {
  privacy::initCrypto();
  return privacy::Keyring::openExisting(key_file,
                                        file_first ? std::nullopt : masterKeyFromEnvironment());
}

}  // namespace

int makeBackup(const std::filesystem::path& data_dir, const std::filesystem::path& backup_dir,
               size_t keep, size_t keep_keys) {
  auto keyring = masterKeyOf(data_dir / "master.key");
  if (!keyring) {
    return report(keyring.error());
  }
  if (!std::filesystem::exists(data_dir / "parley.db")) {
    return report({ErrorCode::NotFound, "no Parley data in " + data_dir.string()});
  }
  // A backup under another key could not be restored with the data's.
  if (!storage::sqlite::masterKeyOpens((data_dir / "parley.db").string(), **keyring)) {
    return report({ErrorCode::Unauthenticated,
                   "the master key does not open this data (or this version never opened it: "
                   "start parley serve once)"});
  }
  SystemClock clock;
  auto made = backup::makeBackup(
      {data_dir, backup_dir.empty() ? data_dir / "backups" : backup_dir, keep, keep_keys},
      **keyring, clock);
  if (!made) {
    return report(made.error());
  }
  std::cout << made->data_file.string() << "\n"
            << made->keys_file.string() << "\n"
            << made->files << " files, " << made->bytes << " bytes, " << made->took.count()
            << " ms; " << made->pruned << " older backup files deleted\n";
  return 0;
}

int verifyBackup(const std::filesystem::path& file, const std::filesystem::path& key_file) {
  auto keyring = masterKeyOf(key_file);
  if (!keyring) {
    return report(keyring.error());
  }
  auto manifest = backup::verifyBackup(file, **keyring);
  if (!manifest) {
    return report(manifest.error());
  }
  std::cout << "ok: " << describe(*manifest) << "\n";
  return 0;
}

int restoreBackup(const std::filesystem::path& from, const std::filesystem::path& keys,
                  const std::filesystem::path& target, const std::filesystem::path& key_file) {
  if (key_file.empty() && !masterKeyFromEnvironment()) {
    return report({ErrorCode::ValidationFailed,
                   "give the master key the backup was made under: --master-key FILE (the old "
                   "data directory's master.key) or PARLEY_MASTER_KEY"});
  }
  // A key file named on the command line wins over the environment.
  auto keyring = masterKeyOf(key_file, !key_file.empty());
  if (!keyring) {
    return report(keyring.error());
  }
  std::filesystem::path keys_file = keys;
  if (keys_file.empty()) {
    auto header = backup::readArchiveHeader(from);
    if (!header) {
      return report(header.error());
    }
    auto newest = backup::newestKeysBackup(from.parent_path().empty() ? "." : from.parent_path(),
                                           header->created_at);
    if (!newest) {
      return report({ErrorCode::NotFound, "no key-store backup (parley-keys-…) as new as " +
                                              from.filename().string() +
                                              " beside it: give one with --keys"});
    }
    keys_file = newest->path;
  }
  auto restored = backup::restoreBackup(from, keys_file, **keyring, target);
  if (!restored) {
    return report(restored.error());
  }
  // The restored directory keeps using this key: from a file, a copy of it goes beside the data.
  if (!key_file.empty() || !masterKeyFromEnvironment()) {
    if (auto written = writePrivateFile(target / "master.key", (*keyring)->masterKeyFileText());
        !written) {
      return report(written.error());
    }
  }
  // Open it as the server will: the schema is brought up to date, and contacts erased after the
  // data backup was made (their keys are not in the newer key store) are marked erased for good.
  SystemClock clock;
  auto data = openDataDir(target, clock);
  if (!data) {
    return report(data.error());
  }
  auto collected = data->engine->database().collectUnusedContactKeys(true);
  if (!collected) {
    return report(collected.error());
  }
  std::cout << "restored " << describe(restored->data) << "\nwith the key store of "
            << formatRfc3339(restored->keys.header.created_at) << " ("
            << keys_file.filename().string() << ")\n"
            << collected->keyless_contacts
            << " contacts erased since the backup stay erased\nstart it with: parley serve --data "
            << target.string() << "\n";
  return 0;
}

}  // namespace parley::app
