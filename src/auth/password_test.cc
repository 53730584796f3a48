#include "auth/password.h"

#include <gtest/gtest.h>

#include "auth/secrets.h"
#include "privacy/crypto.h"

namespace parley::auth {
namespace {

TEST(Password, HashIsArgon2idAndVerifiesOnlyTheSamePassword) {
  privacy::initCrypto();
  auto hashed = hashPassword("correct horse battery");
  ASSERT_TRUE(hashed.has_value());
  EXPECT_TRUE(hashed->starts_with("$argon2id$"));
  EXPECT_EQ(hashed->find("correct"), std::string::npos);
  EXPECT_TRUE(verifyPassword(*hashed, "correct horse battery"));
  EXPECT_FALSE(verifyPassword(*hashed, "correct horse batterY"));
}

TEST(Password, TooShortOrTooLongIsAValidationError) {
  EXPECT_EQ(hashPassword("short").error().code, ErrorCode::ValidationFailed);
  EXPECT_EQ(hashPassword(std::string(257, 'x')).error().code, ErrorCode::ValidationFailed);
}

TEST(Password, MalformedStoredHashNeverMatches) {
  EXPECT_FALSE(verifyPassword("", "anything at all"));
  EXPECT_FALSE(verifyPassword("$argon2id$garbage", "anything at all"));
}

TEST(Secrets, AreRandomAndHashedConsistently) {
  privacy::initCrypto();
  const std::string token = newApiTokenSecret();
  EXPECT_TRUE(token.starts_with("pat_"));
  EXPECT_NE(token, newApiTokenSecret());
  EXPECT_EQ(secretHash(token), secretHash(token));
  EXPECT_NE(secretHash(token), secretHash(newApiTokenSecret()));
  EXPECT_GE(newSessionSecret().size(), 43u);
}

}  // namespace
}  // namespace parley::auth
