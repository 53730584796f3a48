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
  const std::string token = issueSignInChallenge(key_, TenantId{"ten_a"}, UserId{"usr_b"}, now_);
  auto checked = checkSignInChallenge(key_, token, now_ + std::chrono::minutes(4));
  ASSERT_TRUE(checked);
  EXPECT_EQ(checked->tenant.value, "ten_a");
  EXPECT_EQ(checked->user.value, "usr_b");
  EXPECT_FALSE(checkSignInChallenge(key_, token, now_ + kSignInChallengeLifetime));
}

TEST_F(SignInChallengeTest, AnyChangeOrAnotherKeyIsRefused) {
  const std::string token = issueSignInChallenge(key_, TenantId{"ten_a"}, UserId{"usr_b"}, now_);
  EXPECT_FALSE(checkSignInChallenge(privacy::SecretKey::random(), token, now_));
  std::string other_user = token;
  other_user.replace(other_user.find("usr_b"), 5, "usr_c");
  EXPECT_FALSE(checkSignInChallenge(key_, other_user, now_));
  std::string later = token;
  later.replace(later.find(".18") + 1, 2, "19");  // expiry pushed years ahead
  EXPECT_FALSE(checkSignInChallenge(key_, later, now_));
  for (std::string_view bad : {"", ".", "a.b.c.d.e", "ten_a.usr_b.x.y.00"}) {
    EXPECT_FALSE(checkSignInChallenge(key_, bad, now_)) << bad;
  }
}

}  // namespace
}  // namespace parley::auth
