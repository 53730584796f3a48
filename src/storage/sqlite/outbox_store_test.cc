#include "storage/sqlite/outbox_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "storage/sqlite/sqlite_stores.h"
#include "storage/sqlite/store_test.h"
#include "storage/wait.h"

namespace parley::storage::sqlite {
namespace {

class OutboxStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    acme_ = newTenant("Acme").id;
  }
  ReceivedMessage receive(const std::string& identity) {
    auto received = waitFor<ReceivedMessage>([&](auto done) {
      stores_.conversations->receive(InboundMessage{.tenant_id = acme_,
                                                    .channel = "api",
                                                    .identity = identity,
                                                    .content = R"({"text":"hello"})"},
                                     std::move(done));
    });
    EXPECT_TRUE(received.has_value());
    return *received;
  }
  Message reply(const ConversationId& conversation, const std::string& text) {
    auto stored = waitFor<Message>([&](auto done) {
      stores_.conversations->addMessage(Message{.tenant_id = acme_,
                                                .conversation_id = conversation,
                                                .direction = Direction::Outbound,
                                                .content = R"({"text":")" + text + R"("})",
                                                .status = DeliveryStatus::Queued,
                                                .author_id = UserId{"usr_1"}},
                                        std::move(done));
    });
    EXPECT_TRUE(stored.has_value());
    return *stored;
  }
  Result<OutboxEntry> enqueue(const Message& message) {
    return waitFor<OutboxEntry>([&](auto done) {
      stores_.outbox->enqueue(OutboxEntry{.tenant_id = acme_,
                                          .message_id = message.id,
                                          .conversation_id = message.conversation_id,
                                          .channel = "api"},
                              std::move(done));
    });
  }
  Result<void> finish(const Message& message, DeliveryStatus status,
                      std::optional<std::string> reason,
                      std::vector<std::string> provider_ids = {}) {
    return waitFor<void>([&](auto done) {
      stores_.outbox->finish(acme_, message.id, status, std::move(reason), std::move(provider_ids),
                             std::move(done));
    });
  }
  std::optional<std::string> providerIdOf(const Message& message) {
    auto messages = stores_.conversations->listMessages(acme_, message.conversation_id, "", 50);
    EXPECT_TRUE(messages.has_value());
    for (const Message& stored : messages.value_or(std::vector<Message>{})) {
      if (stored.id == message.id) {
        return stored.provider_message_id;
      }
    }
    ADD_FAILURE() << "no message " << message.id.value;
    return std::nullopt;
  }

  TenantId acme_;
};

TEST_F(OutboxStoreTest, EnqueueNumbersEntriesByTheirMessagesPlace) {
  const ReceivedMessage received = receive("+15550001");
  const Message first = reply(received.conversation.id, "one");
  const Message second = reply(received.conversation.id, "two");
  auto a = enqueue(first);
  auto b = enqueue(second);
  ASSERT_TRUE(a.has_value()) << a.error().message;
  ASSERT_TRUE(b.has_value()) << b.error().message;
  EXPECT_EQ(a->message_seq, 2);  // after the inbound message
  EXPECT_EQ(b->message_seq, 3);
  EXPECT_TRUE(a->event_id.value.starts_with("evt_"));
  EXPECT_NE(a->event_id, b->event_id);
  EXPECT_EQ(a->attempts, 0);
  EXPECT_EQ(a->next_attempt_at, clock_.now());
}

TEST_F(OutboxStoreTest, EnqueueRefusesUnknownAndRepeatedMessages) {
  const ReceivedMessage received = receive("+15550001");
  const Message message = reply(received.conversation.id, "one");
  ASSERT_TRUE(enqueue(message).has_value());
  auto again = enqueue(message);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::Conflict);
  Message unknown = message;
  unknown.id = MessageId{"msg_unknown"};
  auto missing = enqueue(unknown);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

TEST_F(OutboxStoreTest, RepliesStoredWithoutAnEntryAreFoundForTheStartUpSweep) {
  const ReceivedMessage received = receive("+15550001");
  const Message recorded = reply(received.conversation.id, "one");
  const Message lost = reply(received.conversation.id, "two");  // the crash came before its entry
  const Message failed = reply(received.conversation.id, "three");
  ASSERT_TRUE(enqueue(recorded).has_value());
  ASSERT_TRUE(enqueue(failed).has_value());
  ASSERT_TRUE(finish(failed, DeliveryStatus::Failed, "gone"));
  reopen();
  auto unrecorded = stores_.outbox->listUnrecorded(acme_);
  ASSERT_TRUE(unrecorded.has_value()) << unrecorded.error().message;
  ASSERT_EQ(unrecorded->size(), 1u);
  EXPECT_EQ(unrecorded->front().message_id, lost.id);
  EXPECT_EQ(unrecorded->front().conversation_id, received.conversation.id);
  EXPECT_EQ(unrecorded->front().channel, "api");
  ASSERT_TRUE(enqueue(lost).has_value());
  EXPECT_TRUE(stores_.outbox->listUnrecorded(acme_)->empty());
}

TEST_F(OutboxStoreTest, PendingEntriesAndAttemptsSurviveAReopen) {
  const ReceivedMessage received = receive("+15550001");
  const Message first = reply(received.conversation.id, "one");
  const Message second = reply(received.conversation.id, "two");
  auto a = enqueue(first);
  ASSERT_TRUE(enqueue(second).has_value());
  const TimePoint next = clock_.now() + std::chrono::seconds(4);
  auto recorded = waitFor<void>([&](auto done) {
    stores_.outbox->recordAttempt(acme_, first.id, 3, next, "webhook answered 500",
                                  std::move(done));
  });
  ASSERT_TRUE(recorded.has_value()) << recorded.error().message;
  reopen();
  auto pending = stores_.outbox->listPending(acme_);
  ASSERT_TRUE(pending.has_value()) << pending.error().message;
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].message_id, first.id);
  EXPECT_EQ((*pending)[0].event_id, a->event_id);
  EXPECT_EQ((*pending)[0].attempts, 3);
  EXPECT_EQ((*pending)[0].next_attempt_at, next);
  EXPECT_EQ((*pending)[1].message_id, second.id);
  EXPECT_EQ((*pending)[1].attempts, 0);
}

TEST_F(OutboxStoreTest, FindOutboundOpensTheContentAndTheContactsIdentity) {
  const ReceivedMessage received = receive("  +15550001 ");
  const Message message = reply(received.conversation.id, "on its way");
  auto outbound = stores_.outbox->findOutbound(acme_, message.id);
  ASSERT_TRUE(outbound.has_value()) << outbound.error().message;
  EXPECT_EQ(outbound->message.content, R"({"text":"on its way"})");
  EXPECT_EQ(outbound->message.author_id, UserId{"usr_1"});
  EXPECT_EQ(outbound->conversation.id, received.conversation.id);
  EXPECT_EQ(outbound->conversation.channel, "api");
  EXPECT_EQ(outbound->identity, "+15550001");
  auto unknown = stores_.outbox->findOutbound(acme_, MessageId{"msg_unknown"});
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::NotFound);
}

TEST_F(OutboxStoreTest, AnErasedContactsMessageHasNeitherContentNorIdentity) {
  const ReceivedMessage received = receive("+15550001");
  const Message message = reply(received.conversation.id, "secret");
  auto erased = waitFor<void>([&](auto done) {
    engine_->database().write<void>(
        [contact = received.contact_id](WriteContext& context) -> Result<void> {
          auto erase = context.db.statement("UPDATE contacts SET key_id = NULL WHERE id = ?");
          if (!erase) {
            return std::unexpected(erase.error());
          }
          StatementScope scope(**erase);
          scope->bind(1, contact.value);
          return scope->run();
        },
        std::move(done));
  });
  ASSERT_TRUE(erased.has_value());
  auto outbound = stores_.outbox->findOutbound(acme_, message.id);
  ASSERT_TRUE(outbound.has_value()) << outbound.error().message;
  EXPECT_TRUE(outbound->message.content.empty());
  EXPECT_FALSE(outbound->identity.has_value());
}

TEST_F(OutboxStoreTest, FinishRemovesTheEntryAndSetsTheStatus) {
  const ReceivedMessage received = receive("+15550001");
  const Message sent = reply(received.conversation.id, "one");
  const Message failed = reply(received.conversation.id, "two");
  ASSERT_TRUE(enqueue(sent).has_value());
  ASSERT_TRUE(enqueue(failed).has_value());
  ASSERT_TRUE(finish(sent, DeliveryStatus::Sent, std::nullopt).has_value());
  ASSERT_TRUE(finish(failed, DeliveryStatus::Failed, "webhook answered 404").has_value());
  auto pending = stores_.outbox->listPending(acme_);
  ASSERT_TRUE(pending.has_value());
  EXPECT_TRUE(pending->empty());
  auto messages = stores_.conversations->listMessages(acme_, received.conversation.id, "", 10);
  ASSERT_TRUE(messages.has_value());
  ASSERT_EQ(messages->size(), 3u);
  EXPECT_EQ((*messages)[1].status, DeliveryStatus::Sent);
  EXPECT_EQ((*messages)[2].status, DeliveryStatus::Failed);
  EXPECT_EQ((*messages)[2].status_reason, "webhook answered 404");
  // Finishing a message that is not in the outbox still sets its status.
  EXPECT_TRUE(finish(sent, DeliveryStatus::Failed, "late").has_value());
  Message unknown = sent;
  unknown.id = MessageId{"msg_unknown"};
  auto missing = finish(unknown, DeliveryStatus::Sent, std::nullopt);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

TEST_F(OutboxStoreTest, FinishRecordsTheProviderIdsThatFindTheMessage) {
  const ReceivedMessage received = receive("+15550001");
  const Message sent = reply(received.conversation.id, "three parts");
  const Message plain = reply(received.conversation.id, "no ids");
  ASSERT_TRUE(enqueue(sent).has_value());
  ASSERT_TRUE(enqueue(plain).has_value());
  auto finished = finish(sent, DeliveryStatus::Sent, std::nullopt, {"0A1B", "0A1C", "0A1D"});
  ASSERT_TRUE(finished.has_value()) << finished.error().message;
  ASSERT_TRUE(finish(plain, DeliveryStatus::Sent, std::nullopt, {}).has_value());
  EXPECT_TRUE(stores_.outbox->listPending(acme_)->empty());
  EXPECT_EQ(providerIdOf(sent), "0A1B");
  EXPECT_EQ(providerIdOf(plain), std::nullopt);
  reopen();
  for (const char* part : {"0A1B", "0A1C", "0A1D"}) {
    auto found = stores_.outbox->findByProviderId(acme_, "api", part);
    ASSERT_TRUE(found.has_value()) << part << ": " << found.error().message;
    EXPECT_EQ(*found, sent.id);
  }
  EXPECT_EQ(stores_.outbox->findByProviderId(acme_, "api", "0A1E").error().code,
            ErrorCode::NotFound);
  EXPECT_EQ(stores_.outbox->findByProviderId(acme_, "chn_other", "0A1B").error().code,
            ErrorCode::NotFound);
  const TenantId other = newTenant("Other").id;
  EXPECT_EQ(stores_.outbox->findByProviderId(other, "api", "0A1B").error().code,
            ErrorCode::NotFound);
  // An unknown message records nothing.
  Message unknown = sent;
  unknown.id = MessageId{"msg_unknown"};
  EXPECT_EQ(finish(unknown, DeliveryStatus::Sent, std::nullopt, {"0A1F"}).error().code,
            ErrorCode::NotFound);
  EXPECT_EQ(stores_.outbox->findByProviderId(acme_, "api", "0A1F").error().code,
            ErrorCode::NotFound);
}

TEST_F(OutboxStoreTest, AProviderIdReusedByTheSmsCenterNamesTheLaterMessage) {
  const ReceivedMessage received = receive("+15550001");
  const Message earlier = reply(received.conversation.id, "one");
  const Message later = reply(received.conversation.id, "two");
  ASSERT_TRUE(finish(earlier, DeliveryStatus::Sent, std::nullopt, {"77", "78"}).has_value());
  auto reused = finish(later, DeliveryStatus::Sent, std::nullopt, {"77"});
  ASSERT_TRUE(reused.has_value()) << reused.error().message;
  EXPECT_EQ(*stores_.outbox->findByProviderId(acme_, "api", "77"), later.id);
  EXPECT_EQ(*stores_.outbox->findByProviderId(acme_, "api", "78"), earlier.id);
  EXPECT_EQ(providerIdOf(later), "77");
  EXPECT_EQ(providerIdOf(earlier), std::nullopt);
}

TEST_F(OutboxStoreTest, ProviderIdsGoWithTheirMessage) {
  const ReceivedMessage received = receive("+15550001");
  const Message sent = reply(received.conversation.id, "one");
  ASSERT_TRUE(finish(sent, DeliveryStatus::Sent, std::nullopt, {"99"}).has_value());
  auto removed = waitFor<void>([&](auto done) {
    engine_->database().write<void>(
        [message = sent.id](WriteContext& context) -> Result<void> {
          auto remove = context.db.statement("DELETE FROM messages WHERE id = ?");
          if (!remove) {
            return std::unexpected(remove.error());
          }
          StatementScope scope(**remove);
          scope->bind(1, message.value);
          return scope->run();
        },
        std::move(done));
  });
  ASSERT_TRUE(removed.has_value()) << removed.error().message;
  EXPECT_EQ(stores_.outbox->findByProviderId(acme_, "api", "99").error().code, ErrorCode::NotFound);
}

TEST_F(OutboxStoreTest, EntriesBelongToTheirTenant) {
  const ReceivedMessage received = receive("+15550001");
  ASSERT_TRUE(enqueue(reply(received.conversation.id, "one")).has_value());
  auto other =
      waitFor<Tenant>([&](auto done) { stores_.tenants->createTenant("Other", std::move(done)); });
  ASSERT_TRUE(other.has_value());
  auto pending = stores_.outbox->listPending(other->id);
  ASSERT_TRUE(pending.has_value());
  EXPECT_TRUE(pending->empty());
}

}  // namespace
}  // namespace parley::storage::sqlite
