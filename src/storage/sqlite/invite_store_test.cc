// Invites (A2) and admins' changes to users, over the real SQLite stores.
#include "storage/sqlite/invite_store.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "storage/sqlite/store_test.h"
#include "storage/wait.h"

namespace parley::storage::sqlite {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

class InviteStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    acme_ = newTenant("Acme").id;
  }
  Result<User> user(const std::string& email, Role role) {
    return waitFor<User>([&](auto done) {
      stores_.users->createUser(NewUser{acme_, email, "Name", role, "hash"}, Actor::system("test"),
                                std::move(done));
    });
  }
  Result<Invite> invite(const std::string& email, const std::string& token_hash,
                        std::optional<std::string> display_name = std::nullopt) {
    return waitFor<Invite>([&](auto done) {
      stores_.invites->createInvite(
          NewInvite{acme_, email, Role::Supervisor, std::move(display_name), "usr_admin"},
          token_hash, Actor{Actor::Kind::User, "usr_admin"}, std::move(done));
    });
  }
  Result<User> accept(const std::string& token_hash,
                      std::optional<std::string> display_name = std::nullopt) {
    return waitFor<User>([&](auto done) {
      stores_.invites->acceptInvite(token_hash, "argon-hash", std::move(display_name),
                                    std::move(done));
    });
  }
  Result<void> revoke(const InviteId& id) {
    return waitFor<void>([&](auto done) {
      stores_.invites->revokeInvite(acme_, id, Actor{Actor::Kind::User, "usr_admin"},
                                    std::move(done));
    });
  }
  Result<User> update(const UserId& id, UserPatch patch) {
    return waitFor<User>([&](auto done) {
      stores_.users->updateUser(acme_, id, std::move(patch), Actor{Actor::Kind::User, "usr_admin"},
                                std::move(done));
    });
  }
  TenantId acme_;
};

TEST_F(InviteStoreTest, InviteIsPendingForSevenDaysAndFoundByItsTokenHash) {
  auto created = invite("Nova@Example.com", "hash-1");
  ASSERT_TRUE(created.has_value()) << created.error().message;
  EXPECT_EQ(created->email, "nova@example.com");
  EXPECT_EQ(created->display_name, "nova");  // the email's local part by default
  EXPECT_EQ(created->role, Role::Supervisor);
  EXPECT_EQ(created->created_by, "usr_admin");
  EXPECT_EQ(created->expires_at - created->created_at, kInviteLifetime);

  auto found = stores_.invites->findPendingInvite("hash-1");
  ASSERT_TRUE(found.has_value()) << found.error().message;
  EXPECT_EQ(found->id, created->id);
  EXPECT_EQ(found->email, "nova@example.com");
  EXPECT_EQ(stores_.invites->findPendingInvite("hash-2").error().code, ErrorCode::NotFound);

  clock_.advance(kInviteLifetime - seconds(1));
  EXPECT_TRUE(stores_.invites->findPendingInvite("hash-1").has_value());
  clock_.advance(seconds(1));
  EXPECT_EQ(stores_.invites->findPendingInvite("hash-1").error().code, ErrorCode::NotFound);
  EXPECT_TRUE(stores_.invites->listPendingInvites(acme_)->empty());
  EXPECT_EQ(accept("hash-1").error().code, ErrorCode::NotFound);
}

TEST_F(InviteStoreTest, PendingInvitesAreListedNewestFirstPerTenant) {
  ASSERT_TRUE(invite("first@example.com", "hash-1", "First"));
  clock_.advance(seconds(1));
  ASSERT_TRUE(invite("second@example.com", "hash-2"));
  const TenantId other = newTenant("Other").id;
  ASSERT_TRUE(waitFor<Invite>([&](auto done) {
    stores_.invites->createInvite(NewInvite{other, "third@example.com", Role::Agent, {}, "usr_o"},
                                  "hash-3", Actor::system("test"), std::move(done));
  }));
  auto listed = stores_.invites->listPendingInvites(acme_);
  ASSERT_TRUE(listed.has_value()) << listed.error().message;
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].email, "second@example.com");
  EXPECT_EQ((*listed)[1].email, "first@example.com");
  EXPECT_EQ((*listed)[1].display_name, "First");
}

TEST_F(InviteStoreTest, InvitingAnEmailThatSignsInAlreadyIsAConflict) {
  ASSERT_TRUE(user("taken@example.com", Role::Agent));
  auto refused = invite("TAKEN@example.com", "hash-1");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::Conflict);
}

TEST_F(InviteStoreTest, AcceptingCreatesTheUserOnceWithTheInvitesRoleAndEmail) {
  auto created = invite("nova@example.com", "hash-1", "Nova");
  ASSERT_TRUE(created.has_value());
  auto accepted = accept("hash-1", "Nova Prime");
  ASSERT_TRUE(accepted.has_value()) << accepted.error().message;
  EXPECT_EQ(accepted->tenant_id, acme_);
  EXPECT_EQ(accepted->email, "nova@example.com");
  EXPECT_EQ(accepted->display_name, "Nova Prime");
  EXPECT_EQ(accepted->role, Role::Supervisor);
  auto found = stores_.users->findUsersByEmail("nova@example.com");
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 1u);
  const UserCredentials* credentials = &found->front();
  EXPECT_EQ(credentials->user.id, accepted->id);
  EXPECT_EQ(credentials->password_hash, "argon-hash");

  EXPECT_EQ(accept("hash-1").error().code, ErrorCode::NotFound);  // one time only
  EXPECT_EQ(stores_.invites->findPendingInvite("hash-1").error().code, ErrorCode::NotFound);
  EXPECT_TRUE(stores_.invites->listPendingInvites(acme_)->empty());

  auto audit = stores_.audit->listAudit(acme_, "user", accepted->id.value);
  ASSERT_TRUE(audit.has_value());
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_EQ((*audit)[0].actor.kind, Actor::Kind::User);
  EXPECT_EQ((*audit)[0].actor.id, accepted->id.value);
  auto invite_audit = stores_.audit->listAudit(acme_, "invite", created->id.value);
  ASSERT_TRUE(invite_audit.has_value());
  ASSERT_EQ(invite_audit->size(), 4u);  // email, displayName, role, usedBy
  EXPECT_EQ((*invite_audit)[3].attribute, "usedBy");
  EXPECT_EQ((*invite_audit)[3].value, accepted->id.value);
  EXPECT_TRUE(stores_.audit->verifyAudit()->broken == std::nullopt);
}

TEST_F(InviteStoreTest, AcceptingKeepsTheInviteWhenTheEmailWasTakenMeanwhile) {
  ASSERT_TRUE(invite("nova@example.com", "hash-1"));
  ASSERT_TRUE(user("nova@example.com", Role::Agent));
  auto refused = accept("hash-1");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::Conflict);
  EXPECT_TRUE(stores_.invites->findPendingInvite("hash-1").has_value());  // rolled back
}

TEST_F(InviteStoreTest, RevokedInviteCannotBeAcceptedOrRevokedAgain) {
  auto created = invite("nova@example.com", "hash-1");
  ASSERT_TRUE(created.has_value());
  ASSERT_TRUE(revoke(created->id)) << "revoke";
  EXPECT_EQ(revoke(created->id).error().code, ErrorCode::NotFound);
  EXPECT_EQ(revoke(InviteId{"inv_unknown"}).error().code, ErrorCode::NotFound);
  EXPECT_EQ(accept("hash-1").error().code, ErrorCode::NotFound);
  auto audit = stores_.audit->listAudit(acme_, "invite", created->id.value);
  ASSERT_TRUE(audit.has_value());
  EXPECT_EQ(audit->back().attribute, "revoked");
  EXPECT_EQ(audit->back().value, std::nullopt);
}

TEST_F(InviteStoreTest, InviteEmailIsNotStoredInPlaintext) {
  ASSERT_TRUE(invite("invitee.omega@example.org", "hash-1", "Omega Quill"));
  reopen();
  std::string bytes;
  for (const char* suffix : {"", "-wal"}) {
    std::ifstream in(dir_ / (std::string("parley.db") + suffix), std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    bytes += content.str();
  }
  EXPECT_EQ(bytes.find("invitee.omega"), std::string::npos);
  EXPECT_EQ(bytes.find("Omega Quill"), std::string::npos);
  EXPECT_TRUE(stores_.invites->findPendingInvite("hash-1").has_value());
}

TEST_F(InviteStoreTest, UpdateUserChangesRoleAndDisplayNameAndAuditsBoth) {
  ASSERT_TRUE(user("admin@example.com", Role::Admin));
  auto agent = user("agent@example.com", Role::Agent);
  ASSERT_TRUE(agent.has_value());
  auto updated = update(agent->id, UserPatch{.role = Role::Supervisor, .display_name = "Sam"});
  ASSERT_TRUE(updated.has_value()) << updated.error().message;
  EXPECT_EQ(updated->role, Role::Supervisor);
  EXPECT_EQ(updated->display_name, "Sam");
  EXPECT_EQ(stores_.users->findUser(acme_, agent->id)->role, Role::Supervisor);
  auto audit = stores_.audit->listAudit(acme_, "user", agent->id.value);
  ASSERT_TRUE(audit.has_value());
  ASSERT_EQ(audit->size(), 4u);  // email and name at creation, then displayName and role
  EXPECT_EQ((*audit)[2].attribute, "displayName");
  EXPECT_EQ((*audit)[3].attribute, "role");
  EXPECT_EQ((*audit)[3].value, "supervisor");

  auto name_only = update(agent->id, UserPatch{.display_name = "Samantha"});
  ASSERT_TRUE(name_only.has_value());
  EXPECT_EQ(name_only->role, Role::Supervisor);
  EXPECT_EQ(update(UserId{"usr_unknown"}, UserPatch{.display_name = "x"}).error().code,
            ErrorCode::NotFound);
}

TEST_F(InviteStoreTest, DemotingTheLastAdminIsAConflict) {
  auto first = user("first@example.com", Role::Admin);
  ASSERT_TRUE(first.has_value());
  auto refused = update(first->id, UserPatch{.role = Role::Agent});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::Conflict);
  EXPECT_EQ(stores_.users->findUser(acme_, first->id)->role, Role::Admin);
  EXPECT_TRUE(update(first->id, UserPatch{.role = Role::Admin}).has_value());  // no change

  auto second = user("second@example.com", Role::Admin);
  ASSERT_TRUE(second.has_value());
  EXPECT_TRUE(update(first->id, UserPatch{.role = Role::Agent}).has_value());
  EXPECT_EQ(update(second->id, UserPatch{.role = Role::Dpo}).error().code, ErrorCode::Conflict);
}

}  // namespace
}  // namespace parley::storage::sqlite
