// Media that came with inbound messages: staged sealed under a key of their own, stored with the
// message (the key sealed under the contact's), read back whole by its tenant only.
#include "storage/sqlite/media_store.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "storage/sqlite/store_test.h"
#include "storage/wait.h"

namespace parley::storage::sqlite {
namespace {

const std::string kPng = std::string("\x89PNG\r\n\x1A\n", 8) + "a photo of a receipt, 4111 1111";

class MediaStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    acme_ = newTenant("Acme").id;
  }
  StagedMedia stage(const std::string& name = "passport_J_Smith.png") {
    auto staged = stores_.media->stage(acme_, "image/png", name, kPng);
    EXPECT_TRUE(staged.has_value()) << staged.error().message;
    return staged.value_or(StagedMedia{});
  }
  Result<ReceivedMessage> receive(const std::string& provider_id, const StagedMedia& media,
                                  const std::string& identity = "4242") {
    InboundMessage message{.tenant_id = acme_,
                           .channel = "chn_telegram",
                           .identity = identity,
                           .content = R"({"media":{"id":")" + media.id.value + R"("}})",
                           .provider_message_id = provider_id};
    message.media.push_back(media);
    return waitFor<ReceivedMessage>(
        [&](auto done) { stores_.conversations->receive(message, std::move(done)); });
  }
  std::filesystem::path fileOf(const MediaId& id) const {
    return dir_ / "media" / acme_.value / id.value;
  }
  static std::string bytesOf(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  }

  TenantId acme_;
};

TEST_F(MediaStoreTest, AFileIsStoredWithItsMessageSealedAndReadBackWhole) {
  const StagedMedia staged = stage();
  EXPECT_TRUE(std::filesystem::exists(fileOf(staged.id)));
  auto received = receive("4242:1", staged);
  ASSERT_TRUE(received.has_value()) << received.error().message;

  auto read = stores_.media->readMedia(acme_, staged.id);
  ASSERT_TRUE(read.has_value()) << read.error().message;
  EXPECT_EQ(read->second, kPng);
  EXPECT_EQ(read->first.mime_type, "image/png");
  EXPECT_EQ(read->first.name, "passport_J_Smith.png");
  EXPECT_EQ(read->first.size, kPng.size());
  EXPECT_EQ(read->first.contact_id, received->contact_id);
  EXPECT_EQ(read->first.conversation_id, received->conversation.id);
  EXPECT_EQ(read->first.message_id, received->message.id);

  // Neither the bytes nor the name are anywhere in the clear: not in the file, not in the database.
  reopen();
  for (const auto& path : {fileOf(staged.id), dir_ / "parley.db", dir_ / "parley.db-wal"}) {
    const std::string on_disk = bytesOf(path);
    EXPECT_EQ(on_disk.find("a photo of a receipt"), std::string::npos) << path;
    EXPECT_EQ(on_disk.find("passport_J_Smith"), std::string::npos) << path;
  }
  auto again = stores_.media->readMedia(acme_, staged.id);
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(again->second, kPng);
}

TEST_F(MediaStoreTest, OnlyItsTenantReadsItAndOnlyOnceAMessageNamesIt) {
  const StagedMedia staged = stage();
  auto unnamed = stores_.media->readMedia(acme_, staged.id);
  ASSERT_FALSE(unnamed.has_value()) << "a staged file is nothing until its message is stored";
  EXPECT_EQ(unnamed.error().code, ErrorCode::NotFound);
  ASSERT_TRUE(receive("4242:2", staged).has_value());
  const TenantId other = newTenant("Other").id;
  auto foreign = stores_.media->readMedia(other, staged.id);
  ASSERT_FALSE(foreign.has_value());
  EXPECT_EQ(foreign.error().code, ErrorCode::NotFound);
  for (const char* unknown : {"med_unknown", "../../parley.db", "med_0123/../x", ""}) {
    auto missing = stores_.media->readMedia(acme_, MediaId{unknown});
    ASSERT_FALSE(missing.has_value()) << unknown;
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound) << unknown;
  }
}

TEST_F(MediaStoreTest, ARepeatedMessageOrOneNotStoredLeavesNoFile) {
  const StagedMedia first = stage();
  ASSERT_TRUE(receive("4242:3", first).has_value());
  const StagedMedia repeat = stage();
  auto again = receive("4242:3", repeat);
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_TRUE(again->duplicate);
  EXPECT_FALSE(std::filesystem::exists(fileOf(repeat.id)));
  EXPECT_TRUE(stores_.media->readMedia(acme_, first.id).has_value());

  const StagedMedia refused = stage();
  auto failed = receive("4242:4", refused, "   ");  // no identity: not stored
  ASSERT_FALSE(failed.has_value());
  EXPECT_FALSE(std::filesystem::exists(fileOf(refused.id)));
}

TEST_F(MediaStoreTest, FilesAndTheirFolderAreTheOwnersOnly) {
  const StagedMedia staged = stage();
  using std::filesystem::perms;
  EXPECT_EQ(std::filesystem::status(fileOf(staged.id)).permissions() & perms::all,
            perms::owner_read | perms::owner_write);
  EXPECT_EQ(std::filesystem::status(fileOf(staged.id).parent_path()).permissions() & perms::all,
            perms::owner_all);
}

TEST_F(MediaStoreTest, TheSweepTakesOnlyOldUnclaimedAndHalfWrittenFiles) {
  const StagedMedia stored = stage();
  ASSERT_TRUE(receive("4242:5", stored).has_value());
  const StagedMedia orphan = stage();  // staged, then the process died before its message
  const StagedMedia fresh = stage();   // staged a moment ago: its message may be on its way
  const std::filesystem::path half_written = fileOf(MediaId{"med_halfwritten"}).string() + ".tmp";
  std::ofstream(half_written) << "cut off";
  std::ofstream(dir_ / "media" / acme_.value / "notes.txt") << "not ours";
  const auto an_hour_ago = std::filesystem::file_time_type::clock::now() - std::chrono::hours(2);
  for (const auto& path : {fileOf(stored.id), fileOf(orphan.id), half_written}) {
    std::filesystem::last_write_time(path, an_hour_ago);
  }

  EXPECT_EQ(stores_.media->sweepUnclaimed(std::chrono::system_clock::now() - std::chrono::hours(1)),
            2u);
  EXPECT_FALSE(std::filesystem::exists(fileOf(orphan.id)));
  EXPECT_FALSE(std::filesystem::exists(half_written));
  EXPECT_TRUE(std::filesystem::exists(fileOf(fresh.id)));
  EXPECT_TRUE(std::filesystem::exists(dir_ / "media" / acme_.value / "notes.txt"));
  auto read = stores_.media->readMedia(acme_, stored.id);
  ASSERT_TRUE(read.has_value()) << read.error().message;
  EXPECT_EQ(read->second, kPng);
}

TEST_F(MediaStoreTest, AFileFollowsItsContactIntoAMerge) {
  const StagedMedia staged = stage();
  auto from = receive("4242:5", staged, "4242");
  auto into = receive("7070:1", stage(), "7070");
  ASSERT_TRUE(from.has_value() && into.has_value());
  auto closed = waitFor<Conversation>([&](auto done) {
    stores_.conversations->closeConversation(acme_, from->conversation.id, Actor::system("test"),
                                             std::move(done));
  });
  ASSERT_TRUE(closed.has_value()) << closed.error().message;
  auto merged = waitFor<Contact>([&](auto done) {
    stores_.contacts->mergeContacts(acme_, into->contact_id, from->contact_id,
                                    Actor::system("test"), std::move(done));
  });
  ASSERT_TRUE(merged.has_value()) << merged.error().message;
  auto read = stores_.media->readMedia(acme_, staged.id);
  ASSERT_TRUE(read.has_value()) << read.error().message;
  EXPECT_EQ(read->first.contact_id, into->contact_id);
  EXPECT_EQ(read->second, kPng);
}

}  // namespace
}  // namespace parley::storage::sqlite
