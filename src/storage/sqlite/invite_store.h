#pragma once

#include "storage/sqlite/database.h"

namespace parley::storage::sqlite {

// Invites' email and display name are sealed under the tenant key (as users' are); the token is
// kept only as its hash. Rows stay once used or revoked, so the audit trail has something to name.
//
// Beyond the interface's contract: createInvite normalises the email (as users' are) and refuses
// it when a user signs in with it already; acceptInvite checks that again in its transaction.
class SqliteInviteStore final : public InviteStore {
 public:
  explicit SqliteInviteStore(Database& database) : database_(database) {}

  // InviteStore
  void createInvite(NewInvite invite, std::string token_hash, Actor actor,
                    Done<Invite> done) override;
  Result<std::vector<Invite>> listPendingInvites(const TenantId& tenant) override;
  Result<Invite> findPendingInvite(std::string_view token_hash) override;
  void revokeInvite(const TenantId& tenant, const InviteId& invite, Actor actor,
                    Done<void> done) override;
  void acceptInvite(std::string token_hash, std::string password_hash,
                    std::optional<std::string> display_name, Done<User> done) override;

 private:
  Result<Invite> inviteFromRow(Connection& db, const Statement& row);
  Database& database_;
};

}  // namespace parley::storage::sqlite
