#pragma once
// For the SQLite stores' tests: a fresh database in a temp directory, a random master key, a clock
// the test moves, and reopen() to see what survives a restart.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "privacy/crypto.h"
#include "storage/sqlite/sqlite_stores.h"
#include "storage/wait.h"

namespace parley::storage::sqlite {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    privacy::initCrypto();
    dir_ = std::filesystem::temp_directory_path() / ("parley-test-" + privacy::randomIdValue(""));
    std::filesystem::create_directories(dir_);
    keyring_ = std::make_unique<privacy::Keyring>(privacy::SecretKey::random());
    reopen();
  }
  void TearDown() override {
    engine_.reset();
    std::filesystem::remove_all(dir_);
  }
  void reopen() {
    engine_.reset();
    auto opened = SqliteStores::open((dir_ / "parley.db").string(), *keyring_, clock_);
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    engine_ = std::move(*opened);
    stores_ = engine_->stores();
  }
  Tenant newTenant(const std::string& name) {
    auto created =
        waitFor<Tenant>([&](auto done) { stores_.tenants->createTenant(name, std::move(done)); });
    EXPECT_TRUE(created.has_value());
    return created.value_or(Tenant{});
  }

  ManualClock clock_;
  std::filesystem::path dir_;
  std::unique_ptr<privacy::Keyring> keyring_;
  std::unique_ptr<SqliteStores> engine_;
  Stores stores_;
};

}  // namespace parley::storage::sqlite
