#pragma once

#include "storage/sqlite/database.h"

namespace parley::storage::sqlite {

// Users' email and display name are sealed under the tenant key; the email's blind index is
// node-wide because sign-in is by email alone.
class SqliteUserStore final : public UserStore {
 public:
  explicit SqliteUserStore(Database& database) : database_(database) {}

  // UserStore
  void createUser(NewUser user, Actor actor, Done<User> done) override;
  Result<User> findUser(const TenantId& tenant, const UserId& user) override;
  Result<UserCredentials> findUserByEmail(std::string_view email) override;
  Result<std::vector<User>> listUsers(const TenantId& tenant) override;
  void setPassword(std::string_view email, std::string password_hash, Actor actor,
                   Done<User> done) override;
  void updateDisplayName(const TenantId& tenant, const UserId& user, std::string display_name,
                         Actor actor, Done<User> done) override;

 private:
  Result<UserCredentials> userFromRow(Connection& db, const Statement& row);
  Database& database_;
};

}  // namespace parley::storage::sqlite
