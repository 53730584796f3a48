// The sweeper against the real SQLite store: an erasure wakes it, it removes the erased rows in
// batches, and leaves everyone else's alone.
#include "retention/erasure_sweeper.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "storage/sqlite/store_test.h"

namespace parley::retention {
namespace {

using storage::sqlite::StoreTest;

class ErasureSweeperTest : public StoreTest {};

TEST_F(ErasureSweeperTest, AnErasureWakesItAndItRemovesTheRowsInBatches) {
  const TenantId tenant = newTenant("Acme").id;
  auto receive = [&](const std::string& identity, int n) {
    storage::ReceivedMessage last;
    for (int i = 0; i < n; ++i) {
      auto received = storage::waitFor<storage::ReceivedMessage>([&](auto done) {
        stores_.conversations->receive(
            storage::InboundMessage{.tenant_id = tenant,
                                    .channel = "api",
                                    .identity = identity,
                                    .content = R"({"text":"hi"})",
                                    .provider_message_id = identity + std::to_string(i)},
            std::move(done));
      });
      EXPECT_TRUE(received.has_value());
      last = received.value_or(storage::ReceivedMessage{});
    }
    return last;
  };
  const auto gone = receive("gone", 7);
  const auto stays = receive("stays", 3);

  SystemClock clock;
  ErasureSweeper sweeper(*stores_.privacy, std::make_unique<ThreadScheduler>(clock), clock,
                         {.batch = 3, .pacing = {.pause = std::chrono::milliseconds(1)}});
  sweeper.start();
  auto erased = storage::waitFor<storage::SubjectActionResult>([&](auto done) {
    stores_.privacy->eraseSubject(tenant, gone.contact_id, Actor::system("test"), std::move(done));
  });
  ASSERT_TRUE(erased.has_value());
  sweeper.wake();

  int64_t left = -1;
  for (int i = 0; i < 500 && left != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    left = stores_.privacy->subject(tenant, gone.contact_id).value().messages;
  }
  EXPECT_EQ(left, 0);
  EXPECT_GE(sweeper.removed(), 7u);
  EXPECT_EQ(stores_.privacy->subject(tenant, stays.contact_id).value().messages, 3);
}

}  // namespace
}  // namespace parley::retention
