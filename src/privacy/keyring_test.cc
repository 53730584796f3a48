#include "privacy/keyring.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

namespace parley::privacy {
namespace {

class KeyringTest : public ::testing::Test {
 protected:
  void SetUp() override {
    initCrypto();
    dir_ = std::filesystem::temp_directory_path() / ("parley-keyring-" + randomIdValue(""));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(KeyringTest, CreatesTheMasterKeyFileWithMode0600AndReusesIt) {
  auto first = Keyring::open(dir_, std::nullopt);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  struct stat info {};
  ASSERT_EQ(::stat((dir_ / "master.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  const TenantId tenant{"ten_1"};
  const auto wrapped = (*first)->newTenantKey(tenant);
  auto second = Keyring::open(dir_, std::nullopt);
  ASSERT_TRUE(second.has_value());
  auto unwrapped = (*second)->tenantKey(tenant, wrapped.wrapped);
  ASSERT_TRUE(unwrapped.has_value());
  EXPECT_EQ(unwrapped->view(), wrapped.key.view());
}

TEST_F(KeyringTest, RefusesAKeyFileOthersCanRead) {
  ASSERT_TRUE(Keyring::open(dir_, std::nullopt).has_value());
  ::chmod((dir_ / "master.key").c_str(), 0644);
  EXPECT_FALSE(Keyring::open(dir_, std::nullopt).has_value());
}

TEST_F(KeyringTest, MasterKeyFromTheEnvironmentMustBe64HexDigits) {
  EXPECT_FALSE(Keyring::open(dir_, std::string("abcd")).has_value());
  EXPECT_TRUE(Keyring::open(dir_, std::string(64, 'a')).has_value());
  EXPECT_FALSE(std::filesystem::exists(dir_ / "master.key"));
}

TEST_F(KeyringTest, TenantKeyDoesNotUnwrapForAnotherTenantOrMaster) {
  Keyring keyring(SecretKey::random());
  const auto wrapped = keyring.newTenantKey(TenantId{"ten_a"});
  EXPECT_FALSE(keyring.tenantKey(TenantId{"ten_b"}, wrapped.wrapped).has_value());
  Keyring other(SecretKey::random());
  EXPECT_FALSE(other.tenantKey(TenantId{"ten_a"}, wrapped.wrapped).has_value());
}

TEST_F(KeyringTest, ContactKeyUnwrapsOnlyUnderItsTenantKey) {
  Keyring keyring(SecretKey::random());
  const TenantId tenant{"ten_a"};
  const ContactKeyId contact{"ckey_1"};
  const SecretKey tenant_key = SecretKey::random();
  const auto wrapped = keyring.newContactKey(tenant_key, tenant, contact);
  auto unwrapped = keyring.contactKey(tenant_key, tenant, contact, wrapped.wrapped);
  ASSERT_TRUE(unwrapped.has_value());
  EXPECT_EQ(unwrapped->view(), wrapped.key.view());
  EXPECT_FALSE(keyring.contactKey(SecretKey::random(), tenant, contact, wrapped.wrapped));
  EXPECT_FALSE(keyring.contactKey(tenant_key, tenant, ContactKeyId{"ckey_2"}, wrapped.wrapped));
}

}  // namespace
}  // namespace parley::privacy
