// Reports from the hourly aggregates (W6) against the same report recounted from the raw rows,
// after random traffic: arrivals, offers made, missed and accepted, allocations, replies, closes.
#include "storage/sqlite/report_store.h"

#include <random>

#include "storage/privacy_store.h"
#include "storage/sqlite/report_counts.h"
#include "storage/sqlite/store_test.h"

namespace parley::storage::sqlite {
namespace {

using reports::ConversationReport;
using reports::GroupBy;
using reports::ReportQuery;
using std::chrono::minutes;
using std::chrono::seconds;

void expectSameSummary(const reports::DurationSummary& got, const reports::DurationSummary& want,
                       const std::string& what) {
  EXPECT_EQ(got.count, want.count) << what;
  EXPECT_EQ(got.sum_millis, want.sum_millis) << what;
  EXPECT_EQ(got.median_millis, want.median_millis) << what;
  EXPECT_EQ(got.p90_millis, want.p90_millis) << what;
}

void expectSameRow(const reports::ReportRow& got, const reports::ReportRow& want) {
  EXPECT_EQ(got.key, want.key);
  EXPECT_EQ(got.received, want.received) << want.key;
  EXPECT_EQ(got.handled, want.handled) << want.key;
  EXPECT_EQ(got.abandoned, want.abandoned) << want.key;
  EXPECT_EQ(got.missed_offers, want.missed_offers) << want.key;
  expectSameSummary(got.first_response, want.first_response, want.key + " first response");
  expectSameSummary(got.handling, want.handling, want.key + " handling");
  expectSameSummary(got.waiting, want.waiting, want.key + " waiting");
}

void expectSameReport(const ConversationReport& got, const ConversationReport& want) {
  ASSERT_EQ(got.rows.size(), want.rows.size());
  for (size_t i = 0; i < want.rows.size(); ++i) {
    expectSameRow(got.rows[i], want.rows[i]);
  }
  expectSameRow(got.total, want.total);
}

class ReportStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    acme_ = newTenant("Acme").id;
    other_ = newTenant("Other").id;
    start_ = clock_.now();
  }

  Result<ReceivedMessage> receive(const TenantId& tenant, std::string identity, std::string channel,
                                  std::optional<CategoryId> category) {
    InboundMessage message{.tenant_id = tenant,
                           .channel = std::move(channel),
                           .identity = std::move(identity),
                           .content = R"({"text":"hello"})",
                           .category_id = std::move(category),
                           .reopen_window = seconds(0)};
    return waitFor<ReceivedMessage>(
        [&](auto done) { stores_.conversations->receive(message, std::move(done)); });
  }
  Result<void> route(RoutingUpdate update) {
    return waitFor<void>([&](auto done) {
      stores_.conversations->applyRouting(acme_, {std::move(update)}, std::move(done));
    });
  }
  Result<Message> reply(const ConversationId& conversation) {
    Message message{.tenant_id = acme_,
                    .conversation_id = conversation,
                    .direction = Direction::Outbound,
                    .content = R"({"text":"hi"})",
                    .status = DeliveryStatus::Queued};
    return waitFor<Message>(
        [&](auto done) { stores_.conversations->addMessage(message, std::move(done)); });
  }
  Result<Conversation> close(const ConversationId& conversation) {
    return waitFor<Conversation>([&](auto done) {
      stores_.conversations->closeConversation(acme_, conversation, Actor{}, std::move(done));
    });
  }
  Conversation stored(const ConversationId& id) {
    auto found = stores_.conversations->findConversation(acme_, id);
    EXPECT_TRUE(found.has_value());
    return found.value_or(Conversation{});
  }
  ReportQuery query(GroupBy group_by) {
    ReportQuery query{.from = start_ - minutes(90),
                      .until = clock_.now() + minutes(90),
                      .group_by = group_by,
                      .utc_offset_minutes = utc_offset_minutes_};
    EXPECT_EQ(reports::normaliseQuery(query), std::nullopt);
    return query;
  }
  ConversationReport aggregated(GroupBy group_by, const TenantId& tenant) {
    auto report = stores_.reports->conversationReport(tenant, query(group_by));
    EXPECT_TRUE(report.has_value()) << report.error().message;
    return report.value_or(ConversationReport{});
  }
  ConversationReport recounted(GroupBy group_by) {
    auto report = recountConversationReport(engine_->database(), acme_, query(group_by));
    EXPECT_TRUE(report.has_value()) << report.error().message;
    return report.value_or(ConversationReport{});
  }

  // Random traffic for Acme (and a little for Other), the clock moving on by up to 20 minutes a
  // step, over about two days.
  void randomTraffic(uint64_t seed, int steps) {
    std::mt19937_64 random(seed);
    const std::vector<std::string> channels{"sms", "api", "whatsapp"};
    const std::vector<std::optional<CategoryId>> categories{std::nullopt, CategoryId{"cat_billing"},
                                                            CategoryId{"cat_sales"}};
    const std::vector<UserId> agents{UserId{"usr_ann"}, UserId{"usr_bob"}, UserId{"usr_cy"}};
    std::vector<ConversationId> open;
    auto pick = [&](const auto& from) { return from[random() % from.size()]; };
    for (int step = 0; step < steps; ++step) {
      clock_.advance(std::chrono::milliseconds(random() % (20 * 60 * 1000)));
      const int action = static_cast<int>(random() % 8);
      if (action <= 1 || open.empty()) {
        auto received = receive(acme_, "cust-" + std::to_string(random() % 60), pick(channels),
                                pick(categories));
        ASSERT_TRUE(received.has_value()) << received.error().message;
        if (received->new_conversation) {
          open.push_back(received->conversation.id);
        }
        if (random() % 5 == 0) {
          ASSERT_TRUE(receive(other_, "other-" + std::to_string(step), "sms", std::nullopt));
        }
        continue;
      }
      const size_t index = random() % open.size();
      const Conversation c = stored(open[index]);
      const UserId agent = pick(agents);
      const bool offered = c.state == ConversationState::Assigned && c.offer_deadline;
      const bool held = c.state == ConversationState::Assigned && !c.offer_deadline;
      if (c.state == ConversationState::Queued && action == 2) {  // allocated at once
        ASSERT_TRUE(route({.conversation_id = c.id,
                           .state = ConversationState::Assigned,
                           .agent_id = agent,
                           .assigned_at = clock_.now(),
                           .missed_by = c.missed_by}));
      } else if (c.state == ConversationState::Queued && action == 3) {  // offered
        ASSERT_TRUE(route({.conversation_id = c.id,
                           .state = ConversationState::Assigned,
                           .agent_id = agent,
                           .assigned_at = clock_.now(),
                           .offer_deadline = clock_.now() + seconds(30),
                           .missed_by = c.missed_by}));
      } else if (offered && action <= 4) {  // the offer expires
        clock_.advance(seconds(30));
        std::vector<UserId> missed = c.missed_by;
        missed.push_back(*c.agent_id);
        ASSERT_TRUE(route({.conversation_id = c.id,
                           .state = ConversationState::Queued,
                           .missed_by = missed,
                           .decision = RoutingDecision{.at = *c.offer_deadline,
                                                       .cause = "offer_expired",
                                                       .agent_id = c.agent_id,
                                                       .explanation_json = "{}"}}));
      } else if (offered) {  // accepted
        ASSERT_TRUE(route({.conversation_id = c.id,
                           .state = ConversationState::Assigned,
                           .agent_id = c.agent_id,
                           .assigned_at = c.assigned_at,
                           .missed_by = c.missed_by}));
      } else if (held && action <= 5) {
        ASSERT_TRUE(reply(c.id));
      } else if (!offered && action >= 6) {  // closed, queued or held
        ASSERT_TRUE(close(c.id));
        open.erase(open.begin() + static_cast<std::ptrdiff_t>(index));
      }
    }
  }

  TenantId acme_, other_;
  TimePoint start_;
  int utc_offset_minutes_ = 0;
};

TEST_F(ReportStoreTest, AggregatesAgreeWithARecountFromTheRawRowsForEveryGrouping) {
  for (uint64_t seed : {1u, 2u, 3u}) {
    randomTraffic(seed, 400);
  }
  const ConversationReport by_day = aggregated(GroupBy::Day, acme_);
  ASSERT_GT(by_day.total.received, 100);  // the traffic did what it should
  ASSERT_GT(by_day.total.handled, 10);
  ASSERT_GT(by_day.total.abandoned, 10);
  ASSERT_GT(by_day.total.missed_offers, 5);
  ASSERT_GT(by_day.total.waiting.count, 10);
  ASSERT_GT(by_day.total.first_response.count, 10);
  ASSERT_GT(by_day.total.handling.count, 10);
  for (GroupBy group_by :
       {GroupBy::Hour, GroupBy::Day, GroupBy::Channel, GroupBy::Category, GroupBy::Agent}) {
    SCOPED_TRACE(std::string(reports::groupByName(group_by)));
    expectSameReport(aggregated(group_by, acme_), recounted(group_by));
  }
  // Local days that are not UTC days come from hours alone; whole UTC days from their own rows.
  utc_offset_minutes_ = 120;
  expectSameReport(aggregated(GroupBy::Day, acme_), recounted(GroupBy::Day));
  const auto received = [](const ConversationReport& report) {
    std::vector<int64_t> each;
    for (const reports::ReportRow& row : report.rows) {
      each.push_back(row.received);
    }
    return each;
  };
  const ConversationReport shifted = aggregated(GroupBy::Day, acme_);
  EXPECT_NE(received(shifted), received(by_day));
}

TEST_F(ReportStoreTest, CountingStoredConversationsAgainGivesTheSameReport) {
  randomTraffic(11, 300);
  const ConversationReport before = aggregated(GroupBy::Agent, acme_);
  auto recounted = waitFor<void>([&](auto done) {
    engine_->database().write<void>(
        [](WriteContext& context) -> Result<void> {
          auto cleared = context.db.exec("DELETE FROM report_counts;");
          return cleared ? countStoredConversationsForReports(context.db) : cleared;
        },
        std::move(done));
  });
  ASSERT_TRUE(recounted.has_value()) << recounted.error().message;
  // Missed offers are kept only while a conversation waits: the ones it got past are not in its
  // row, and the migration cannot count them.
  ConversationReport after = aggregated(GroupBy::Agent, acme_);
  EXPECT_EQ(after.total.received, before.total.received);
  EXPECT_EQ(after.total.handled, before.total.handled);
  EXPECT_EQ(after.total.abandoned, before.total.abandoned);
  expectSameSummary(after.total.first_response, before.total.first_response, "first response");
  expectSameSummary(after.total.handling, before.total.handling, "handling");
  expectSameSummary(after.total.waiting, before.total.waiting, "waiting");
  EXPECT_LE(after.total.missed_offers, before.total.missed_offers);
}

TEST_F(ReportStoreTest, ReportsStayWithTheirTenantAndSurviveErasureAndRestarts) {
  randomTraffic(5, 200);
  const ConversationReport acme = aggregated(GroupBy::Day, acme_);
  const ConversationReport other = aggregated(GroupBy::Day, other_);
  EXPECT_GT(other.total.received, 0);
  EXPECT_EQ(other.total.handled + other.total.waiting.count, 0);  // Other's were never handled
  EXPECT_NE(acme.total.received, other.total.received);

  // Erasing a customer (and their conversations' contents) leaves past figures as they were.
  auto received = receive(acme_, "cust-erased", "sms", std::nullopt);
  ASSERT_TRUE(received.has_value());
  ASSERT_TRUE(close(received->conversation.id));
  const ConversationReport with_erased = aggregated(GroupBy::Channel, acme_);
  auto erased = waitFor<SubjectActionResult>([&](auto done) {
    stores_.privacy->eraseSubject(acme_, received->contact_id, Actor{}, std::move(done));
  });
  ASSERT_TRUE(erased.has_value()) << erased.error().message;
  reopen();
  expectSameReport(aggregated(GroupBy::Channel, acme_), with_erased);
}

TEST_F(ReportStoreTest, AReopenedConversationArrivesAgainAndIsAnsweredOnce) {
  InboundMessage message{.tenant_id = acme_,
                         .channel = "sms",
                         .identity = "cust-back",
                         .content = R"({"text":"hello"})"};
  auto first = waitFor<ReceivedMessage>(
      [&](auto done) { stores_.conversations->receive(message, std::move(done)); });
  ASSERT_TRUE(first.has_value());
  const ConversationId id = first->conversation.id;
  clock_.advance(minutes(2));
  ASSERT_TRUE(route({.conversation_id = id,
                     .state = ConversationState::Assigned,
                     .agent_id = UserId{"usr_ann"},
                     .assigned_at = clock_.now()}));
  clock_.advance(minutes(3));
  ASSERT_TRUE(reply(id));
  clock_.advance(minutes(5));
  ASSERT_TRUE(close(id));
  clock_.advance(minutes(10));
  auto again = waitFor<ReceivedMessage>(
      [&](auto done) { stores_.conversations->receive(message, std::move(done)); });
  ASSERT_TRUE(again.has_value());
  ASSERT_TRUE(again->reopened);
  const ConversationReport report = aggregated(GroupBy::Agent, acme_);
  EXPECT_EQ(report.total.received, 2);
  EXPECT_EQ(report.total.handled, 1);
  EXPECT_EQ(report.total.first_response.count, 1);
  EXPECT_EQ(report.total.first_response.median_millis, 5 * 60'000);
  EXPECT_EQ(report.total.waiting.median_millis, 2 * 60'000);
  EXPECT_EQ(report.total.handling.median_millis, 8 * 60'000);
  ASSERT_EQ(report.rows.size(), 2u);  // nobody's arrivals, and Ann's work
  EXPECT_EQ(report.rows[0].key, "");
  EXPECT_EQ(report.rows[0].received, 2);
  EXPECT_EQ(report.rows[1].key, "usr_ann");
  EXPECT_EQ(report.rows[1].handled, 1);
}

TEST_F(ReportStoreTest, AnOfferNotAcceptedIsNotHandledAndAnOldReplyDoesNotAnswerAReopening) {
  InboundMessage message{.tenant_id = acme_,
                         .channel = "sms",
                         .identity = "cust-offered",
                         .content = R"({"text":"hello"})"};
  auto first = waitFor<ReceivedMessage>(
      [&](auto done) { stores_.conversations->receive(message, std::move(done)); });
  ASSERT_TRUE(first.has_value());
  const ConversationId id = first->conversation.id;
  // Offered to Ann, closed before she accepted: nobody handled it, and it was not answered.
  ASSERT_TRUE(route({.conversation_id = id,
                     .state = ConversationState::Assigned,
                     .agent_id = UserId{"usr_ann"},
                     .assigned_at = clock_.now(),
                     .offer_deadline = clock_.now() + seconds(30)}));
  clock_.advance(seconds(10));
  ASSERT_TRUE(close(id));
  ConversationReport report = aggregated(GroupBy::Agent, acme_);
  ASSERT_EQ(report.rows.size(), 1u);
  EXPECT_EQ(report.rows[0].key, "");
  EXPECT_EQ(report.rows[0].abandoned, 1);
  EXPECT_EQ(report.total.handling.count, 0);
  EXPECT_EQ(report.total.waiting.count, 0);

  // Held by Bob and answered; closed; reopened by the customer and closed again unanswered.
  clock_.advance(minutes(1));
  auto second = waitFor<ReceivedMessage>([&](auto done) {
    message.identity = "cust-back-again";
    stores_.conversations->receive(message, std::move(done));
  });
  ASSERT_TRUE(second.has_value());
  const ConversationId again = second->conversation.id;
  ASSERT_TRUE(route({.conversation_id = again,
                     .state = ConversationState::Assigned,
                     .agent_id = UserId{"usr_bob"},
                     .assigned_at = clock_.now()}));
  ASSERT_TRUE(reply(again));
  ASSERT_TRUE(close(again));
  clock_.advance(minutes(5));
  auto reopened = waitFor<ReceivedMessage>(
      [&](auto done) { stores_.conversations->receive(message, std::move(done)); });
  ASSERT_TRUE(reopened.has_value() && reopened->reopened);
  clock_.advance(minutes(5));
  ASSERT_TRUE(close(again));
  report = aggregated(GroupBy::Agent, acme_);
  EXPECT_EQ(report.total.received, 3);
  EXPECT_EQ(report.total.handled, 1);
  EXPECT_EQ(report.total.abandoned, 2);
}

}  // namespace
}  // namespace parley::storage::sqlite
