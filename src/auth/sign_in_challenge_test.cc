#include "auth/sign_in_challenge.h"

#include <gtest/gtest.h>

namespace parley::auth {
namespace {

class SignInChallengeTest : public ::testing::Test {
 protected:
  void SetUp() override { privacy::initCrypto(); }
  privacy::SecretKey key_ = privacy::SecretKey::random();
  TimePoint now_ = TimePoint(std::chrono::seconds(1'800'000'000));
};

TEST_F(SignInChallengeTest, NamesItsUserUntilItExpires) {
  const std::string token =
      issueSignInChallenge(key_, TenantId{"ten_a"}, UserId{"usr_b"}, now_, "7:10");
  auto checked = checkSignInChallenge(key_, token, now_ + std::chrono::minutes(4), "7:10");
  ASSERT_TRUE(checked);
  EXPECT_EQ(checked->tenant.value, "ten_a");
  EXPECT_EQ(checked->user.value, "usr_b");
  EXPECT_FALSE(checkSignInChallenge(key_, token, now_ + kSignInChallengeLifetime, "7:10"));
}

TEST_F(SignInChallengeTest, AnyChangeOrAnotherKeyIsRefused) {
  const std::string token =
      issueSignInChallenge(key_, TenantId{"ten_a"}, UserId{"usr_b"}, now_, "7:10");
  EXPECT_FALSE(checkSignInChallenge(privacy::SecretKey::random(), token, now_, "7:10"));
  std::string other_user = token;
  other_user.replace(other_user.find("usr_b"), 5, "usr_c");
  EXPECT_FALSE(checkSignInChallenge(key_, other_user, now_, "7:10"));
  std::string later = token;
  later.replace(later.find(".18") + 1, 2, "19");  // expiry pushed years ahead
  EXPECT_FALSE(checkSignInChallenge(key_, later, now_, "7:10"));
  for (std::string_view bad : {"", ".", "a.b.c.d.e", "ten_a.usr_b.x.y.00"}) {
    EXPECT_FALSE(checkSignInChallenge(key_, bad, now_, "7:10")) << bad;
  }
}

TEST_F(SignInChallengeTest, ASpentCodeEndsTheChallenge) {
  const std::string token =
      issueSignInChallenge(key_, TenantId{"ten_a"}, UserId{"usr_b"}, now_, "7:10");
  EXPECT_TRUE(checkSignInChallenge(key_, token, now_, "7:10"));
  EXPECT_FALSE(checkSignInChallenge(key_, token, now_, "8:10")) << "a code was used since";
  EXPECT_FALSE(checkSignInChallenge(key_, token, now_, "7:9")) << "a recovery code was used since";
  EXPECT_EQ(readSignInChallenge(token)->user.value, "usr_b");
}

}  // namespace
}  // namespace parley::auth
