#include "backup/backup_maker.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "backup/backup_restore.h"
#include "backup/backup_schedule.h"
#include "backup/backup_set.h"
#include "storage/sqlite/store_test.h"

namespace parley::backup {
namespace {

using storage::sqlite::StoreTest;

// Every row of every table, in order: what "the same data" means here.
std::string dumpTables(const std::filesystem::path& path) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  std::vector<std::string> tables;
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                     "'sqlite_%' ORDER BY name",
                     -1, &statement, nullptr);
  while (sqlite3_step(statement) == SQLITE_ROW) {
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
  }
  sqlite3_finalize(statement);
  std::string out;
  for (const std::string& table : tables) {
    out += "# " + table + "\n";
    const std::string sql = "SELECT * FROM \"" + table + "\" ORDER BY 1";
    sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr);
    while (sqlite3_step(statement) == SQLITE_ROW) {
      for (int column = 0; column < sqlite3_column_count(statement); ++column) {
        const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement, column));
        out.append(bytes ? bytes : "NULL",
                   bytes ? static_cast<size_t>(sqlite3_column_bytes(statement, column)) : 4);
        out += "|";
      }
      out += "\n";
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return out;
}

class BackupTest : public StoreTest {
 protected:
  BackupOptions options(size_t keep = 14, size_t keep_keys = 3) {
    return {dir_, dir_ / "backups", keep, keep_keys};
  }
  std::filesystem::path target() { return dir_ / "restored"; }
};

TEST_F(BackupTest, ARestoreHoldsTheSameRowsAndFiles) {
  const Tenant tenant = newTenant("Acme");
  newTenant("Globex");
  auto staged = stores_.media->stage(tenant.id, "text/plain", "note.txt", "file bytes");
  ASSERT_TRUE(staged.has_value());
  const std::string media_name = "media/" + tenant.id.value + "/" + staged->id.value;

  auto made = makeBackup(options(), *keyring_, clock_);
  ASSERT_TRUE(made.has_value()) << made.error().message;
  EXPECT_EQ(made->files, 2u);  // the database and the media file (no anchors yet)
  EXPECT_TRUE(std::filesystem::exists(made->data_file.string() + ".sha256"));
  EXPECT_EQ((std::filesystem::status(made->data_file).permissions() & std::filesystem::perms::all),
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

  auto verified = verifyBackup(made->data_file, *keyring_);
  ASSERT_TRUE(verified.has_value()) << verified.error().message;
  ASSERT_TRUE(verifyBackup(made->keys_file, *keyring_).has_value());

  auto restored = restoreBackup(made->data_file, made->keys_file, *keyring_, target());
  ASSERT_TRUE(restored.has_value()) << restored.error().message;
  EXPECT_EQ(dumpTables(target() / "parley.db"), dumpTables(dir_ / "parley.db"));
  EXPECT_EQ(dumpTables(target() / "parley-keys.db"), dumpTables(dir_ / "parley-keys.db"));
  std::ifstream original(dir_ / media_name, std::ios::binary),
      copy(target() / media_name, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(copy), {}),
            std::string(std::istreambuf_iterator<char>(original), {}));

  // The restored directory opens, and its data reads back under the same master key.
  auto reopened =
      storage::sqlite::SqliteStores::open((target() / "parley.db").string(), *keyring_, clock_);
  ASSERT_TRUE(reopened.has_value()) << reopened.error().message;
  auto tenants = (*reopened)->stores().tenants->listTenants();
  ASSERT_TRUE(tenants.has_value());
  EXPECT_EQ(tenants->size(), 2u);
}

TEST_F(BackupTest, WritesGoOnWhileABackupIsMade) {
  std::atomic<bool> stop{false};
  std::atomic<int> made_tenants{0};
  std::thread writer([&] {
    while (!stop) {
      newTenant("T" + std::to_string(made_tenants.load()));
      ++made_tenants;
    }
  });
  while (made_tenants < 20) {
    std::this_thread::yield();
  }
  const int before = made_tenants;
  auto made = makeBackup(options(), *keyring_, clock_);
  stop = true;
  writer.join();
  ASSERT_TRUE(made.has_value()) << made.error().message;
  auto restored = restoreBackup(made->data_file, made->keys_file, *keyring_, target());
  ASSERT_TRUE(restored.has_value()) << restored.error().message;
  auto reopened =
      storage::sqlite::SqliteStores::open((target() / "parley.db").string(), *keyring_, clock_);
  ASSERT_TRUE(reopened.has_value());
  auto tenants = (*reopened)->stores().tenants->listTenants();
  ASSERT_TRUE(tenants.has_value());
  // A moment between the first and the last write: at least what was there before.
  EXPECT_GE(static_cast<int>(tenants->size()), before);
  EXPECT_LE(static_cast<int>(tenants->size()), made_tenants.load());
}

TEST_F(BackupTest, OnlyTheNewestAreKeptAndKeyStoreBackupsFewer) {
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(makeBackup(options(2, 1), *keyring_, clock_).has_value());
    clock_.advance(std::chrono::hours(24));
  }
  size_t data = 0, keys = 0;
  for (const StoredBackup& stored : listBackups(dir_ / "backups")) {
    (stored.kind == ArchiveKind::Data ? data : keys) += 1;
  }
  EXPECT_EQ(data, 2u);
  EXPECT_EQ(keys, 1u);
  size_t checksums = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "backups")) {
    checksums += entry.path().extension() == ".sha256";
  }
  EXPECT_EQ(checksums, 3u);
}

TEST_F(BackupTest, OneBackupOfADirectoryAtATime) {
  std::filesystem::create_directories(dir_ / "backups");
  const int fd = ::open((dir_ / "backups" / ".backup.lock").c_str(), O_CREAT | O_RDWR, 0600);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  auto made = makeBackup(options(), *keyring_, clock_);
  ::close(fd);
  ASSERT_FALSE(made.has_value());
  EXPECT_EQ(made.error().code, ErrorCode::Conflict);
  EXPECT_TRUE(listBackups(dir_ / "backups").empty());
}

TEST_F(BackupTest, RestoreRefusesAUsedDirectoryAnOlderKeyStoreAndAnotherKey) {
  newTenant("Acme");
  auto first = makeBackup(options(), *keyring_, clock_);
  clock_.advance(std::chrono::hours(1));
  auto second = makeBackup(options(), *keyring_, clock_);
  ASSERT_TRUE(first && second);

  std::filesystem::create_directories(target());
  std::ofstream(target() / "something") << "x";
  auto used = restoreBackup(first->data_file, first->keys_file, *keyring_, target());
  ASSERT_FALSE(used.has_value());
  EXPECT_EQ(used.error().code, ErrorCode::Conflict);
  std::filesystem::remove_all(target());

  auto older_keys = restoreBackup(second->data_file, first->keys_file, *keyring_, target());
  ASSERT_FALSE(older_keys.has_value());
  EXPECT_NE(older_keys.error().message.find("older"), std::string::npos);

  auto swapped = restoreBackup(first->keys_file, second->keys_file, *keyring_, target());
  ASSERT_FALSE(swapped.has_value());

  privacy::Keyring other(privacy::SecretKey::random());
  auto wrong_key = restoreBackup(first->data_file, second->keys_file, other, target());
  ASSERT_FALSE(wrong_key.has_value());
  EXPECT_EQ(wrong_key.error().code, ErrorCode::ValidationFailed);
  EXPECT_TRUE(std::filesystem::is_empty(target())) << "a failed restore leaves nothing behind";

  // The older data with the newer key store is the way a restore goes.
  auto restored = restoreBackup(first->data_file, second->keys_file, *keyring_, target());
  EXPECT_TRUE(restored.has_value()) << restored.error().message;
}

TEST_F(BackupTest, TheStatusCountsABackupOnlyWithItsKeyStoreFile) {
  BackupSchedule schedule(options(), std::nullopt, *keyring_,
                          std::make_unique<ThreadScheduler>(clock_), clock_);
  EXPECT_FALSE(schedule.status().last_success_at.has_value());
  for (int i = 0; i < 3; ++i) {  // several, so that the order of the listing matters
    ASSERT_TRUE(makeBackup(options(), *keyring_, clock_).has_value());
    clock_.advance(std::chrono::hours(1));
  }
  auto made = makeBackup(options(), *keyring_, clock_);
  ASSERT_TRUE(made.has_value());
  const BackupStatus status = schedule.status();
  ASSERT_TRUE(status.last_success_at.has_value());
  EXPECT_EQ(*status.last_success_at, made->at);
  EXPECT_EQ(status.last_success_bytes, made->bytes);
  // A data file whose key-store file is missing (a crash between the two) is not a backup.
  std::filesystem::remove(made->keys_file);
  EXPECT_EQ(*schedule.status().last_success_at, made->at - std::chrono::hours(1));
}

TEST(BackupScheduleTest, TheNextDailyTimeIsTodayOrTomorrow) {
  const TimePoint morning = *parseRfc3339("2026-12-07T02:59:00.000Z");
  EXPECT_EQ(formatRfc3339(nextDailyTime(morning, 180)), "2026-12-07T03:00:00.000Z");
  const TimePoint exactly = *parseRfc3339("2026-12-07T03:00:00.000Z");
  EXPECT_EQ(formatRfc3339(nextDailyTime(exactly, 180)), "2026-12-08T03:00:00.000Z");
  EXPECT_EQ(parseTimeOfDay("03:00"), 180);
  EXPECT_EQ(parseTimeOfDay("23:59"), 23 * 60 + 59);
  for (const char* bad : {"off", "24:00", "3:00", "03:60", "03-00", ""}) {
    EXPECT_FALSE(parseTimeOfDay(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace parley::backup
