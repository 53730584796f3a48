// The routing service over real SQLite stores: decisions are durable before they are announced,
// and a new service on the same database rebuilds the same state (what a restart does).
#include "conversations/routing_service.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>

#include "storage/sqlite/sqlite_stores.h"
#include "storage/wait.h"

namespace parley::conversations {
namespace {

using storage::waitFor;

// Records what the service reports; checks each allocation is in storage when announced.
class RecordingObserver final : public RoutingObserver {
 public:
  explicit RecordingObserver(storage::Stores& stores) : stores_(stores) {}

  void routed(const TenantId& tenant, const std::vector<routing::Change>& changes) override {
    std::lock_guard lock(mutex_);
    for (const routing::Change& change : changes) {
      if (change.kind == routing::Change::Kind::Assigned) {
        auto stored =
            stores_.conversations->findConversation(tenant, ConversationId{change.conversation});
        durable_when_announced_ &= stored && stored->agent_id == UserId{*change.agent};
      }
      changes_.push_back(change);
    }
    changed_.notify_all();
  }
  void messageAdded(const TenantId&, const Conversation&, const Message&) override {}
  void conversationClosed(const TenantId&, const Conversation&) override {}
  void statsChanged(const TenantId&, const RoutingStats&) override {}

  // The assignments seen so far, waiting up to 5 s for at least `count`.
  std::vector<routing::Change> assigned(size_t count) {
    std::unique_lock lock(mutex_);
    auto assignments = [&] {
      std::vector<routing::Change> found;
      for (const auto& change : changes_) {
        if (change.kind == routing::Change::Kind::Assigned) {
          found.push_back(change);
        }
      }
      return found;
    };
    changed_.wait_for(lock, std::chrono::seconds(5), [&] { return assignments().size() >= count; });
    return assignments();
  }
  bool durableWhenAnnounced() {
    std::lock_guard lock(mutex_);
    return durable_when_announced_;
  }

 private:
  storage::Stores& stores_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<routing::Change> changes_;
  bool durable_when_announced_ = true;
};

class RoutingServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    privacy::initCrypto();
    dir_ = std::filesystem::temp_directory_path() / ("parley-rs-" + privacy::randomIdValue(""));
    std::filesystem::create_directories(dir_);
    keyring_ = std::make_unique<privacy::Keyring>(privacy::SecretKey::random());
    auto opened =
        storage::sqlite::SqliteStores::open((dir_ / "parley.db").string(), *keyring_, clock_);
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    engine_ = std::move(*opened);
    stores_ = engine_->stores();
    auto created =
        waitFor<Tenant>([&](auto done) { stores_.tenants->createTenant("Acme", std::move(done)); });
    ASSERT_TRUE(created);
    tenant_ = created->id;
    startService();
  }
  void TearDown() override {
    service_.reset();
    observer_.reset();
    engine_.reset();
    std::filesystem::remove_all(dir_);
  }
  void startService() {
    service_.reset();
    observer_ = std::make_unique<RecordingObserver>(stores_);
    service_ = std::make_unique<RoutingService>(stores_, clock_, *observer_);
    auto started = service_->start();
    ASSERT_TRUE(started) << started.error().message;
  }
  UserId agent(const std::string& email, int capacity) {
    auto user = waitFor<User>([&](auto done) {
      stores_.users->createUser({tenant_, email, "Agent", Role::Agent, "hash"},
                                Actor::system("test"), std::move(done));
    });
    EXPECT_TRUE(user);
    auto routed = waitFor<AgentRouting>([&](auto done) {
      service_->updateAgent(tenant_, user->id,
                            {.presence = routing::Presence::Available, .capacity = capacity},
                            std::move(done));
    });
    EXPECT_TRUE(routed) << routed.error().message;
    return user->id;
  }
  storage::ReceivedMessage receive(const std::string& identity) {
    auto received = waitFor<storage::ReceivedMessage>([&](auto done) {
      service_->receive({.message = {.tenant_id = tenant_,
                                     .channel = "api",
                                     .identity = identity,
                                     .content = R"({"text":"hi"})"},
                         .text = "hi"},
                        std::move(done));
    });
    EXPECT_TRUE(received) << received.error().message;
    return *received;
  }

  std::filesystem::path dir_;
  ManualClock clock_;
  std::unique_ptr<privacy::Keyring> keyring_;
  std::unique_ptr<storage::sqlite::SqliteStores> engine_;
  storage::Stores stores_;
  TenantId tenant_;
  std::unique_ptr<RecordingObserver> observer_;
  std::unique_ptr<RoutingService> service_;
};

TEST_F(RoutingServiceTest, AllocationsAreDurableBeforeTheyAreAnnounced) {
  const UserId ann = agent("ann@example.test", 2);
  const auto first = receive("+1000");
  const auto second = receive("+2000");
  auto assigned = observer_->assigned(2);
  ASSERT_EQ(assigned.size(), 2u);
  EXPECT_EQ(assigned[0].conversation, first.conversation.id.value);
  EXPECT_EQ(assigned[1].conversation, second.conversation.id.value);
  EXPECT_EQ(assigned[0].agent, ann.value);
  EXPECT_TRUE(observer_->durableWhenAnnounced());
  auto decisions = stores_.conversations->listDecisions(tenant_, first.conversation.id);
  ASSERT_TRUE(decisions);
  ASSERT_EQ(decisions->size(), 1u);
  EXPECT_EQ(decisions->front().cause, "allocated");
  EXPECT_NE(decisions->front().explanation_json.find(ann.value), std::string::npos);
}

TEST_F(RoutingServiceTest, ARestartRebuildsAssignmentsAndTheQueue) {
  const UserId ann = agent("ann@example.test", 1);
  const auto held = receive("+1000");
  const auto waiting = receive("+2000");
  ASSERT_EQ(observer_->assigned(1).size(), 1u);

  startService();  // a new service on the same database, as after kill -9
  auto view = waitFor<routing::AgentView>(
      [&](auto done) { service_->agent(tenant_, ann, std::move(done)); });
  ASSERT_TRUE(view);
  EXPECT_EQ(view->load, 1);
  EXPECT_EQ(view->conversations, std::vector<std::string>{held.conversation.id.value});
  auto queue = waitFor<RoutingService::QueuePage>(
      [&](auto done) { service_->queue(tenant_, 10, std::move(done)); });
  ASSERT_TRUE(queue);
  ASSERT_EQ(queue->first.size(), 1u);
  EXPECT_EQ(queue->total, 1u);
  EXPECT_EQ(queue->first.front().id, waiting.conversation.id.value);

  // Closing the held one gives the waiting one to ann, once.
  auto closed = waitFor<Conversation>([&](auto done) {
    service_->close(tenant_, held.conversation.id, Actor::system("test"), std::move(done));
  });
  ASSERT_TRUE(closed);
  auto assigned = observer_->assigned(1);
  ASSERT_EQ(assigned.size(), 1u);
  EXPECT_EQ(assigned[0].conversation, waiting.conversation.id.value);
  auto stored = stores_.conversations->findConversation(tenant_, waiting.conversation.id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->agent_id, ann);
}

TEST_F(RoutingServiceTest, OffersExpireOnTheLoopsTimer) {
  auto skill = waitFor<Skill>(
      [&](auto done) { stores_.routing->createSkill(tenant_, "sales", std::move(done)); });
  ASSERT_TRUE(skill);
  auto category = waitFor<Category>([&](auto done) {
    stores_.routing->saveCategory(
        {.tenant_id = tenant_, .name = "Sales", .offer_timeout_seconds = 1}, std::move(done));
  });
  ASSERT_TRUE(category);
  auto configured =
      waitFor<void>([&](auto done) { service_->configChanged(tenant_, std::move(done)); });
  ASSERT_TRUE(configured);
  const UserId ann = agent("ann@example.test", 1);
  const auto received = receive("+1000");
  ASSERT_EQ(received.conversation.category_id, category->id);
  auto offered = observer_->assigned(1);
  ASSERT_EQ(offered.size(), 1u);
  ASSERT_TRUE(offered[0].offer_deadline);
  clock_.advance(std::chrono::milliseconds(1500));
  // The loop's timer fires on the steady clock; the engine sees the moved ManualClock.
  for (int i = 0; i < 200; ++i) {
    auto stored = stores_.conversations->findConversation(tenant_, received.conversation.id);
    if (stored && stored->state == ConversationState::Queued && !stored->missed_by.empty()) {
      EXPECT_EQ(stored->missed_by, std::vector<UserId>{ann});
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  FAIL() << "the offer did not expire";
}

}  // namespace
}  // namespace parley::conversations
