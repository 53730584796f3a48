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

}  // namespace
}  // namespace parley::events
