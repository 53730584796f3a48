// Hand-written scenarios, one per rule; engine_property_test.cc checks the rules at scale against a
// reference model.
#include "routing/engine.h"

#include <gtest/gtest.h>

namespace parley::routing {
namespace {

AgentSettings agent(std::string id, std::vector<std::pair<std::string, bool>> skills = {},
                    int capacity = 2) {
  return {.id = std::move(id),
          .presence = Presence::Available,
          .auto_allocate = true,
          .capacity = capacity,
          .skills = std::move(skills)};
}

std::optional<std::string> agentOf(const Engine& engine, std::string_view conversation) {
  auto view = engine.conversation(conversation);
  return view ? view->agent : std::nullopt;
}

TEST(Engine, LeastLoadedThenIdleLongest) {
  Engine engine;
  engine.upsertAgent(agent("a"), 0);
  engine.upsertAgent(agent("b"), 10);
  ASSERT_TRUE(engine.enqueue("c1", "", 20));
  auto changes = engine.allocate(20);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].agent, "a");  // both empty; a idle since 0, b since 10
  EXPECT_TRUE(changes[0].why.idle_tie_break);
  ASSERT_TRUE(engine.enqueue("c2", "", 30));
  changes = engine.allocate(30);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].agent, "b");  // least loaded
  EXPECT_FALSE(changes[0].why.idle_tie_break);
}

TEST(Engine, OnlyActiveSkillsCount) {
  Engine engine;
  engine.upsertCategory({.id = "billing", .skills = {"billing"}}, 0);
  engine.upsertAgent(agent("a", {{"billing", false}}), 0);
  engine.upsertAgent(agent("b", {{"sales", true}}), 0);
  ASSERT_TRUE(engine.enqueue("c1", "billing", 1));
  EXPECT_TRUE(engine.allocate(1).empty());
  EXPECT_EQ(engine.queueLength(), 1u);

  auto dry = engine.explain("billing", 1);
  EXPECT_FALSE(dry.agent);
  ASSERT_EQ(dry.skipped.size(), 2u);
  for (const Skip& skip : dry.skipped) {
    EXPECT_EQ(skip.reason,
              skip.agent == "a" ? SkipReason::SkillInactive : SkipReason::SkillMissing);
    EXPECT_EQ(skip.skill, "billing");
  }

  ASSERT_TRUE(engine.setSkill("a", "billing", true));
  auto changes = engine.allocate(2);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].agent, "a");
}

TEST(Engine, PriorityThenLongestWaiting) {
  Engine engine;
  engine.upsertCategory({.id = "vip", .priority = 5}, 0);
  engine.upsertCategory({.id = "normal", .priority = 0}, 0);
  ASSERT_TRUE(engine.enqueue("old", "normal", 1));
  ASSERT_TRUE(engine.enqueue("older", "normal", 0));
  ASSERT_TRUE(engine.enqueue("vip", "vip", 2));
  EXPECT_TRUE(engine.allocate(2).empty());
  auto queue = engine.queue(10);
  ASSERT_EQ(queue.size(), 3u);
  EXPECT_EQ(queue[0].id, "vip");
  EXPECT_EQ(queue[1].id, "older");
  EXPECT_EQ(engine.oldestEnqueuedAt(), 0);

  engine.upsertAgent(agent("a", {}, 2), 3);
  auto changes = engine.allocate(3);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].conversation, "vip");
  EXPECT_EQ(changes[1].conversation, "older");
  EXPECT_EQ(changes[1].why.at_capacity, 0);  // counted before the second assignment filled a
}

TEST(Engine, AClosingReplyWindowRaisesPriorityUntilItCloses) {
  constexpr Ms kHour = 3'600'000;
  Engine engine;
  engine.upsertCategory({.id = "email", .priority = 1}, 0);
  engine.upsertCategory({.id = "whatsapp", .window_boost = WindowBoost{2 * kHour, 5}}, 0);
  ASSERT_TRUE(engine.enqueue("first", "email", 0));
  ASSERT_TRUE(engine.enqueue("closing", "whatsapp", 1));
  ASSERT_TRUE(engine.setReplyWindow("closing", 3 * kHour, 1));
  ASSERT_TRUE(engine.enqueue("no-window", "whatsapp", 2));
  EXPECT_EQ(engine.queue(10)[0].id, "first");
  EXPECT_EQ(engine.nextDeadline(), kHour);  // when "closing" has 2 h left

  EXPECT_TRUE(engine.tick(kHour).empty());
  auto queue = engine.queue(10);
  ASSERT_EQ(queue.size(), 3u);
  EXPECT_EQ(queue[0].id, "closing");
  EXPECT_EQ(queue[0].priority, 5);
  EXPECT_EQ(queue[1].id, "first");
  EXPECT_EQ(engine.nextDeadline(), 3 * kHour);

  // Once closed, only a template reaches the customer: the boost ends, the place stays.
  EXPECT_TRUE(engine.tick(3 * kHour).empty());
  EXPECT_EQ(engine.queue(10)[0].id, "first");
  EXPECT_EQ(engine.queue(10)[1].id, "closing");
  EXPECT_FALSE(engine.nextDeadline().has_value());

  // A new message reopens the window: boosted at once when it closes within 2 h.
  ASSERT_TRUE(engine.setReplyWindow("closing", 4 * kHour, 3 * kHour));
  EXPECT_EQ(engine.queue(10)[0].id, "closing");
  engine.upsertAgent(agent("a", {}, 1), 3 * kHour);
  auto changes = engine.allocate(3 * kHour);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].conversation, "closing");
  EXPECT_EQ(changes[0].why.window_boost, 5);
  EXPECT_EQ(changes[0].why.window_closes_at, 4 * kHour);
  EXPECT_EQ(engine.setReplyWindow("unknown", 1, 1).error().code, ErrorCode::NotFound);
}

TEST(Engine, CapacityAndAutoAllocateAndPresenceGate) {
  Engine engine;
  engine.upsertAgent(agent("a", {}, 1), 0);
  ASSERT_TRUE(engine.setAutoAllocate("a", false));
  ASSERT_TRUE(engine.enqueue("c1", "", 1));
  ASSERT_TRUE(engine.enqueue("c2", "", 2));
  EXPECT_TRUE(engine.allocate(2).empty());
  ASSERT_TRUE(engine.setAutoAllocate("a", true));
  auto changes = engine.allocate(3);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].conversation, "c1");
  ASSERT_TRUE(engine.setPresence("a", Presence::Away, 4));
  ASSERT_TRUE(engine.close("c1"));
  EXPECT_TRUE(engine.allocate(4).empty());
  ASSERT_TRUE(engine.setPresence("a", Presence::Available, 5));
  changes = engine.allocate(5);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].conversation, "c2");
}

TEST(Engine, ManualPickMayExceedCapacity) {
  Engine engine;
  engine.upsertAgent(agent("a", {}, 0), 0);
  ASSERT_TRUE(engine.enqueue("c1", "", 1));
  EXPECT_TRUE(engine.allocate(1).empty());
  auto picked = engine.pick("c1", "a", 2);
  ASSERT_TRUE(picked);
  EXPECT_EQ(picked->cause, Change::Cause::Picked);
  EXPECT_EQ(agentOf(engine, "c1"), "a");
  EXPECT_FALSE(engine.pick("c1", "a", 2));  // not queued any more
}

TEST(Engine, UnassignAndTransferKeepTheOriginalPlace) {
  Engine engine;
  engine.upsertCategory({.id = "other", .skills = {"x"}}, 0);
  engine.upsertAgent(agent("a", {}, 1), 0);
  ASSERT_TRUE(engine.enqueue("first", "", 10));
  ASSERT_EQ(engine.allocate(10).size(), 1u);
  ASSERT_TRUE(engine.enqueue("second", "", 20));
  EXPECT_TRUE(engine.allocate(20).empty());
  ASSERT_TRUE(engine.setAutoAllocate("a", false));
  auto unassigned = engine.unassign("first");
  ASSERT_TRUE(unassigned);
  EXPECT_EQ(unassigned->previous_agent, "a");
  EXPECT_EQ(engine.queue(10)[0].id, "first");
  auto moved = engine.transferToCategory("first", "other", 30);
  ASSERT_TRUE(moved);
  EXPECT_EQ(engine.queue(10)[0].id, "first");
  EXPECT_EQ(engine.queue(10)[0].enqueued_at, 10);
  EXPECT_EQ(engine.queue(10)[0].any_of, std::vector<std::vector<std::string>>{{"x"}});
  auto transferred = engine.transferToAgent("second", "a", 31);
  ASSERT_TRUE(transferred);
  EXPECT_EQ(transferred->agent, "a");
}

TEST(Engine, OfferExpiresToTheNextAgent) {
  Engine engine;
  engine.upsertCategory({.id = "sales", .offer_timeout = 30'000}, 0);
  engine.upsertAgent(agent("a"), 0);
  engine.upsertAgent(agent("b"), 5);
  ASSERT_TRUE(engine.enqueue("c1", "sales", 10));
  auto changes = engine.allocate(10);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].agent, "a");
  EXPECT_EQ(changes[0].offer_deadline, 30'010);
  EXPECT_EQ(engine.nextDeadline(), 30'010);
  EXPECT_TRUE(engine.tick(30'009).empty());
  changes = engine.tick(30'010);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].cause, Change::Cause::OfferExpired);
  changes = engine.allocate(30'010);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].agent, "b");
  EXPECT_EQ(engine.agent("a")->missed_offers, 1);
  // b accepts: no more deadline.
  ASSERT_TRUE(engine.accept("c1", "b"));
  EXPECT_EQ(engine.nextDeadline(), std::nullopt);
  // a was passed over for the missed offer in the dry run too.
  ASSERT_TRUE(engine.unassign("c1"));
  ASSERT_TRUE(engine.setAutoAllocate("b", false));
  EXPECT_TRUE(engine.allocate(30'011).empty());
  auto why = engine.explainConversation("c1", 30'011);
  ASSERT_TRUE(why);
  EXPECT_FALSE(why->agent);
}

TEST(Engine, SkillRelaxationWidensOverTime) {
  Engine engine;
  engine.upsertCategory({.id = "fr",
                         .skills = {"french"},
                         .relaxation = {{.after = 60'000, .any_of = {{"french"}, {"spanish"}}},
                                        {.after = 120'000, .any_of = {{}}}}},
                        0);
  engine.upsertAgent(agent("es", {{"spanish", true}}), 0);
  ASSERT_TRUE(engine.enqueue("c1", "fr", 1'000));
  EXPECT_TRUE(engine.allocate(1'000).empty());
  EXPECT_EQ(engine.nextDeadline(), 61'000);
  EXPECT_TRUE(engine.tick(60'999).empty());
  EXPECT_TRUE(engine.allocate(60'999).empty());
  EXPECT_TRUE(engine.tick(61'000).empty());
  auto changes = engine.allocate(61'000);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].agent, "es");
  EXPECT_EQ(changes[0].why.alternative, 1u);
}

TEST(Engine, OfflineAgentsConversationsReturnAfterGrace) {
  Engine engine(60'000);
  engine.upsertAgent(agent("a", {}, 2), 0);
  engine.upsertAgent(agent("b", {}, 2), 1);
  ASSERT_TRUE(engine.setAutoAllocate("b", false));
  ASSERT_TRUE(engine.enqueue("c1", "", 10));
  ASSERT_TRUE(engine.enqueue("c2", "", 20));
  ASSERT_EQ(engine.allocate(20).size(), 2u);
  ASSERT_TRUE(engine.enqueue("c3", "", 30));  // waits: a is full, b takes nothing
  EXPECT_TRUE(engine.allocate(30).empty());
  ASSERT_TRUE(engine.setPresence("a", Presence::Offline, 100));
  EXPECT_TRUE(engine.tick(60'099).empty());
  auto changes = engine.tick(60'100);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].cause, Change::Cause::AgentAway);
  // Back at their original places, ahead of c3.
  auto queue = engine.queue(10);
  ASSERT_EQ(queue.size(), 3u);
  EXPECT_EQ(queue[0].id, "c1");
  EXPECT_EQ(queue[1].id, "c2");
  EXPECT_EQ(queue[2].id, "c3");
}

TEST(Engine, ComingBackWithinGraceKeepsConversations) {
  Engine engine(60'000);
  engine.upsertAgent(agent("a"), 0);
  ASSERT_TRUE(engine.enqueue("c1", "", 10));
  ASSERT_EQ(engine.allocate(10).size(), 1u);
  ASSERT_TRUE(engine.setPresence("a", Presence::Offline, 100));
  ASSERT_TRUE(engine.setPresence("a", Presence::Available, 200));
  EXPECT_TRUE(engine.tick(100'000).empty());
  EXPECT_EQ(agentOf(engine, "c1"), "a");
}

TEST(Engine, RestoreRebuildsAssignmentsWithoutDoubleAssigning) {
  Engine engine;
  engine.upsertAgent(agent("a", {}, 1), 0);
  ASSERT_TRUE(engine.restore({.id = "c1", .enqueued_at = 5, .agent = "a"}, 10));
  ASSERT_TRUE(engine.restore({.id = "c2", .enqueued_at = 6}, 10));
  EXPECT_TRUE(engine.allocate(10).empty());  // a is at capacity with c1
  EXPECT_FALSE(engine.restore({.id = "c1", .enqueued_at = 5}, 10));
  ASSERT_TRUE(engine.close("c1"));
  auto changes = engine.allocate(11);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].conversation, "c2");
}

TEST(Engine, RemovingAnAgentRequeuesTheirConversations) {
  Engine engine;
  engine.upsertAgent(agent("a"), 0);
  ASSERT_TRUE(engine.enqueue("c1", "", 1));
  ASSERT_EQ(engine.allocate(1).size(), 1u);
  auto changes = engine.removeAgent("a");
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].previous_agent, "a");
  EXPECT_EQ(engine.queueLength(), 1u);
  EXPECT_FALSE(engine.agent("a"));
}

TEST(Engine, AllocationExplainsSkippedAgents) {
  Engine engine;
  engine.upsertCategory({.id = "tech", .skills = {"linux", "network"}}, 0);
  engine.upsertAgent(agent("half", {{"linux", true}, {"network", false}}), 0);
  engine.upsertAgent(agent("full", {{"linux", true}, {"network", true}}, 1), 1);
  engine.upsertAgent(agent("away", {{"linux", true}, {"network", true}}), 2);
  ASSERT_TRUE(engine.setPresence("away", Presence::Away, 3));
  ASSERT_TRUE(engine.enqueue("c1", "tech", 4));
  auto changes = engine.allocate(4);
  ASSERT_EQ(changes.size(), 1u);
  const Explanation& why = changes[0].why;
  EXPECT_EQ(why.agent, "full");
  EXPECT_EQ(why.load, 0);
  EXPECT_EQ(why.capacity, 1);
  ASSERT_EQ(why.skipped.size(), 1u);
  EXPECT_EQ(why.skipped[0].agent, "half");
  EXPECT_EQ(why.skipped[0].reason, SkipReason::SkillInactive);
  EXPECT_EQ(why.skipped[0].skill, "network");
  EXPECT_EQ(why.away, 1);
}

TEST(Engine, CategoryChangesApplyToWaitingConversations) {
  Engine engine;
  engine.upsertCategory({.id = "x", .skills = {"rare"}}, 0);
  engine.upsertAgent(agent("a"), 0);
  ASSERT_TRUE(engine.enqueue("c1", "x", 1));
  EXPECT_TRUE(engine.allocate(1).empty());
  engine.upsertCategory({.id = "x", .skills = {}}, 2);
  EXPECT_EQ(engine.allocate(2).size(), 1u);
  ASSERT_TRUE(engine.enqueue("c2", "x", 3));
  engine.removeCategory("x", 3);
  EXPECT_EQ(engine.conversation("c2")->category, "");
  EXPECT_EQ(engine.allocate(3).size(), 1u);
}

}  // namespace
}  // namespace parley::routing
