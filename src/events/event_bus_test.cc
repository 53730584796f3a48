#include "events/event_bus.h"

#include <gtest/gtest.h>

#include <vector>

namespace parley::events {
namespace {

TEST(EventBus, UserEventReachesOnlyThatUsersSubscribersInThatTenant) {
  EventBus bus;
  std::vector<std::string> ada, grace, other_tenant;
  bus.subscribe({TenantId{"t1"}, UserId{"ada"}, std::nullopt},
                [&](const auto& event) { ada.push_back(event->json); });
  bus.subscribe({TenantId{"t1"}, UserId{"grace"}, std::nullopt},
                [&](const auto& event) { grace.push_back(event->json); });
  bus.subscribe({TenantId{"t2"}, UserId{"ada"}, std::nullopt},
                [&](const auto& event) { other_tenant.push_back(event->json); });
  bus.publish(Event{TenantId{"t1"}, UserId{"ada"}, std::nullopt, "hi"});
  EXPECT_EQ(ada, std::vector<std::string>{"hi"});
  EXPECT_TRUE(grace.empty());
  EXPECT_TRUE(other_tenant.empty());
}

TEST(EventBus, SessionEventReachesOnlyThatSession) {
  EventBus bus;
  int first = 0, second = 0;
  bus.subscribe({TenantId{"t"}, UserId{"u"}, SessionId{"s1"}}, [&](const auto&) { ++first; });
  bus.subscribe({TenantId{"t"}, UserId{"u"}, SessionId{"s2"}}, [&](const auto&) { ++second; });
  bus.publish(Event{TenantId{"t"}, UserId{"u"}, SessionId{"s1"}, "bye", true});
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 0);
}

TEST(EventBus, UnsubscribedReceiverGetsNothing) {
  EventBus bus;
  int received = 0;
  auto id =
      bus.subscribe({TenantId{"t"}, UserId{"u"}, std::nullopt}, [&](const auto&) { ++received; });
  EXPECT_EQ(bus.subscriberCount(), 1u);
  bus.unsubscribe(id);
  bus.publish(Event{TenantId{"t"}, std::nullopt, std::nullopt, "x"});
  EXPECT_EQ(received, 0);
  EXPECT_EQ(bus.subscriberCount(), 0u);
}

TEST(EventBus, FramesCarryATenantSequence) {
  EventBus bus;
  std::vector<std::string> seen;
  bus.subscribe({TenantId{"t"}, UserId{"u"}, std::nullopt},
                [&](const auto& event) { seen.push_back(event->json); });
  bus.publish(Event{.tenant = TenantId{"t"}, .json = R"({"type":"a"})"});
  bus.publish(Event{.tenant = TenantId{"t"}, .json = "{}"});
  EXPECT_EQ(seen, (std::vector<std::string>{R"({"seq":1,"type":"a"})", R"({"seq":2})"}));
  EXPECT_TRUE(bus.cursor(TenantId{"t"}).ends_with(".2"));
  EXPECT_TRUE(bus.cursor(TenantId{"other"}).ends_with(".0"));
}

TEST(EventBus, AReconnectingClientGetsWhatItMissedInOrderAndOnlyItsOwn) {
  EventBus bus;
  const Audience ada{TenantId{"t"}, UserId{"ada"}, std::nullopt};
  const std::string cursor = bus.cursor(TenantId{"t"});
  bus.publish(Event{.tenant = TenantId{"t"}, .user = UserId{"ada"}, .json = R"({"n":1})"});
  bus.publish(Event{.tenant = TenantId{"t"}, .user = UserId{"grace"}, .json = R"({"n":2})"});
  bus.publish(Event{.tenant = TenantId{"t"}, .json = R"({"n":3})"});
  std::vector<std::string> seen;
  bus.subscribe(
      ada, [&](const auto& event) { seen.push_back(event->json); }, cursor);
  bus.publish(Event{.tenant = TenantId{"t"}, .json = R"({"n":4})"});
  EXPECT_EQ(seen, (std::vector<std::string>{R"({"seq":1,"n":1})", R"({"seq":3,"n":3})",
                                            R"({"seq":4,"n":4})"}));
}

TEST(EventBus, RedactedFramesKeepTheirNumberAndLoseTheirContent) {
  EventBus bus;
  const TenantId tenant{"t"};
  const std::string cursor = bus.cursor(tenant);
  bus.publish({.tenant = tenant, .json = R"({"text":"erase me"})", .conversation = "cnv_1"});
  bus.publish({.tenant = tenant, .json = R"({"text":"keep me"})", .conversation = "cnv_2"});
  bus.publish({.tenant = tenant, .json = R"({"text":"no conversation"})"});
  bus.publish({.tenant = TenantId{"other"}, .json = R"({"text":"x"})", .conversation = "cnv_1"});
  EXPECT_EQ(bus.redact(tenant, {"cnv_1"}), 1u);
  EXPECT_EQ(bus.redact(tenant, {"cnv_9"}), 0u);
  std::vector<std::string> seen;
  bus.subscribe(
      {tenant, UserId{"ada"}, std::nullopt},
      [&](const auto& event) { seen.push_back(event->json); }, cursor);
  EXPECT_EQ(seen, (std::vector<std::string>{R"({"seq":1,"type":"redacted"})",
                                            R"({"seq":2,"text":"keep me"})",
                                            R"({"seq":3,"text":"no conversation"})"}));
}

TEST(EventBus, ADeletedTenantsFramesAreForgottenAndNobodyElses) {
  EventBus bus;
  const TenantId gone{"gone"};
  const TenantId other{"other"};
  const std::string cursor = bus.cursor(gone);
  const std::string other_cursor = bus.cursor(other);
  bus.publish({.tenant = gone, .json = R"({"text":"theirs"})", .conversation = "cnv_1"});
  bus.publish({.tenant = other, .json = R"({"text":"kept"})", .conversation = "cnv_2"});
  EXPECT_EQ(bus.forgetFrames(gone), 1u);
  std::vector<std::string> seen;
  bus.subscribe(
      {gone, UserId{"ada"}, std::nullopt}, [&](const auto& event) { seen.push_back(event->json); },
      cursor);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_TRUE(seen[0].starts_with(R"({"type":"resync")")) << seen[0];
  std::vector<std::string> others;
  bus.subscribe(
      {other, UserId{"grace"}, std::nullopt},
      [&](const auto& event) { others.push_back(event->json); }, other_cursor);
  EXPECT_EQ(others, (std::vector<std::string>{R"({"seq":1,"text":"kept"})"}));
}

TEST(EventBus, AStaleOrForeignCursorAsksForAResync) {
  EventBus bus;
  const Audience ada{TenantId{"t"}, UserId{"ada"}, std::nullopt};
  const std::string start = bus.cursor(TenantId{"t"});
  for (size_t i = 0; i < EventBus::kKeptEvents + 1; ++i) {
    bus.publish(Event{.tenant = TenantId{"t"}, .json = "{}"});
  }
  for (const std::string& cursor :
       {start, std::string("0000000000000000.3"), std::string("junk")}) {
    std::vector<std::string> seen;
    auto id = bus.subscribe(
        ada, [&](const auto& event) { seen.push_back(event->json); }, cursor);
    ASSERT_EQ(seen.size(), 1u) << cursor;
    EXPECT_TRUE(seen[0].starts_with(R"({"type":"resync")")) << seen[0];
    bus.unsubscribe(id);
  }
  // One behind the oldest kept is still complete.
  std::vector<std::string> seen;
  const std::string epoch = start.substr(0, start.find('.'));
  bus.subscribe(
      ada, [&](const auto& event) { seen.push_back(event->json); }, epoch + ".1");
  EXPECT_EQ(seen.size(), EventBus::kKeptEvents);
}

TEST(EventBus, VisitorsHearOnlyWhatIsAddressedToThemUnnumberedAndNotKept) {
  EventBus bus;
  std::vector<std::string> visitor, agent;
  bus.subscribe({.tenant = TenantId{"t"}, .user = UserId{"vis_1"}, .only_addressed = true},
                [&](const auto& event) { visitor.push_back(event->json); });
  bus.subscribe({TenantId{"t"}, UserId{"ada"}, std::nullopt},
                [&](const auto& event) { agent.push_back(event->json); });
  bus.publish(Event{.tenant = TenantId{"t"}, .json = R"({"type":"queue.changed"})"});
  bus.publish(Event{.tenant = TenantId{"t"},
                    .user = UserId{"vis_1"},
                    .json = R"({"type":"ack"})",
                    .replayable = false});
  EXPECT_EQ(visitor, std::vector<std::string>{R"({"type":"ack"})"});
  EXPECT_EQ(agent, std::vector<std::string>{R"({"seq":1,"type":"queue.changed"})"});
  // The unnumbered frame took no place in the tenant's sequence.
  EXPECT_TRUE(bus.cursor(TenantId{"t"}).ends_with(".1"));
}

TEST(EventBus, ASupervisorWatchingAConversationHearsEverythingAboutItAndNothingElse) {
  EventBus bus;
  std::vector<std::string> watcher, agent, other_tenant;
  bus.subscribe({.tenant = TenantId{"t"},
                 .user = UserId{"sue"},
                 .role = Role::Supervisor,
                 .watching = "con_1"},
                [&](const auto& event) { watcher.push_back(event->json); });
  bus.subscribe({TenantId{"t"}, UserId{"ada"}, std::nullopt},
                [&](const auto& event) { agent.push_back(event->json); });
  bus.subscribe({.tenant = TenantId{"t2"}, .user = UserId{"sue"}, .watching = "con_1"},
                [&](const auto& event) { other_tenant.push_back(event->json); });
  const auto about = [](std::string conversation, std::string json) {
    return Event{.tenant = TenantId{"t"},
                 .user = UserId{"ada"},
                 .json = std::move(json),
                 .replayable = false,
                 .conversation = std::move(conversation)};
  };
  bus.publish(about("con_1", "message"));
  bus.publish(about("con_2", "another"));
  bus.publish(Event{.tenant = TenantId{"t"}, .json = "queue", .replayable = false});
  Event typing = about("con_1", "typing");
  typing.user.reset();
  typing.for_watchers = true;
  bus.publish(typing);
  bus.publish(Event{.tenant = TenantId{"t"},
                    .user = UserId{"ada"},
                    .session = SessionId{"s1"},
                    .json = "bye",
                    .replayable = false,
                    .conversation = "con_1"});
  // What closes a socket reaches a watcher by the usual addressing: its user's, the tenant's.
  bus.publish(
      Event{.tenant = TenantId{"t"}, .user = UserId{"ada"}, .json = "ada's", .closes = true});
  bus.publish(
      Event{.tenant = TenantId{"t"}, .user = UserId{"sue"}, .json = "demoted", .closes = true});
  bus.publish(Event{.tenant = TenantId{"t"}, .json = "tenant deleted", .closes = true});
  EXPECT_EQ(watcher, (std::vector<std::string>{"message", "typing", "demoted", "tenant deleted"}));
  EXPECT_EQ(agent,
            (std::vector<std::string>{"message", "another", "queue", "ada's", "tenant deleted"}));
  EXPECT_TRUE(other_tenant.empty());
}

TEST(EventBus, KeptFramesAreBoundedInBytes) {
  EventBus bus;
  const std::string big = R"({"x":")" + std::string(1024 * 1024, 'a') + R"("})";
  for (int i = 0; i < 40; ++i) {
    bus.publish(Event{.tenant = TenantId{"t"}, .json = big});
  }
  const std::string cursor = bus.cursor(TenantId{"t"});
  const std::string epoch = cursor.substr(0, cursor.find('.'));
  std::vector<std::string> seen;
  bus.subscribe(
      {TenantId{"t"}, UserId{"ada"}, std::nullopt},
      [&](const auto& event) { seen.push_back(event->json); }, epoch + ".1");
  ASSERT_EQ(seen.size(), 1u);  // frames 2… are gone: a resync
  EXPECT_TRUE(seen[0].starts_with(R"({"type":"resync")"));
}

}  // namespace
}  // namespace parley::events
