#include "storage/sqlite/two_factor_store.h"

#include <gtest/gtest.h>

#include <fstream>

#include "storage/sqlite/store_test.h"

namespace parley::storage::sqlite {
namespace {

class TwoFactorStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    acme_ = newTenant("Acme");
    ada_ = user(acme_, "ada@example.com");
    bo_ = user(acme_, "bo@example.com");
  }
  UserId user(const Tenant& tenant, const std::string& email) {
    auto created = waitFor<User>([&](auto done) {
      stores_.users->createUser(NewUser{tenant.id, email, email, Role::Agent, "hash"},
                                Actor::system("test"), std::move(done));
    });
    EXPECT_TRUE(created.has_value());
    return created ? created->id : UserId{};
  }
  Result<void> start(const UserId& user, std::string secret) {
    return waitFor<void>([&](auto done) {
      stores_.two_factor->startEnrolment(acme_.id, user, std::move(secret), std::move(done));
    });
  }
  Result<void> confirm(const UserId& user, int64_t step, std::vector<std::string> codes,
                       std::string secret = "") {
    if (secret.empty()) {
      auto waiting = stores_.two_factor->findSecondFactor(acme_.id, user);
      secret = waiting ? waiting->secret : "none";
    }
    return waitFor<void>([&](auto done) {
      stores_.two_factor->confirmEnrolment(acme_.id, user, secret, step, std::move(codes),
                                           Actor{Actor::Kind::User, user.value}, std::move(done));
    });
  }
  Result<void> useStep(const UserId& user, int64_t step) {
    return waitFor<void>(
        [&](auto done) { stores_.two_factor->useStep(acme_.id, user, step, std::move(done)); });
  }
  Result<size_t> useCode(const UserId& user, std::string code) {
    return waitFor<size_t>([&](auto done) {
      stores_.two_factor->useRecoveryCode(acme_.id, user, std::move(code),
                                          Actor{Actor::Kind::User, user.value}, std::move(done));
    });
  }
  Result<void> remove(const UserId& user) {
    return waitFor<void>([&](auto done) {
      stores_.two_factor->removeSecondFactor(acme_.id, user, Actor{Actor::Kind::User, "usr_admin"},
                                             std::move(done));
    });
  }

  Tenant acme_;
  UserId ada_;
  UserId bo_;
};

TEST_F(TwoFactorStoreTest, EnrolmentWaitsForItsFirstCodeThenShowsOnTheUser) {
  EXPECT_EQ(stores_.two_factor->findSecondFactor(acme_.id, ada_).error().code, ErrorCode::NotFound);
  ASSERT_TRUE(start(ada_, "first secret"));
  ASSERT_TRUE(start(ada_, "second secret")) << "a waiting enrolment may start over";
  auto waiting = stores_.two_factor->findSecondFactor(acme_.id, ada_);
  ASSERT_TRUE(waiting.has_value());
  EXPECT_EQ(waiting->secret, "second secret");
  EXPECT_FALSE(waiting->confirmed_at);
  EXPECT_FALSE(stores_.users->findUser(acme_.id, ada_)->two_factor_since);

  EXPECT_EQ(confirm(ada_, 100, {}, "first secret").error().code, ErrorCode::Conflict)
      << "a code of the first secret does not confirm the second";
  ASSERT_TRUE(confirm(ada_, 100, {"aaaabbbbcccc", "ddddeeeeffff"}));
  auto confirmed = stores_.two_factor->findSecondFactor(acme_.id, ada_);
  ASSERT_TRUE(confirmed->confirmed_at);
  EXPECT_EQ(confirmed->last_step, 100);
  EXPECT_EQ(confirmed->recovery_codes_left, 2u);
  EXPECT_EQ(stores_.users->findUser(acme_.id, ada_)->two_factor_since, confirmed->confirmed_at);
  EXPECT_FALSE(stores_.users->findUser(acme_.id, bo_)->two_factor_since) << "only Ada's";

  EXPECT_EQ(start(ada_, "replaced").error().code, ErrorCode::Conflict)
      << "a confirmed secret is not replaced by starting again";
  EXPECT_EQ(confirm(ada_, 101, {}).error().code, ErrorCode::Conflict);
  EXPECT_EQ(stores_.two_factor->findSecondFactor(acme_.id, ada_)->secret, "second secret");
}

TEST_F(TwoFactorStoreTest, TheSecretIsSealedNotStoredInTheClear) {
  ASSERT_TRUE(start(ada_, "TOTP-SECRET-IN-THE-CLEAR"));
  engine_.reset();
  std::ifstream file(dir_ / "parley.db", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(file)), {});
  std::ifstream wal(dir_ / "parley.db-wal", std::ios::binary);
  const std::string wal_bytes((std::istreambuf_iterator<char>(wal)), {});
  EXPECT_EQ(bytes.find("TOTP-SECRET-IN-THE-CLEAR"), std::string::npos);
  EXPECT_EQ(wal_bytes.find("TOTP-SECRET-IN-THE-CLEAR"), std::string::npos);
  reopen();
}

TEST_F(TwoFactorStoreTest, AStepIsUsedOnceAndNeverAnOlderOne) {
  ASSERT_TRUE(start(ada_, "s"));
  ASSERT_TRUE(confirm(ada_, 100, {}));
  EXPECT_EQ(useStep(ada_, 100).error().code, ErrorCode::Conflict) << "the confirming code";
  EXPECT_EQ(useStep(ada_, 99).error().code, ErrorCode::Conflict);
  EXPECT_TRUE(useStep(ada_, 101));
  EXPECT_EQ(useStep(ada_, 101).error().code, ErrorCode::Conflict);
  EXPECT_EQ(useStep(bo_, 500).error().code, ErrorCode::Conflict) << "Bo has no second factor";
}

TEST_F(TwoFactorStoreTest, RecoveryCodesAreSingleUseAndPerUser) {
  ASSERT_TRUE(start(ada_, "s"));
  ASSERT_TRUE(confirm(ada_, 1, {"aaaabbbbcccc", "ddddeeeeffff"}));
  ASSERT_TRUE(start(bo_, "t"));
  ASSERT_TRUE(confirm(bo_, 1, {"gggghhhhjjjj"}));
  EXPECT_EQ(useCode(bo_, "aaaabbbbcccc").error().code, ErrorCode::NotFound) << "Ada's code";
  EXPECT_EQ(useCode(ada_, "aaaabbbbcccc"), 1u);
  EXPECT_EQ(useCode(ada_, "aaaabbbbcccc").error().code, ErrorCode::NotFound) << "used";
  EXPECT_EQ(useCode(ada_, "zzzzzzzzzzzz").error().code, ErrorCode::NotFound);

  auto replaced = waitFor<void>([&](auto done) {
    stores_.two_factor->replaceRecoveryCodes(acme_.id, ada_, {"kkkkmmmmnnnn"},
                                             Actor{Actor::Kind::User, ada_.value}, std::move(done));
  });
  ASSERT_TRUE(replaced);
  EXPECT_EQ(useCode(ada_, "ddddeeeeffff").error().code, ErrorCode::NotFound) << "replaced";
  EXPECT_EQ(useCode(ada_, "kkkkmmmmnnnn"), 0u);
}

TEST_F(TwoFactorStoreTest, RemovingForgetsSecretAndCodesOfThatUserOnlyAndIsAudited) {
  ASSERT_TRUE(start(ada_, "s"));
  ASSERT_TRUE(confirm(ada_, 1, {"aaaabbbbcccc"}));
  ASSERT_TRUE(start(bo_, "t"));
  ASSERT_TRUE(confirm(bo_, 1, {"gggghhhhjjjj"}));
  ASSERT_TRUE(remove(ada_));
  EXPECT_EQ(remove(ada_).error().code, ErrorCode::NotFound);
  EXPECT_EQ(stores_.two_factor->findSecondFactor(acme_.id, ada_).error().code, ErrorCode::NotFound);
  EXPECT_FALSE(stores_.users->findUser(acme_.id, ada_)->two_factor_since);
  EXPECT_TRUE(stores_.users->findUser(acme_.id, bo_)->two_factor_since);
  EXPECT_EQ(useCode(bo_, "gggghhhhjjjj"), 0u) << "Bo's codes are untouched";
  ASSERT_TRUE(start(ada_, "again")) << "and Ada may enrol again";

  auto entries = stores_.audit->listAudit(acme_.id, "user", ada_.value);
  ASSERT_TRUE(entries.has_value());
  std::vector<std::string> changes;
  for (const AuditEntry& entry : *entries) {
    if (entry.attribute == "twoFactor") {
      changes.push_back(entry.value.value_or("") + " by " + entry.actor.id);
    }
  }
  EXPECT_EQ(changes,
            (std::vector<std::string>{"enabled by " + ada_.value, "removed by usr_admin"}));
}

TEST_F(TwoFactorStoreTest, PolicyStartsEmptyAndIsKeptPerTenant) {
  const Tenant other = newTenant("Other");
  EXPECT_TRUE(stores_.two_factor->twoFactorPolicy(acme_.id)->required_for.empty());
  auto saved = waitFor<TwoFactorPolicy>([&](auto done) {
    stores_.two_factor->setTwoFactorPolicy(acme_.id, TwoFactorPolicy{{Role::Admin, Role::Dpo}},
                                           Actor::system("test"), std::move(done));
  });
  ASSERT_TRUE(saved);
  auto policy = stores_.two_factor->twoFactorPolicy(acme_.id);
  EXPECT_TRUE(policy->appliesTo(Role::Admin));
  EXPECT_TRUE(policy->appliesTo(Role::Dpo));
  EXPECT_FALSE(policy->appliesTo(Role::Agent));
  EXPECT_TRUE(stores_.two_factor->twoFactorPolicy(other.id)->required_for.empty());
}

}  // namespace
}  // namespace parley::storage::sqlite
