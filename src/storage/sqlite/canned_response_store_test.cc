// Canned responses (W3), over the real SQLite stores.
#include "storage/sqlite/canned_response_store.h"

#include <gtest/gtest.h>

#include "storage/sqlite/store_test.h"
#include "storage/wait.h"

namespace parley::storage::sqlite {
namespace {

class CannedResponseStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    acme_ = newTenant("Acme").id;
  }
  Result<CannedResponse> save(std::string shortcut, std::string text, CannedResponseId id = {},
                              std::optional<TenantId> tenant = std::nullopt) {
    CannedResponse response{.tenant_id = tenant.value_or(acme_),
                            .id = std::move(id),
                            .shortcut = std::move(shortcut),
                            .text = std::move(text)};
    return waitFor<CannedResponse>([&](auto done) {
      stores_.canned_responses->saveCannedResponse(response, std::move(done));
    });
  }
  Result<void> remove(const CannedResponseId& id) {
    return waitFor<void>([&](auto done) {
      stores_.canned_responses->deleteCannedResponse(acme_, id, std::move(done));
    });
  }
  TenantId acme_;
};

TEST_F(CannedResponseStoreTest, ListedByShortcutPerTenant) {
  ASSERT_TRUE(save("thanks", "Thank you!"));
  ASSERT_TRUE(save("hello", "Hello, how can I help?"));
  ASSERT_TRUE(save("bye", "Goodbye", {}, newTenant("Other").id));
  auto listed = stores_.canned_responses->listCannedResponses(acme_);
  ASSERT_TRUE(listed.has_value()) << listed.error().message;
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].shortcut, "hello");
  EXPECT_EQ((*listed)[0].text, "Hello, how can I help?");
  EXPECT_EQ((*listed)[1].shortcut, "thanks");
  EXPECT_EQ((*listed)[0].tenant_id, acme_);
}

TEST_F(CannedResponseStoreTest, ShortcutIsUniqueInTheTenant) {
  ASSERT_TRUE(save("hello", "one"));
  EXPECT_EQ(save("hello", "two").error().code, ErrorCode::Conflict);
  EXPECT_TRUE(save("hello", "elsewhere", {}, newTenant("Other").id).has_value());
}

TEST_F(CannedResponseStoreTest, ReplaceKeepsCreationTimeAndChecksTheShortcut) {
  auto first = save("hello", "one");
  auto second = save("bye", "two");
  ASSERT_TRUE(first && second);
  clock_.advance(std::chrono::seconds(5));
  auto replaced = save("hi", "One, changed", first->id);
  ASSERT_TRUE(replaced.has_value()) << replaced.error().message;
  EXPECT_EQ(replaced->created_at, first->created_at);
  EXPECT_EQ(replaced->updated_at, first->created_at + std::chrono::seconds(5));
  EXPECT_EQ(stores_.canned_responses->listCannedResponses(acme_)->back().text, "One, changed");
  EXPECT_EQ(save("bye", "clash", first->id).error().code, ErrorCode::Conflict);
  EXPECT_EQ(save("new", "x", CannedResponseId{"cnr_unknown"}).error().code, ErrorCode::NotFound);
}

TEST_F(CannedResponseStoreTest, ShortcutAndTextAreValidated) {
  for (const char* bad : {"", "Hello", "with space", "ümlaut", "a/b"}) {
    EXPECT_EQ(save(bad, "text").error().code, ErrorCode::ValidationFailed) << bad;
  }
  EXPECT_EQ(save(std::string(33, 'a'), "text").error().code, ErrorCode::ValidationFailed);
  EXPECT_TRUE(save(std::string(32, 'a'), "text").has_value());
  EXPECT_TRUE(save("a-b_9", std::string(4096, 'x')).has_value());
  EXPECT_EQ(save("empty", "").error().code, ErrorCode::ValidationFailed);
  EXPECT_EQ(save("long", std::string(4097, 'x')).error().code, ErrorCode::ValidationFailed);
}

TEST_F(CannedResponseStoreTest, DeleteRemovesItOnce) {
  auto created = save("hello", "one");
  ASSERT_TRUE(created.has_value());
  EXPECT_TRUE(remove(created->id).has_value());
  EXPECT_EQ(remove(created->id).error().code, ErrorCode::NotFound);
  EXPECT_TRUE(stores_.canned_responses->listCannedResponses(acme_)->empty());
}

}  // namespace
}  // namespace parley::storage::sqlite
