#include "storage/conversation_stores.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "storage/sqlite/sqlite_stores.h"
#include "storage/sqlite/store_test.h"
#include "storage/wait.h"

namespace parley::storage::sqlite {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

const Actor kAdmin{Actor::Kind::User, "usr_admin"};

class ConversationStoresTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    acme_ = tenant("Acme");
  }
  TenantId tenant(const std::string& name) { return newTenant(name).id; }
  UserId agent(const std::string& email) {
    auto created = waitFor<User>([&](auto done) {
      stores_.users->createUser(NewUser{acme_, email, "Agent", Role::Agent, "hash"},
                                Actor::system("test"), std::move(done));
    });
    EXPECT_TRUE(created.has_value());
    return created->id;
  }
  static InboundMessage inbound(std::string identity, std::string text,
                                std::optional<std::string> provider_id = std::nullopt) {
    return InboundMessage{.channel = "sms",
                          .identity = std::move(identity),
                          .contact_name = "Ada Lovelace",
                          .content = "{\"text\":\"" + text + "\"}",
                          .provider_message_id = std::move(provider_id)};
  }
  Result<ReceivedMessage> receive(InboundMessage message) {
    if (message.tenant_id.empty()) {
      message.tenant_id = acme_;
    }
    return waitFor<ReceivedMessage>(
        [&](auto done) { stores_.conversations->receive(message, std::move(done)); });
  }
  Result<Message> send(const ConversationId& conversation, std::string text) {
    Message message{.tenant_id = acme_,
                    .conversation_id = conversation,
                    .direction = Direction::Outbound,
                    .content = "{\"text\":\"" + text + "\"}",
                    .status = DeliveryStatus::Queued};
    return waitFor<Message>(
        [&](auto done) { stores_.conversations->addMessage(message, std::move(done)); });
  }
  Result<void> route(std::vector<RoutingUpdate> updates) {
    return waitFor<void>(
        [&](auto done) { stores_.conversations->applyRouting(acme_, updates, std::move(done)); });
  }
  Result<Conversation> close(const ConversationId& conversation) {
    return waitFor<Conversation>([&](auto done) {
      stores_.conversations->closeConversation(acme_, conversation, Actor::system("test"),
                                               std::move(done));
    });
  }
  Result<Skill> skill(const TenantId& tenant, const std::string& name) {
    return waitFor<Skill>(
        [&](auto done) { stores_.routing->createSkill(tenant, name, std::move(done)); });
  }
  Result<Category> saveCategory(Category category) {
    return waitFor<Category>(
        [&](auto done) { stores_.routing->saveCategory(category, std::move(done)); });
  }
  Result<IdempotencyReservation> reserve(const std::string& key, const std::string& hash) {
    return waitFor<IdempotencyReservation>([&](auto done) {
      stores_.idempotency->reserve(acme_, "tok_1 POST /messages", key, hash, std::move(done));
    });
  }
  Result<void> complete(const std::string& key, int status, const std::string& body) {
    return waitFor<void>([&](auto done) {
      stores_.idempotency->complete(acme_, "tok_1 POST /messages", key, {status, body},
                                    std::move(done));
    });
  }
  std::string fileBytes() {
    std::string bytes;
    for (const char* suffix : {"", "-wal"}) {
      std::ifstream in(dir_ / (std::string("parley.db") + suffix), std::ios::binary);
      std::stringstream content;
      content << in.rdbuf();
      bytes += content.str();
    }
    return bytes;
  }

  TenantId acme_;
};

TEST_F(ConversationStoresTest, AWindowedChannelsMessageOpensTheWindowFromTheProvidersClock) {
  InboundMessage sent = inbound("+15550001111", "hello");
  sent.reply_window = hours(24);
  sent.sent_at =
      clock_.now() - std::chrono::minutes(3);  // the provider's timestamp, before it arrived
  auto first = receive(sent);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(first->conversation.customer_last_at, clock_.now() - std::chrono::minutes(3));
  EXPECT_EQ(first->conversation.reply_window_closes_at,
            clock_.now() - std::chrono::minutes(3) + hours(24));

  // An older message of the same batch, arriving later, does not move the window back; a
  // timestamp ahead of Parley's clock does not move it past the arrival.
  clock_.advance(seconds(10));
  InboundMessage older = inbound("+15550001111", "earlier");
  older.reply_window = hours(24);
  older.sent_at = clock_.now() - hours(2);
  ASSERT_TRUE(receive(older).has_value());
  InboundMessage ahead = inbound("+15550001111", "from the future");
  ahead.reply_window = hours(24);
  ahead.sent_at = clock_.now() + hours(1);
  auto last = receive(ahead);
  ASSERT_TRUE(last.has_value()) << last.error().message;
  EXPECT_EQ(last->conversation.reply_window_closes_at, clock_.now() + hours(24));

  auto stored = stores_.conversations->findConversation(acme_, first->conversation.id);
  ASSERT_TRUE(stored.has_value()) << stored.error().message;
  EXPECT_EQ(stored->customer_last_at, clock_.now());
  EXPECT_EQ(stored->reply_window_closes_at, clock_.now() + hours(24));

  // Channels without a window keep none.
  auto sms = receive(inbound("+15550002222", "hi"));
  ASSERT_TRUE(sms.has_value());
  EXPECT_FALSE(sms->conversation.reply_window_closes_at.has_value());
}

TEST_F(ConversationStoresTest, TheWallboardCountsUnansweredWindowsClosingSoonAndExpiredToday) {
  using std::chrono::hours;
  using std::chrono::minutes;
  const TimePoint day_start = std::chrono::floor<std::chrono::days>(clock_.now());
  auto windowed = [&](const std::string& identity, TimePoint sent_at) {
    InboundMessage message = inbound(identity, "hello");
    message.reply_window = hours(24);
    message.sent_at = sent_at;
    return receive(message);
  };
  // Closes in 30 minutes, unanswered; closes in 30 minutes but answered; closed an hour ago.
  auto closing = windowed("+15550000001", clock_.now() - hours(24) + minutes(30));
  auto answered = windowed("+15550000002", clock_.now() - hours(24) + minutes(30));
  auto expired = windowed("+15550000003", clock_.now() - hours(25));
  ASSERT_TRUE(closing && answered && expired);
  ASSERT_TRUE(send(answered->conversation.id, "on it"));
  auto stats = stores_.conversations->windowStats(acme_, clock_.now(), day_start);
  ASSERT_TRUE(stats.has_value()) << stats.error().message;
  EXPECT_EQ(stats->closing_within_hour, 1);
  EXPECT_EQ(stats->expired_unanswered_today,
            clock_.now() - hours(1) >= day_start ? 1 : 0);  // "today" is the UTC day
}

TEST_F(ConversationStoresTest, FirstMessageCreatesContactConversationAndMessageAndTheNextJoinsIt) {
  auto first = receive(inbound("+15550001111", "hello"));
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_TRUE(first->new_contact);
  EXPECT_TRUE(first->new_conversation);
  EXPECT_FALSE(first->reopened);
  EXPECT_FALSE(first->duplicate);
  EXPECT_EQ(first->conversation.state, ConversationState::Queued);
  EXPECT_EQ(first->conversation.channel, "sms");
  EXPECT_EQ(first->conversation.contact_id, first->contact_id);
  EXPECT_EQ(first->conversation.enqueued_at, clock_.now());
  EXPECT_EQ(first->message.direction, Direction::Inbound);
  EXPECT_EQ(first->message.status, DeliveryStatus::Received);
  EXPECT_EQ(stores_.contacts->findContact(acme_, first->contact_id)->name, "Ada Lovelace");

  clock_.advance(seconds(5));
  auto second = receive(inbound("  +15550001111 ", "are you there?"));
  ASSERT_TRUE(second.has_value()) << second.error().message;
  EXPECT_FALSE(second->new_contact);
  EXPECT_FALSE(second->new_conversation);
  EXPECT_EQ(second->contact_id, first->contact_id);
  EXPECT_EQ(second->conversation.id, first->conversation.id);
  EXPECT_EQ(second->conversation.last_message_at, clock_.now());

  auto messages = stores_.conversations->listMessages(acme_, first->conversation.id, "", 50);
  ASSERT_TRUE(messages.has_value()) << messages.error().message;
  ASSERT_EQ(messages->size(), 2u);
  EXPECT_EQ((*messages)[0].content, "{\"text\":\"hello\"}");
  EXPECT_EQ((*messages)[1].content, "{\"text\":\"are you there?\"}");
  auto after_first = stores_.conversations->listMessages(acme_, first->conversation.id,
                                                         (*messages)[0].id.value, 50);
  ASSERT_EQ(after_first->size(), 1u);
  EXPECT_EQ(after_first->front().id, second->message.id);
}

TEST_F(ConversationStoresTest, MessagesListInTheOrderTheyArrivedEvenWithinOneMillisecond) {
  std::vector<MessageId> sent;
  for (int index = 0; index < 30; ++index) {  // the clock stands still: one millisecond
    auto received = receive(inbound("+15550001111", "part " + std::to_string(index)));
    ASSERT_TRUE(received.has_value());
    sent.push_back(received->message.id);
  }
  auto first = receive(inbound("+15550001111", "last"));
  ASSERT_TRUE(first.has_value());
  sent.push_back(first->message.id);
  const ConversationId id = first->conversation.id;
  std::vector<MessageId> listed;
  std::string after;
  while (true) {
    auto page = stores_.conversations->listMessages(acme_, id, after, 7);
    ASSERT_TRUE(page.has_value()) << page.error().message;
    for (const Message& message : *page) {
      listed.push_back(message.id);
    }
    if (page->size() < 7) {
      break;
    }
    after = page->back().id.value;
  }
  EXPECT_EQ(listed, sent);
  EXPECT_EQ(stores_.conversations->listMessages(acme_, id, "msg_unknown", 7).error().code,
            ErrorCode::ValidationFailed);
  EXPECT_EQ(
      stores_.conversations->listMessages(acme_, ConversationId{"cnv_unknown"}, "", 7).error().code,
      ErrorCode::NotFound);
}

TEST_F(ConversationStoresTest, NewContactAndItsIdentityAreAuditedAsTheChannel) {
  auto received = receive(inbound("+15550001111", "hello"));
  ASSERT_TRUE(received.has_value());
  auto entries = stores_.audit->listAudit(acme_, "contact", received->contact_id.value);
  ASSERT_TRUE(entries.has_value());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].attribute, "name");
  EXPECT_EQ((*entries)[0].value, "Ada Lovelace");
  EXPECT_EQ((*entries)[1].attribute, "identity.sms");
  EXPECT_EQ((*entries)[1].value, "+15550001111");
  EXPECT_EQ((*entries)[1].actor.kind, Actor::Kind::System);
  EXPECT_EQ((*entries)[1].actor.id, "channel:sms");
  EXPECT_FALSE(stores_.audit->verifyAudit()->broken.has_value());
}

TEST_F(ConversationStoresTest, SameIdentityOnAnotherChannelOrTenantIsAnotherContact) {
  auto sms = receive(inbound("+15550001111", "hello"));
  InboundMessage on_whatsapp = inbound("+15550001111", "hello");
  on_whatsapp.channel = "whatsapp";
  auto whatsapp = receive(on_whatsapp);
  InboundMessage elsewhere = inbound("+15550001111", "hello");
  elsewhere.tenant_id = tenant("Globex");
  auto other_tenant = receive(elsewhere);
  ASSERT_TRUE(sms && whatsapp && other_tenant);
  EXPECT_NE(whatsapp->contact_id, sms->contact_id);
  EXPECT_NE(whatsapp->conversation.id, sms->conversation.id);
  EXPECT_TRUE(other_tenant->new_contact);
  EXPECT_NE(other_tenant->contact_id, sms->contact_id);
}

TEST_F(ConversationStoresTest, RetriedProviderMessageIsADuplicateAndStoresNothing) {
  auto first = receive(inbound("+15550001111", "hello", "SM123"));
  ASSERT_TRUE(first.has_value());
  clock_.advance(seconds(30));
  auto retried = receive(inbound("+15550001111", "hello", "SM123"));
  ASSERT_TRUE(retried.has_value()) << retried.error().message;
  EXPECT_TRUE(retried->duplicate);
  EXPECT_FALSE(retried->new_conversation);
  EXPECT_EQ(retried->message.id, first->message.id);
  EXPECT_EQ(retried->message.content, "{\"text\":\"hello\"}");
  EXPECT_EQ(retried->conversation.id, first->conversation.id);
  EXPECT_EQ(retried->contact_id, first->contact_id);
  EXPECT_EQ(retried->conversation.last_message_at, first->conversation.last_message_at);
  EXPECT_EQ(stores_.conversations->listMessages(acme_, first->conversation.id, "", 50)->size(), 1u);

  InboundMessage other_channel = inbound("+15550001111", "hello", "SM123");
  other_channel.channel = "whatsapp";
  auto not_duplicate = receive(other_channel);
  ASSERT_TRUE(not_duplicate.has_value());
  EXPECT_FALSE(not_duplicate->duplicate);
}

TEST_F(ConversationStoresTest, ClosedConversationReopensWithinTheWindowAndNotAfterIt) {
  const UserId ada = agent("ada@example.com");
  auto first = receive(inbound("+15550001111", "hello"));
  ASSERT_TRUE(first.has_value());
  const ConversationId id = first->conversation.id;
  ASSERT_TRUE(route({{.conversation_id = id,
                      .state = ConversationState::Assigned,
                      .agent_id = ada,
                      .assigned_at = clock_.now()}}));
  auto closed = close(id);
  ASSERT_TRUE(closed.has_value()) << closed.error().message;
  EXPECT_EQ(closed->state, ConversationState::Closed);
  EXPECT_EQ(closed->agent_id, ada);  // kept: who handled it
  EXPECT_EQ(closed->closed_at, clock_.now());
  EXPECT_EQ(close(id).error().code, ErrorCode::Conflict);

  clock_.advance(hours(23));
  auto reopened = receive(inbound("+15550001111", "one more thing"));
  ASSERT_TRUE(reopened.has_value()) << reopened.error().message;
  EXPECT_TRUE(reopened->reopened);
  EXPECT_FALSE(reopened->new_conversation);
  EXPECT_EQ(reopened->conversation.id, id);
  EXPECT_EQ(reopened->conversation.state, ConversationState::Queued);
  EXPECT_FALSE(reopened->conversation.agent_id.has_value());
  EXPECT_FALSE(reopened->conversation.closed_at.has_value());
  EXPECT_EQ(reopened->conversation.enqueued_at, clock_.now());
  EXPECT_EQ(stores_.conversations->findConversation(acme_, id)->state, ConversationState::Queued);

  ASSERT_TRUE(close(id));
  clock_.advance(hours(24) + seconds(1));
  auto fresh = receive(inbound("+15550001111", "hello again"));
  ASSERT_TRUE(fresh.has_value());
  EXPECT_TRUE(fresh->new_conversation);
  EXPECT_FALSE(fresh->reopened);
  EXPECT_NE(fresh->conversation.id, id);
  EXPECT_EQ(fresh->contact_id, first->contact_id);
}

TEST_F(ConversationStoresTest, DatabaseFileHoldsNeitherMessagesNorIdentitiesNorNotes) {
  InboundMessage message = inbound("+15550199887", "parcel-xyzzy-lost");
  message.contact_name = "Zebedee Quux";
  auto received = receive(message);
  ASSERT_TRUE(received.has_value());
  ASSERT_TRUE(send(received->conversation.id, "reply-plugh-sent"));
  ASSERT_TRUE(waitFor<Note>([&](auto done) {
    stores_.conversations->addNote(Note{.tenant_id = acme_,
                                        .conversation_id = received->conversation.id,
                                        .author_id = agent("ada@example.com"),
                                        .text = "note-frobozz-angry"},
                                   std::move(done));
  }));
  ASSERT_TRUE(waitFor<TenantSettings>([&](auto done) {
    stores_.routing->updateSettings(
        acme_, kAdmin,
        [](TenantSettings& settings) { settings.api_webhook_secret = "hook-secret-grue"; },
        std::move(done));
  }));
  const std::string before_close = fileBytes();
  reopen();
  const std::string bytes = before_close + fileBytes();
  ASSERT_NE(bytes.find("Acme"), std::string::npos);  // the tenant's name is not personal
  for (const char* secret : {"5550199887", "parcel-xyzzy", "reply-plugh", "note-frobozz",
                             "hook-secret", "Zebedee", "Quux"}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret;
  }
  auto notes = stores_.conversations->listNotes(acme_, received->conversation.id);
  ASSERT_EQ(notes->size(), 1u);
  EXPECT_EQ(notes->front().text, "note-frobozz-angry");
  EXPECT_EQ(stores_.routing->findSettings(acme_)->api_webhook_secret, "hook-secret-grue");
}

TEST_F(ConversationStoresTest, OutboundMessageSetsTheFirstResponseOnceAndClosedRefusesMessages) {
  auto received = receive(inbound("+15550001111", "hello"));
  ASSERT_TRUE(received.has_value());
  const ConversationId id = received->conversation.id;
  clock_.advance(seconds(40));
  auto reply = send(id, "hi!");
  ASSERT_TRUE(reply.has_value()) << reply.error().message;
  EXPECT_EQ(reply->contact_id, received->contact_id);
  EXPECT_FALSE(reply->id.empty());
  const TimePoint answered = clock_.now();
  clock_.advance(seconds(40));
  ASSERT_TRUE(send(id, "anything else?"));
  auto conversation = stores_.conversations->findConversation(acme_, id);
  EXPECT_EQ(conversation->first_response_at, answered);
  EXPECT_EQ(conversation->last_message_at, clock_.now());

  ASSERT_TRUE(waitFor<void>([&](auto done) {
    stores_.conversations->updateMessageStatus(acme_, reply->id, DeliveryStatus::Failed,
                                               "unreachable", std::move(done));
  }));
  auto messages = stores_.conversations->listMessages(acme_, id, "", 50);
  EXPECT_EQ((*messages)[1].status, DeliveryStatus::Failed);
  EXPECT_EQ((*messages)[1].status_reason, "unreachable");
  EXPECT_EQ((*messages)[1].content, "{\"text\":\"hi!\"}");

  ASSERT_TRUE(close(id));
  EXPECT_EQ(send(id, "too late").error().code, ErrorCode::Conflict);
  EXPECT_EQ(send(ConversationId{"cnv_unknown"}, "x").error().code, ErrorCode::NotFound);
}

TEST_F(ConversationStoresTest, RoutingPersistsStateAndAppendsDecisionsInOrder) {
  const UserId ada = agent("ada@example.com");
  const UserId grace = agent("grace@example.com");
  auto received = receive(inbound("+15550001111", "hello"));
  ASSERT_TRUE(received.has_value());
  const ConversationId id = received->conversation.id;
  const TimePoint deadline = clock_.now() + seconds(30);
  ASSERT_TRUE(route({{.conversation_id = id,
                      .state = ConversationState::Assigned,
                      .agent_id = ada,
                      .assigned_at = clock_.now(),
                      .offer_deadline = deadline,
                      .missed_by = {grace},
                      .decision = RoutingDecision{.at = clock_.now(),
                                                  .cause = "allocated",
                                                  .agent_id = ada,
                                                  .explanation_json = "{\"agent\":\"ada\"}"}}}));
  auto assigned = stores_.conversations->findConversation(acme_, id);
  ASSERT_TRUE(assigned.has_value());
  EXPECT_EQ(assigned->state, ConversationState::Assigned);
  EXPECT_EQ(assigned->agent_id, ada);
  EXPECT_EQ(assigned->assigned_at, clock_.now());
  EXPECT_EQ(assigned->offer_deadline, deadline);
  EXPECT_EQ(assigned->missed_by, std::vector<UserId>{grace});

  clock_.advance(seconds(30));
  ASSERT_TRUE(
      route({{.conversation_id = id,
              .state = ConversationState::Queued,
              .missed_by = {grace, ada},
              .decision = RoutingDecision{
                  .at = clock_.now(), .cause = "offer_timeout", .explanation_json = "{}"}}}));
  auto requeued = stores_.conversations->findConversation(acme_, id);
  EXPECT_EQ(requeued->state, ConversationState::Queued);
  EXPECT_FALSE(requeued->agent_id.has_value());
  EXPECT_FALSE(requeued->offer_deadline.has_value());
  EXPECT_EQ(requeued->missed_by, (std::vector<UserId>{grace, ada}));
  EXPECT_EQ(stores_.conversations->listOpenConversations(acme_)->size(), 1u);

  auto decisions = stores_.conversations->listDecisions(acme_, id);
  ASSERT_TRUE(decisions.has_value());
  ASSERT_EQ(decisions->size(), 2u);
  EXPECT_EQ((*decisions)[0].seq, 1);
  EXPECT_EQ((*decisions)[0].cause, "allocated");
  EXPECT_EQ((*decisions)[0].agent_id, ada);
  EXPECT_EQ((*decisions)[0].explanation_json, "{\"agent\":\"ada\"}");
  EXPECT_EQ((*decisions)[1].seq, 2);
  EXPECT_EQ((*decisions)[1].cause, "offer_timeout");
  EXPECT_FALSE((*decisions)[1].agent_id.has_value());
}

TEST_F(ConversationStoresTest, RoutingAnUnknownConversationFailsTheWholeWrite) {
  const UserId ada = agent("ada@example.com");
  auto received = receive(inbound("+15550001111", "hello"));
  ASSERT_TRUE(received.has_value());
  auto routed =
      route({{.conversation_id = received->conversation.id,
              .state = ConversationState::Assigned,
              .agent_id = ada,
              .decision = RoutingDecision{.cause = "allocated", .explanation_json = "{}"}},
             {.conversation_id = ConversationId{"cnv_unknown"}}});
  ASSERT_FALSE(routed.has_value());
  EXPECT_EQ(routed.error().code, ErrorCode::NotFound);
  auto conversation = stores_.conversations->findConversation(acme_, received->conversation.id);
  EXPECT_EQ(conversation->state, ConversationState::Queued);
  EXPECT_TRUE(stores_.conversations->listDecisions(acme_, received->conversation.id)->empty());
}

TEST_F(ConversationStoresTest, RoutingLeavesAClosedConversationClosed) {
  const UserId ada = agent("ada@example.com");
  auto received = receive(inbound("+15550001111", "hello"));
  ASSERT_TRUE(received.has_value());
  ASSERT_TRUE(close(received->conversation.id));
  ASSERT_TRUE(route({{.conversation_id = received->conversation.id,
                      .state = ConversationState::Assigned,
                      .agent_id = ada}}));
  EXPECT_EQ(stores_.conversations->findConversation(acme_, received->conversation.id)->state,
            ConversationState::Closed);
}

TEST_F(ConversationStoresTest, ConversationsPageNewestFirstAndFilter) {
  const UserId ada = agent("ada@example.com");
  std::vector<ConversationId> ids;
  std::vector<ContactId> contacts;
  for (int index = 0; index < 5; ++index) {
    auto received = receive(inbound("+1555000000" + std::to_string(index), "hello"));
    ASSERT_TRUE(received.has_value());
    ids.push_back(received->conversation.id);
    contacts.push_back(received->contact_id);
  }
  ASSERT_TRUE(
      route({{.conversation_id = ids[1], .state = ConversationState::Assigned, .agent_id = ada},
             {.conversation_id = ids[3], .state = ConversationState::Assigned, .agent_id = ada}}));
  ASSERT_TRUE(close(ids[4]));

  std::vector<ConversationId> paged;
  ConversationFilter filter{.limit = 2};
  while (true) {
    auto page = stores_.conversations->listConversations(acme_, filter);
    ASSERT_TRUE(page.has_value()) << page.error().message;
    ASSERT_LE(page->size(), 2u);
    for (const Conversation& conversation : *page) {
      paged.push_back(conversation.id);
    }
    if (page->size() < 2) {
      break;
    }
    filter.after = page->back().id.value;
  }
  std::vector<ConversationId> newest_first = ids;
  std::sort(newest_first.rbegin(), newest_first.rend());
  EXPECT_EQ(paged, newest_first);

  auto of_ada = stores_.conversations->listConversations(acme_, {.agent_id = ada});
  ASSERT_EQ(of_ada->size(), 2u);
  EXPECT_EQ(of_ada->front().id, std::max(ids[1], ids[3]));
  EXPECT_EQ(
      stores_.conversations->listConversations(acme_, {.state = ConversationState::Closed})->size(),
      1u);
  auto queued =
      stores_.conversations->listConversations(acme_, {.state = ConversationState::Queued});
  EXPECT_EQ(queued->size(), 2u);
  auto of_contact = stores_.conversations->listConversations(acme_, {.contact_id = contacts[2]});
  ASSERT_EQ(of_contact->size(), 1u);
  EXPECT_EQ(of_contact->front().id, ids[2]);
  EXPECT_TRUE(stores_.conversations
                  ->listConversations(acme_, {.state = ConversationState::Queued, .agent_id = ada})
                  ->empty());
  EXPECT_EQ(stores_.conversations->listOpenConversations(acme_)->size(), 4u);
  EXPECT_TRUE(stores_.conversations->listConversations(tenant("Globex"), {})->empty());
}

TEST_F(ConversationStoresTest, SkillNamesAreUniqueWithinATenant) {
  ASSERT_TRUE(skill(acme_, "Billing"));
  auto again = skill(acme_, "billing");
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::Conflict);
  EXPECT_EQ(again.error().message, "a skill with that name exists");
  EXPECT_TRUE(skill(tenant("Globex"), "Billing"));
  ASSERT_TRUE(skill(acme_, "Arabic"));
  auto skills = stores_.routing->listSkills(acme_);
  ASSERT_EQ(skills->size(), 2u);
  EXPECT_EQ(skills->front().name, "Arabic");
  EXPECT_EQ(skill(acme_, "").error().code, ErrorCode::ValidationFailed);
}

TEST_F(ConversationStoresTest, DeletingASkillRemovesItFromAgentsAndCategories) {
  const UserId ada = agent("ada@example.com");
  auto french = skill(acme_, "French");
  auto spanish = skill(acme_, "Spanish");
  ASSERT_TRUE(french && spanish);
  const SkillId fr = french->id;
  const SkillId es = spanish->id;
  ASSERT_TRUE(waitFor<AgentRouting>([&](auto done) {
    stores_.routing->saveAgentRouting(
        AgentRouting{.tenant_id = acme_, .user_id = ada, .skills = {{fr, true}, {es, false}}},
        std::move(done));
  }));
  auto category = saveCategory(
      Category{.tenant_id = acme_,
               .name = "French",
               .skills = {fr, es},
               .relaxation = {{60, {{fr}, {es}}}, {120, {{fr}}}, {180, {{fr, es}, {}}}}});
  ASSERT_TRUE(category.has_value()) << category.error().message;

  ASSERT_TRUE(
      waitFor<void>([&](auto done) { stores_.routing->deleteSkill(acme_, fr, std::move(done)); }));
  EXPECT_EQ(stores_.routing->findAgentRouting(acme_, ada)->skills,
            (std::vector<std::pair<SkillId, bool>>{{es, false}}));
  auto categories = stores_.routing->listCategories(acme_);
  ASSERT_EQ(categories->size(), 1u);
  const Category& cleaned = categories->front();
  EXPECT_EQ(cleaned.skills, std::vector<SkillId>{es});
  ASSERT_EQ(cleaned.relaxation.size(), 2u);
  EXPECT_EQ(cleaned.relaxation[0].after_seconds, 60);
  EXPECT_EQ(cleaned.relaxation[0].any_of, std::vector<std::vector<SkillId>>{{es}});
  EXPECT_EQ(cleaned.relaxation[1].after_seconds, 180);
  EXPECT_EQ(cleaned.relaxation[1].any_of, (std::vector<std::vector<SkillId>>{{es}, {}}));
  EXPECT_EQ(stores_.routing->listSkills(acme_)->size(), 1u);
  auto again =
      waitFor<void>([&](auto done) { stores_.routing->deleteSkill(acme_, fr, std::move(done)); });
  EXPECT_EQ(again.error().code, ErrorCode::NotFound);
}

TEST_F(ConversationStoresTest, CategoryRoundTripsEveryFieldAndIsReplacedInPlace) {
  const Category original{
      .tenant_id = acme_,
      .name = "Billing \"EU\"",
      .priority = 7,
      .position = 2,
      .skills = {SkillId{"skl_a"}, SkillId{"skl_b"}},
      .relaxation = {{.after_seconds = 90, .any_of = {{SkillId{"skl_a"}}, {}}}},
      .offer_timeout_seconds = 45,
      .channels = {"sms", "api"},
      .keywords = {"invoice", "facture \"TVA\"", "r\xC3\xA9sum\xC3\xA9", "a\\b\nc"},
      .entry_points = {"/billing", "\x01odd"}};
  auto saved = saveCategory(original);
  ASSERT_TRUE(saved.has_value()) << saved.error().message;
  EXPECT_FALSE(saved->id.empty());
  EXPECT_EQ(saved->created_at, clock_.now());
  auto listed = stores_.routing->listCategories(acme_);
  ASSERT_EQ(listed->size(), 1u);
  const Category& got = listed->front();
  EXPECT_EQ(got.id, saved->id);
  EXPECT_EQ(got.name, original.name);
  EXPECT_EQ(got.priority, 7);
  EXPECT_EQ(got.position, 2);
  EXPECT_EQ(got.skills, original.skills);
  ASSERT_EQ(got.relaxation.size(), 1u);
  EXPECT_EQ(got.relaxation[0].after_seconds, 90);
  EXPECT_EQ(got.relaxation[0].any_of, original.relaxation[0].any_of);
  EXPECT_EQ(got.offer_timeout_seconds, 45);
  EXPECT_EQ(got.channels, original.channels);
  EXPECT_EQ(got.keywords, original.keywords);
  EXPECT_EQ(got.entry_points, original.entry_points);
  EXPECT_EQ(got.created_at, saved->created_at);

  clock_.advance(seconds(10));
  Category renamed = *saved;
  renamed.name = "Billing";
  renamed.keywords.clear();
  auto replaced = saveCategory(renamed);
  ASSERT_TRUE(replaced.has_value());
  EXPECT_EQ(replaced->created_at, saved->created_at);
  listed = stores_.routing->listCategories(acme_);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().name, "Billing");
  EXPECT_TRUE(listed->front().keywords.empty());

  renamed.id = CategoryId{"cat_unknown"};
  EXPECT_EQ(saveCategory(renamed).error().code, ErrorCode::NotFound);
}

TEST_F(ConversationStoresTest, DeletingACategoryUncategorisesItsConversations) {
  auto category = saveCategory(Category{.tenant_id = acme_, .name = "Sales"});
  ASSERT_TRUE(category.has_value());
  InboundMessage message = inbound("+15550001111", "hello");
  message.category_id = category->id;
  auto received = receive(message);
  ASSERT_TRUE(received.has_value());
  EXPECT_EQ(received->conversation.category_id, category->id);
  ASSERT_TRUE(waitFor<void>(
      [&](auto done) { stores_.routing->deleteCategory(acme_, category->id, std::move(done)); }));
  EXPECT_FALSE(stores_.conversations->findConversation(acme_, received->conversation.id)
                   ->category_id.has_value());
  EXPECT_TRUE(stores_.routing->listCategories(acme_)->empty());
  auto again = waitFor<void>(
      [&](auto done) { stores_.routing->deleteCategory(acme_, category->id, std::move(done)); });
  EXPECT_EQ(again.error().code, ErrorCode::NotFound);
}

TEST_F(ConversationStoresTest, AgentRoutingBelongsToAUserOfTheTenant) {
  const UserId ada = agent("ada@example.com");
  EXPECT_EQ(stores_.routing->findAgentRouting(acme_, ada).error().code, ErrorCode::NotFound);
  const AgentRouting routing{.tenant_id = acme_,
                             .user_id = ada,
                             .capacity = 5,
                             .presence = "available",
                             .auto_allocate = false,
                             .skills = {{SkillId{"skl_a"}, true}},
                             .presence_changed_at = clock_.now()};
  ASSERT_TRUE(waitFor<AgentRouting>(
      [&](auto done) { stores_.routing->saveAgentRouting(routing, std::move(done)); }));
  auto found = stores_.routing->findAgentRouting(acme_, ada);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->capacity, 5);
  EXPECT_EQ(found->presence, "available");
  EXPECT_FALSE(found->auto_allocate);
  EXPECT_EQ(found->skills, routing.skills);
  EXPECT_EQ(found->presence_changed_at, clock_.now());
  EXPECT_EQ(stores_.routing->listAgentRouting(acme_)->size(), 1u);

  AgentRouting elsewhere = routing;
  elsewhere.tenant_id = tenant("Globex");
  auto refused = waitFor<AgentRouting>(
      [&](auto done) { stores_.routing->saveAgentRouting(elsewhere, std::move(done)); });
  EXPECT_EQ(refused.error().code, ErrorCode::NotFound);
}

TEST_F(ConversationStoresTest, SettingsHaveDefaultsUntilSaved) {
  auto defaults = stores_.routing->findSettings(acme_);
  ASSERT_TRUE(defaults.has_value());
  EXPECT_EQ(defaults->tenant_id, acme_);
  EXPECT_EQ(defaults->reopen_window_seconds, 24 * 3600);
  EXPECT_EQ(defaults->offline_grace_seconds, 120);
  EXPECT_TRUE(defaults->api_webhook_url.empty());
  ASSERT_TRUE(waitFor<TenantSettings>([&](auto done) {
    stores_.routing->updateSettings(
        acme_, kAdmin,
        [](TenantSettings& settings) {
          settings.reopen_window_seconds = 600;
          settings.offline_grace_seconds = 30;
          settings.api_webhook_url = "https://example.com/hook";
        },
        std::move(done));
  }));
  auto saved = stores_.routing->findSettings(acme_);
  EXPECT_EQ(saved->reopen_window_seconds, 600);
  EXPECT_EQ(saved->offline_grace_seconds, 30);
  EXPECT_EQ(saved->api_webhook_url, "https://example.com/hook");
  EXPECT_TRUE(saved->api_webhook_secret.empty());
}

TEST_F(ConversationStoresTest, ApiChannelIsEnabledUntilSwitchedOffAndStaysOffAfterReopen) {
  EXPECT_TRUE(stores_.routing->findSettings(acme_)->api_enabled);
  ASSERT_TRUE(waitFor<TenantSettings>([&](auto done) {
    stores_.routing->updateSettings(
        acme_, kAdmin, [](TenantSettings& settings) { settings.api_enabled = false; },
        std::move(done));
  }));
  reopen();
  auto saved = stores_.routing->findSettings(acme_);
  ASSERT_TRUE(saved.has_value()) << saved.error().message;
  EXPECT_FALSE(saved->api_enabled);
}

// Who pointed the tenant's replies at which URL is on record; the secret itself never is.
TEST_F(ConversationStoresTest, SettingsChangesAreAuditedWithoutTheSecret) {
  ASSERT_TRUE(waitFor<TenantSettings>([&](auto done) {
    stores_.routing->updateSettings(
        acme_, kAdmin,
        [](TenantSettings& settings) {
          settings.api_webhook_url = "https://crm.example/hook";
          settings.api_webhook_secret = "whsec_grue";
          settings.offline_grace_seconds = 120;  // unchanged: no entry
        },
        std::move(done));
  }));
  auto entries = stores_.audit->listAudit(acme_, "tenant_settings", acme_.value);
  ASSERT_TRUE(entries.has_value()) << entries.error().message;
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].attribute, "apiWebhookUrl");
  EXPECT_EQ((*entries)[0].value, "https://crm.example/hook");
  EXPECT_EQ((*entries)[0].actor.id, "usr_admin");
  EXPECT_EQ((*entries)[1].attribute, "apiWebhookSecret");
  EXPECT_EQ((*entries)[1].value, "new secret");
  EXPECT_FALSE(stores_.audit->verifyAudit()->broken.has_value());
}

// Two changes of different settings queued at once (two admins, two tabs) both land: each is
// applied to what the write before it stored, not to what its request read earlier.
TEST_F(ConversationStoresTest, ConcurrentSettingsChangesOfDifferentFieldsBothLand) {
  std::vector<Result<TenantSettings>> answers;
  stores_.routing->updateSettings(
      acme_, kAdmin, [](TenantSettings& settings) { settings.api_enabled = false; },
      [&](Result<TenantSettings> saved) { answers.push_back(std::move(saved)); });
  stores_.routing->updateSettings(
      acme_, kAdmin,
      [](TenantSettings& settings) { settings.api_webhook_url = "https://example.com/h"; },
      [&](Result<TenantSettings> saved) { answers.push_back(std::move(saved)); });
  ASSERT_TRUE(waitFor<TenantSettings>([&](auto done) {
    stores_.routing->updateSettings(
        acme_, kAdmin, [](TenantSettings&) {}, std::move(done));
  }));
  ASSERT_EQ(answers.size(), 2u);  // the writer answers in order, before the third write's answer
  EXPECT_TRUE(answers[0].has_value() && answers[1].has_value());
  auto saved = stores_.routing->findSettings(acme_);
  ASSERT_TRUE(saved.has_value());
  EXPECT_FALSE(saved->api_enabled);
  EXPECT_EQ(saved->api_webhook_url, "https://example.com/h");
  EXPECT_EQ(saved->reopen_window_seconds, 24 * 3600);
}

TEST_F(ConversationStoresTest, IdempotencyKeyReplaysItsAnswerAndRefusesAnotherRequest) {
  auto first = reserve("key-1", "hash-a");
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_TRUE(first->reserved);
  auto while_running = reserve("key-1", "hash-a");
  EXPECT_FALSE(while_running->reserved);
  EXPECT_TRUE(while_running->in_progress);
  EXPECT_TRUE(reserve("key-1", "hash-b")->mismatch);

  ASSERT_TRUE(complete("key-1", 201, "{\"id\":\"msg_1\"}"));
  auto replay = reserve("key-1", "hash-a");
  ASSERT_TRUE(replay.has_value());
  EXPECT_FALSE(replay->reserved);
  EXPECT_FALSE(replay->in_progress);
  ASSERT_TRUE(replay->done.has_value());
  EXPECT_EQ(replay->done->status, 201);
  EXPECT_EQ(replay->done->body, "{\"id\":\"msg_1\"}");
  EXPECT_TRUE(reserve("key-1", "hash-b")->mismatch);
  EXPECT_TRUE(reserve("key-2", "hash-a")->reserved);
  EXPECT_EQ(complete("key-3", 200, "").error().code, ErrorCode::NotFound);
}

TEST_F(ConversationStoresTest, IdempotencyKeyIsReleasedByAServerError) {
  ASSERT_TRUE(reserve("key-1", "hash-a")->reserved);
  ASSERT_TRUE(complete("key-1", 503, "{\"error\":\"not_ready\"}"));
  auto retry = reserve("key-1", "hash-a");
  ASSERT_TRUE(retry.has_value());
  EXPECT_TRUE(retry->reserved);
}

TEST_F(ConversationStoresTest, IdempotencyKeyExpiresAfterADay) {
  ASSERT_TRUE(reserve("key-1", "hash-a")->reserved);
  ASSERT_TRUE(complete("key-1", 200, "ok"));
  clock_.advance(hours(23));
  EXPECT_TRUE(reserve("key-1", "hash-b")->mismatch);
  clock_.advance(hours(1) + seconds(1));
  auto later = reserve("key-1", "hash-b");
  ASSERT_TRUE(later.has_value()) << later.error().message;
  EXPECT_TRUE(later->reserved);
}

TEST_F(ConversationStoresTest, HandlingStatsAverageFirstResponseAndHandlingTime) {
  const TimePoint start = clock_.now();
  auto answered = receive(inbound("+15550000001", "hello"));
  ASSERT_TRUE(answered.has_value());
  clock_.advance(seconds(30));
  ASSERT_TRUE(send(answered->conversation.id, "hi"));
  clock_.advance(seconds(90));
  ASSERT_TRUE(close(answered->conversation.id));  // handled in 120 s, answered in 30 s
  const TimePoint after_first_close = clock_.now() + Millis(1);
  auto unanswered = receive(inbound("+15550000002", "hello"));
  ASSERT_TRUE(unanswered.has_value());
  clock_.advance(seconds(300));
  ASSERT_TRUE(close(unanswered->conversation.id));  // handled in 300 s, never answered
  ASSERT_TRUE(receive(inbound("+15550000003", "still open")));

  auto stats = stores_.conversations->handlingStats(acme_, start);
  ASSERT_TRUE(stats.has_value()) << stats.error().message;
  EXPECT_EQ(stats->closed, 2);
  EXPECT_DOUBLE_EQ(stats->average_first_response_seconds, 30.0);
  EXPECT_DOUBLE_EQ(stats->average_handling_seconds, 210.0);
  auto later = stores_.conversations->handlingStats(acme_, after_first_close);
  EXPECT_EQ(later->closed, 1);
  EXPECT_DOUBLE_EQ(later->average_first_response_seconds, 0.0);
  EXPECT_DOUBLE_EQ(later->average_handling_seconds, 300.0);
}

TEST_F(ConversationStoresTest, AgentHandlingStatsCountOnlyThatAgentsClosedConversations) {
  const TimePoint start = clock_.now();
  const UserId ann = agent("ann@acme.test");
  const UserId bob = agent("bob@acme.test");
  auto handle = [&](const std::string& identity, const UserId& by, seconds answer_after,
                    seconds close_after) {
    auto received = receive(inbound(identity, "hello"));
    ASSERT_TRUE(received.has_value());
    ASSERT_TRUE(route({RoutingUpdate{.conversation_id = received->conversation.id,
                                     .state = ConversationState::Assigned,
                                     .agent_id = by,
                                     .assigned_at = clock_.now()}}));
    clock_.advance(answer_after);
    ASSERT_TRUE(send(received->conversation.id, "hi"));
    clock_.advance(close_after);
    ASSERT_TRUE(close(received->conversation.id));
  };
  handle("+15550000001", ann, seconds(10), seconds(50));    // answered in 10 s, handled in 60 s
  handle("+15550000002", ann, seconds(30), seconds(90));    // answered in 30 s, handled in 120 s
  handle("+15550000003", bob, seconds(100), seconds(100));  // bob's

  auto anns = stores_.conversations->agentHandlingStats(acme_, ann, start);
  ASSERT_TRUE(anns.has_value()) << anns.error().message;
  EXPECT_EQ(anns->closed, 2);
  EXPECT_DOUBLE_EQ(anns->average_first_response_seconds, 20.0);
  EXPECT_DOUBLE_EQ(anns->average_handling_seconds, 90.0);
  EXPECT_EQ(stores_.conversations->agentHandlingStats(acme_, bob, start)->closed, 1);
  EXPECT_EQ(stores_.conversations->handlingStats(acme_, start)->closed, 3);
  EXPECT_EQ(stores_.conversations->agentHandlingStats(acme_, ann, clock_.now())->closed, 0);
}

}  // namespace
}  // namespace parley::storage::sqlite

namespace parley::storage::sqlite {
namespace {

class ContactMergeTest : public ConversationStoresTest {
 protected:
  Result<Contact> merge(const ContactId& into, const ContactId& from) {
    return waitFor<Contact>([&](auto done) {
      stores_.contacts->mergeContacts(acme_, into, from, Actor::system("dpo-test"),
                                      std::move(done));
    });
  }
};

TEST_F(ContactMergeTest, EverythingOfTheMergedContactMovesUnderTheKeptContactsKey) {
  auto kept = receive(inbound("+15550001111", "first"));
  ASSERT_TRUE(kept);
  ASSERT_TRUE(close(kept->conversation.id));
  InboundMessage other = inbound("grace@example.test", "second");
  other.channel = "email";
  other.contact_name = "Grace";
  auto merged = receive(other);
  ASSERT_TRUE(merged);
  Note note{.tenant_id = acme_,
            .conversation_id = merged->conversation.id,
            .author_id = agent("ann@example.test"),
            .text = "called twice"};
  ASSERT_TRUE(
      waitFor<Note>([&](auto done) { stores_.conversations->addNote(note, std::move(done)); }));

  auto result = merge(kept->contact_id, merged->contact_id);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->name, "Ada Lovelace");  // the kept contact's own value wins

  // The merged conversation, its messages and notes are the kept contact's now, and still read.
  auto conversation = stores_.conversations->findConversation(acme_, merged->conversation.id);
  ASSERT_TRUE(conversation);
  EXPECT_EQ(conversation->contact_id, kept->contact_id);
  auto messages = stores_.conversations->listMessages(acme_, merged->conversation.id, "", 10);
  ASSERT_TRUE(messages) << messages.error().message;
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ(messages->front().content, R"({"text":"second"})");
  EXPECT_EQ(messages->front().contact_id, kept->contact_id);
  auto notes = stores_.conversations->listNotes(acme_, merged->conversation.id);
  ASSERT_TRUE(notes) << notes.error().message;
  EXPECT_EQ(notes->front().text, "called twice");

  // The merged identity now finds the kept contact.
  auto again = receive(other);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->contact_id, kept->contact_id);
  EXPECT_EQ(again->conversation.id, merged->conversation.id);

  // The merged contact names where it went; both sides are audited.
  auto old = stores_.contacts->findContact(acme_, merged->contact_id);
  ASSERT_TRUE(old);
  EXPECT_EQ(old->merged_into, kept->contact_id);
  auto kept_audit = stores_.audit->listAudit(acme_, "contact", kept->contact_id.value);
  ASSERT_TRUE(kept_audit);
  EXPECT_EQ(kept_audit->back().attribute, "mergedFrom");
  EXPECT_EQ(kept_audit->back().value, merged->contact_id.value);
  auto old_audit = stores_.audit->listAudit(acme_, "contact", merged->contact_id.value);
  ASSERT_TRUE(old_audit);
  EXPECT_EQ(old_audit->back().attribute, "mergedInto");
  auto verified = stores_.audit->verifyAudit();
  ASSERT_TRUE(verified);
  EXPECT_FALSE(verified->broken);

  // Merging it again, or into itself, is refused.
  EXPECT_EQ(merge(kept->contact_id, merged->contact_id).error().code, ErrorCode::Conflict);
  EXPECT_EQ(merge(kept->contact_id, kept->contact_id).error().code, ErrorCode::ValidationFailed);
}

TEST_F(ContactMergeTest, TwoOpenConversationsOnOneChannelMustBeClosedFirst) {
  auto a = receive(inbound("+15550001111", "a"));
  auto b = receive(inbound("+15550002222", "b"));
  ASSERT_TRUE(a && b);
  auto refused = merge(a->contact_id, b->contact_id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::Conflict);
  // Nothing moved.
  EXPECT_EQ(stores_.conversations->findConversation(acme_, b->conversation.id)->contact_id,
            b->contact_id);
  ASSERT_TRUE(close(b->conversation.id));
  EXPECT_TRUE(merge(a->contact_id, b->contact_id));
}

}  // namespace
}  // namespace parley::storage::sqlite
