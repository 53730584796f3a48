// The retention sweeper against the real SQLite store: it runs on its own at start, a changed
// setting wakes it, and what it did is counted for /metrics.
#include "retention/retention_sweeper.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "storage/sqlite/store_test.h"

namespace parley::retention {
namespace {

using storage::sqlite::StoreTest;
constexpr std::chrono::hours kDay{24};

class RetentionSweeperTest : public StoreTest {};

TEST_F(RetentionSweeperTest, AChangedSettingTakesEffectWithoutWaitingForTheNextLook) {
  const TenantId tenant = newTenant("Acme").id;
  std::vector<ConversationId> closed;
  for (int i = 0; i < 4; ++i) {
    auto received = storage::waitFor<storage::ReceivedMessage>([&](auto done) {
      stores_.conversations->receive(
          storage::InboundMessage{.tenant_id = tenant,
                                  .channel = "api",
                                  .identity = "customer-" + std::to_string(i),
                                  .content = R"({"text":"hi"})"},
          std::move(done));
    });
    ASSERT_TRUE(received.has_value());
    auto done = storage::waitFor<Conversation>([&](auto done) {
      stores_.conversations->closeConversation(tenant, received->conversation.id,
                                               Actor::system("test"), std::move(done));
    });
    ASSERT_TRUE(done.has_value());
    closed.push_back(received->conversation.id);
  }
  clock_.advance(10 * kDay);

  // The clock stands still: batches follow one another at once, and the idle look (an hour
  // away) never comes, so only a wake can make it act again.
  RetentionSweeper sweeper(
      *stores_.privacy, std::make_unique<ThreadScheduler>(clock_), clock_,
      {.batch = 1,
       .pacing = {
           .pause = std::chrono::milliseconds(0), .idle = std::chrono::hours(1), .share = 1.0}});
  sweeper.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(sweeper.counts().anonymised, 0u) << "90 days by default";

  auto saved = storage::waitFor<storage::PrivacySettings>([&](auto done) {
    stores_.privacy->savePrivacySettings(storage::PrivacySettings{.tenant_id = tenant,
                                                                  .anonymise_after_days = 7,
                                                                  .delete_after_days = 30,
                                                                  .audit_keep_days = 365},
                                         Actor::system("test"), std::move(done));
  });
  ASSERT_TRUE(saved.has_value());
  sweeper.wake();
  for (int i = 0; i < 500 && sweeper.counts().anonymised < closed.size(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(sweeper.counts().anonymised, closed.size());
  for (const ConversationId& id : closed) {
    auto messages = stores_.conversations->listMessages(tenant, id, "", 10);
    ASSERT_TRUE(messages.has_value());
    EXPECT_EQ(messages->at(0).content, R"({"text":"Anonymised by retention"})");
  }
  EXPECT_EQ(sweeper.counts().deleted, 0u);
}

}  // namespace
}  // namespace parley::retention
