// Media that came with inbound messages: stored with the message, sealed in a file of its own,
// read back whole by its tenant only.
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
  Result<ReceivedMessage> receive(const std::string& provider_id, const MediaId& media,
                                  const std::string& bytes = kPng) {
    InboundMessage message{.tenant_id = acme_,
                           .channel = "chn_telegram",
                           .identity = "4242",
                           .content = R"({"media":{"id":")" + media.value + R"("}})",
                           .provider_message_id = provider_id};
    message.media.push_back(
        InboundMedia{.id = media, .mime_type = "image/png", .name = "photo.png", .bytes = bytes});
    return waitFor<ReceivedMessage>(
        [&](auto done) { stores_.conversations->receive(message, std::move(done)); });
  }
  std::filesystem::path fileOf(const MediaId& id) const {
    return dir_ / "media" / acme_.value / id.value;
  }
  std::string fileBytes(const MediaId& id) const {
    std::ifstream in(fileOf(id), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  }

  TenantId acme_;
};

TEST_F(MediaStoreTest, AFileIsStoredWithItsMessageSealedAndReadBackWhole) {
  const MediaId id{"med_0123456789abcdefghijklmnop"};
  auto received = receive("4242:1", id);
  ASSERT_TRUE(received.has_value()) << received.error().message;

  auto read = stores_.media->readMedia(acme_, id);
  ASSERT_TRUE(read.has_value()) << read.error().message;
  EXPECT_EQ(read->second, kPng);
  EXPECT_EQ(read->first.mime_type, "image/png");
  EXPECT_EQ(read->first.name, "photo.png");
  EXPECT_EQ(read->first.size, kPng.size());
  EXPECT_EQ(read->first.contact_id, received->contact_id);
  EXPECT_EQ(read->first.message_id, received->message.id);

  // On disk, in a file of its own, sealed: the bytes are not there in the clear.
  const std::string on_disk = fileBytes(id);
  ASSERT_FALSE(on_disk.empty());
  EXPECT_EQ(on_disk.find("a photo of a receipt"), std::string::npos);
  reopen();
  auto again = stores_.media->readMedia(acme_, id);
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(again->second, kPng);
}

TEST_F(MediaStoreTest, OnlyItsTenantReadsIt) {
  const MediaId id{"med_0123456789abcdefghijklmnoq"};
  ASSERT_TRUE(receive("4242:2", id).has_value());
  const TenantId other = newTenant("Other").id;
  auto foreign = stores_.media->readMedia(other, id);
  ASSERT_FALSE(foreign.has_value());
  EXPECT_EQ(foreign.error().code, ErrorCode::NotFound);
  for (const char* unknown : {"med_unknown", "../../parley.db", "med_0123/../x", ""}) {
    auto missing = stores_.media->readMedia(acme_, MediaId{unknown});
    ASSERT_FALSE(missing.has_value()) << unknown;
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound) << unknown;
  }
}

TEST_F(MediaStoreTest, ARepeatedMessageLeavesNoSecondFile) {
  const MediaId first{"med_0123456789abcdefghijklmnor"};
  const MediaId repeat{"med_0123456789abcdefghijklmnos"};
  ASSERT_TRUE(receive("4242:3", first).has_value());
  auto again = receive("4242:3", repeat);
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_TRUE(again->duplicate);
  EXPECT_FALSE(std::filesystem::exists(fileOf(repeat)));
  EXPECT_FALSE(stores_.media->readMedia(acme_, repeat).has_value());
  EXPECT_TRUE(stores_.media->readMedia(acme_, first).has_value());
}

TEST_F(MediaStoreTest, AMessageThatCannotBeStoredLeavesNoFile) {
  const MediaId id{"med_0123456789abcdefghijklmnot"};
  InboundMessage message{.tenant_id = acme_, .channel = "chn_telegram", .identity = "   "};
  message.media.push_back(InboundMedia{.id = id, .mime_type = "image/png", .bytes = kPng});
  auto refused = waitFor<ReceivedMessage>(
      [&](auto done) { stores_.conversations->receive(message, std::move(done)); });
  ASSERT_FALSE(refused.has_value());
  EXPECT_FALSE(std::filesystem::exists(fileOf(id)));
}

}  // namespace
}  // namespace parley::storage::sqlite
