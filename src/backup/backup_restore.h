#pragma once
// Checking and restoring backups (backup_maker.h).

#include <filesystem>

#include "backup/backup_archive.h"
#include "core/error.h"
#include "privacy/keyring.h"

namespace parley::backup {

// Reads the whole file under the key and checks every file against the manifest, then the
// databases it holds (`PRAGMA integrity_check`, on a copy in a temporary directory that is deleted
// after). ValidationFailed names what is wrong.
[[nodiscard]] Result<Manifest> verifyBackup(const std::filesystem::path& file,
                                            const privacy::Keyring& keyring);

struct RestoredBackup {
  Manifest data;
  Manifest keys;
};

// Writes a data backup and a key-store backup into `target`, which must not exist or be empty
// (Conflict otherwise), and checks the databases. The key-store backup must not be older than
// the data backup (its keys would lack the contacts made in between). On failure nothing is left
// in `target`. Contacts whose keys the key-store backup no longer holds (erased after the data
// backup) are the caller's to mark erased when it opens the data (`--accept-lost-contact-keys`).
[[nodiscard]] Result<RestoredBackup> restoreBackup(const std::filesystem::path& data_file,
                                                   const std::filesystem::path& keys_file,
                                                   const privacy::Keyring& keyring,
                                                   const std::filesystem::path& target);

}  // namespace parley::backup
