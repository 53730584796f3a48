#pragma once
// `parley admin …`: operator commands against a data directory (the server need not run, but may).
// Each prints its result on stdout and returns the process exit code; errors go to stderr.

#include <filesystem>
#include <string>
#include <vector>

namespace parley::app {

int createTenant(const std::filesystem::path& data_dir, const std::string& name);
// Reads the password from the first line of stdin.
int createUser(const std::filesystem::path& data_dir, const std::string& tenant,
               const std::string& email, const std::string& role, const std::string& display_name);
// `scopes` by name (api/token_scopes.h); {"admin"}: everything the role allows.
int createToken(const std::filesystem::path& data_dir, const std::string& tenant,
                const std::string& name, const std::string& role,
                const std::vector<std::string>& scopes);
// Reads the new password from the first line of stdin; signs the user out everywhere.
// `tenant`: "" unless the email signs in to several tenants.
int resetPassword(const std::filesystem::path& data_dir, const std::string& email,
                  const std::string& tenant);
int verifyAudit(const std::filesystem::path& data_dir);
// In admin_tenants.cc (P4). Every tenant with its state; deleting needs the tenant's name typed
// again (`confirm`); undeleting works within kTenantGrace of the deletion.
int listTenants(const std::filesystem::path& data_dir);
int deleteTenant(const std::filesystem::path& data_dir, const std::string& tenant,
                 const std::string& confirm);
int undeleteTenant(const std::filesystem::path& data_dir, const std::string& tenant);
// In admin_backup.cc (O1). A backup now, while the server may run (empty `backup_dir`:
// DATA/backups), keeping the newest `keep` data backups and `keep_keys` key-store backups.
int makeBackup(const std::filesystem::path& data_dir, const std::filesystem::path& backup_dir,
               size_t keep, size_t keep_keys);
// Under the master key in `key_file` (or PARLEY_MASTER_KEY).
int verifyBackup(const std::filesystem::path& file, const std::filesystem::path& key_file);
// Into `target`, which must be new or empty; `keys` empty: the newest key-store backup beside
// `from`.
int restoreBackup(const std::filesystem::path& from, const std::filesystem::path& keys,
                  const std::filesystem::path& target, const std::filesystem::path& key_file);
// In admin_keys.cc (O6). With the server stopped: a new DATA/master.key, the keys in the data
// re-wrapped under it.
int rotateMasterKey(const std::filesystem::path& data_dir);
// For a fresh data directory: a demo tenant and an admin with a random password, printed once.
// Does nothing (and says so) when a tenant exists.
int bootstrap(const std::filesystem::path& data_dir, const std::string& admin_email);

}  // namespace parley::app
