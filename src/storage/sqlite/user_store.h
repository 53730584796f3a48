#pragma once

#include "storage/sqlite/database.h"

namespace parley::storage::sqlite {

// A new user's row, sealed; shared with the invite store, which creates users too.
struct SealedUser {
  std::string email_index, email_sealed, name_sealed, password_hash;
  std::string personal_key_wrapped;  // personal_keys.h: the audit copies below are under it
  AuditChange email_change, name_change;
};
// REQUIRES: `user.email` normalised (privacy::normalizeEmail); `key` is its tenant's.
SealedUser sealUser(const Database& database, const privacy::SecretKey& key, const User& user,
                    std::string password_hash);
// Inserts the user and its personal key, and audits its email and display name. Conflict when the
// tenant has a user with that email.
// REQUIRES: inside the write transaction.
[[nodiscard]] Result<void> insertUser(WriteContext& context, const User& user,
                                      const SealedUser& row, const Actor& actor);
// The node-wide blind index users are found by at sign-in (unique within a tenant).
std::string userEmailIndex(const Database& database, std::string_view email);

// Users' email and display name are sealed under the tenant key, their audit copies under the
// user's personal key (personal_keys.h), which deleting the user destroys; the email's blind index
// is node-wide because sign-in is by email alone (it finds the person's user in each tenant).
class SqliteUserStore final : public UserStore {
 public:
  explicit SqliteUserStore(Database& database) : database_(database) {}

  // UserStore
  void createUser(NewUser user, Actor actor, Done<User> done) override;
  Result<User> findUser(const TenantId& tenant, const UserId& user) override;
  Result<std::vector<UserCredentials>> findUsersByEmail(std::string_view email) override;
  Result<std::vector<User>> listUsers(const TenantId& tenant) override;
  void setPassword(std::string_view email, std::optional<TenantId> tenant,
                   std::string password_hash, Actor actor, Done<User> done) override;
  void updateDisplayName(const TenantId& tenant, const UserId& user, std::string display_name,
                         Actor actor, Done<User> done) override;
  void updateUser(const TenantId& tenant, const UserId& user, UserPatch patch, Actor actor,
                  Done<User> done) override;
  void setUserActive(const TenantId& tenant, const UserId& user, bool active, Actor actor,
                     Done<User> done) override;
  void deleteUser(const TenantId& tenant, const UserId& user, Actor actor,
                  Done<User> done) override;

 private:
  Result<UserCredentials> userFromRow(Connection& db, const Statement& row);
  // NotFound for an unknown user.
  Result<User> userInTransaction(Connection& db, const TenantId& tenant, const UserId& user);
  Database& database_;
};

}  // namespace parley::storage::sqlite
