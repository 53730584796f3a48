// Retention (P3) against the real store with a moved clock: each tenant's own schedule, measured
// from a conversation's close; what anonymising keeps for statistics; open conversations and other
// tenants left alone; the audit chain pruned behind a checkpoint and still verifiable, and still
// catching tampering with what it kept.
#include <gtest/gtest.h>

#include <algorithm>

#include "storage/privacy_store.h"
#include "storage/sqlite/store_test.h"

namespace parley::storage::sqlite {
namespace {

using std::chrono::hours;
constexpr hours kDay{24};

class RetentionSweepTest : public StoreTest {
 protected:
  ReceivedMessage receive(const TenantId& tenant, const std::string& identity,
                          const std::string& text, std::optional<std::string> provider_id = {}) {
    auto received = waitFor<ReceivedMessage>([&](auto done) {
      stores_.conversations->receive(InboundMessage{.tenant_id = tenant,
                                                    .channel = "api",
                                                    .identity = identity,
                                                    .content = R"({"text":")" + text + R"("})",
                                                    .provider_message_id = std::move(provider_id),
                                                    .reopen_window = std::chrono::hours(24 * 400)},
                                     std::move(done));
    });
    EXPECT_TRUE(received.has_value()) << received.error().message;
    return received.value_or(ReceivedMessage{});
  }
  void close(const TenantId& tenant, const ConversationId& conversation) {
    auto closed = waitFor<Conversation>([&](auto done) {
      stores_.conversations->closeConversation(tenant, conversation, Actor::system("test"),
                                               std::move(done));
    });
    ASSERT_TRUE(closed.has_value()) << closed.error().message;
  }
  void addNote(const TenantId& tenant, const ConversationId& conversation) {
    auto note = waitFor<Note>([&](auto done) {
      stores_.conversations->addNote(Note{.tenant_id = tenant,
                                          .conversation_id = conversation,
                                          .author_id = UserId{"usr_agent"},
                                          .text = "called back about the parcel"},
                                     std::move(done));
    });
    ASSERT_TRUE(note.has_value());
  }
  void settings(const TenantId& tenant, int anonymise, int remove, int audit) {
    auto saved = waitFor<PrivacySettings>([&](auto done) {
      stores_.privacy->savePrivacySettings(PrivacySettings{.tenant_id = tenant,
                                                           .anonymise_after_days = anonymise,
                                                           .delete_after_days = remove,
                                                           .audit_keep_days = audit},
                                           Actor::system("test"), std::move(done));
    });
    ASSERT_TRUE(saved.has_value()) << saved.error().message;
  }
  // Batches until nothing is due; what they did together.
  RetentionWork applyAll(size_t batch = 3) {
    RetentionWork total;
    for (int i = 0; i < 1000; ++i) {
      auto work = waitFor<RetentionWork>([&](auto done) {
        stores_.privacy->applyRetention(clock_.now(), batch, std::move(done));
      });
      EXPECT_TRUE(work.has_value()) << work.error().message;
      if (!work || work->rows == 0) {
        return total;
      }
      total.anonymised += work->anonymised;
      total.deleted += work->deleted;
      total.pruned += work->pruned;
      EXPECT_LE(work->rows, batch + 4) << "a batch is small";
    }
    ADD_FAILURE() << "retention never caught up";
    return total;
  }
  std::vector<std::string> texts(const TenantId& tenant, const ConversationId& conversation) {
    auto messages = stores_.conversations->listMessages(tenant, conversation, "", 100);
    EXPECT_TRUE(messages.has_value());
    std::vector<std::string> contents;
    for (const Message& message : messages.value_or(std::vector<Message>{})) {
      contents.push_back(message.content);
    }
    return contents;
  }
  std::vector<std::string> auditAttributes(const TenantId& tenant) {
    auto entries = stores_.audit->searchAudit(tenant, AuditFilter{.limit = 500});
    EXPECT_TRUE(entries.has_value());
    std::vector<std::string> attributes;
    for (const AuditEntry& entry : entries.value_or(std::vector<AuditEntry>{})) {
      attributes.push_back(entry.attribute);
    }
    return attributes;
  }
  void tamper(const std::string& sql) {
    auto writer = Connection::open((dir_ / "parley.db").string(), Connection::Mode::ReadWrite);
    ASSERT_TRUE(writer.has_value());
    ASSERT_TRUE((*writer)->exec(sql));
  }
};

TEST_F(RetentionSweepTest,
       ConversationsAreAnonymisedThenDeletedOnEachTenantsScheduleFromTheirClose) {
  const TenantId acme = newTenant("Acme").id;  // defaults: 90 and 365 days
  const TenantId brisk = newTenant("Brisk").id;
  settings(brisk, 10, 20, 365);

  const ReceivedMessage old_case = receive(acme, "ann", "my card is on file", "p-1");
  receive(acme, "ann", "and my address is 1 Main St", "p-2");
  ASSERT_TRUE(waitFor<void>([&](auto done) {
                stores_.conversations->updateMessageStatus(
                    acme, old_case.message.id, DeliveryStatus::Failed, "ann@example.com bounced",
                    std::move(done));
              }).has_value());
  addNote(acme, old_case.conversation.id);
  close(acme, old_case.conversation.id);
  const ReceivedMessage still_open = receive(acme, "bob", "still talking");
  const ReceivedMessage brisk_case = receive(brisk, "cy", "hello from Brisk");
  close(brisk, brisk_case.conversation.id);
  auto before = stores_.privacy->subject(acme, old_case.contact_id);
  ASSERT_TRUE(before.has_value());

  clock_.advance(9 * kDay);
  EXPECT_EQ(applyAll().anonymised, 0u) << "nothing is due yet";

  clock_.advance(2 * kDay);  // 11 days after the close: Brisk's 10 have passed, Acme's 90 not
  RetentionWork work = applyAll();
  EXPECT_EQ(work.anonymised, 1u);
  EXPECT_EQ(texts(brisk, brisk_case.conversation.id),
            std::vector<std::string>{R"({"text":"Anonymised by retention"})"});
  EXPECT_EQ(texts(acme, old_case.conversation.id)[0], R"({"text":"my card is on file"})");

  clock_.advance(10 * kDay);  // 21 days: Brisk's conversation goes, its contact stays
  work = applyAll();
  EXPECT_EQ(work.deleted, 1u);
  auto gone = stores_.conversations->findConversation(brisk, brisk_case.conversation.id);
  ASSERT_FALSE(gone.has_value());
  EXPECT_EQ(gone.error().code, ErrorCode::NotFound);
  EXPECT_TRUE(stores_.privacy->subject(brisk, brisk_case.contact_id).has_value());

  clock_.advance(70 * kDay);  // 91 days: Acme's closed conversation is anonymised, statistics kept
  work = applyAll();
  EXPECT_EQ(work.anonymised, 1u);
  EXPECT_EQ(texts(acme, old_case.conversation.id),
            (std::vector<std::string>(2, R"({"text":"Anonymised by retention"})")));
  auto notes = stores_.conversations->listNotes(acme, old_case.conversation.id);
  ASSERT_TRUE(notes.has_value());
  ASSERT_EQ(notes->size(), 1u);
  EXPECT_EQ((*notes)[0].text, "Anonymised by retention");
  auto after = stores_.privacy->subject(acme, old_case.contact_id);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->messages, before->messages);
  EXPECT_EQ(after->notes, before->notes);
  EXPECT_EQ(after->conversations, before->conversations);
  auto kept = stores_.conversations->findConversation(acme, old_case.conversation.id);
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->channel, "api");
  EXPECT_TRUE(kept->closed_at);
  EXPECT_EQ(texts(acme, still_open.conversation.id),
            std::vector<std::string>{R"({"text":"still talking"})"});
  // Provider ids are the customer's: gone with the text, so a late copy is a new message.
  auto messages = stores_.conversations->listMessages(acme, old_case.conversation.id, "", 10);
  ASSERT_TRUE(messages.has_value());
  for (const Message& message : *messages) {
    EXPECT_FALSE(message.provider_message_id);
    EXPECT_FALSE(message.status_reason) << "a provider's reason may quote the customer";
  }
  // The customer writes again: an anonymised conversation is not reopened.
  const ReceivedMessage again = receive(acme, "ann", "me again");
  EXPECT_NE(again.conversation.id, old_case.conversation.id);

  clock_.advance(275 * kDay);  // 366 days: deleted; the open one stays whatever its age
  work = applyAll();
  EXPECT_EQ(work.deleted, 1u);
  EXPECT_FALSE(stores_.conversations->findConversation(acme, old_case.conversation.id));
  EXPECT_TRUE(stores_.conversations->findConversation(acme, still_open.conversation.id));

  // Audited as counts, by the system, never a value of what went.
  const auto attributes = auditAttributes(acme);
  EXPECT_NE(std::ranges::find(attributes, "retention.anonymised"), attributes.end());
  EXPECT_NE(std::ranges::find(attributes, "retention.deleted"), attributes.end());
  auto verification = stores_.audit->verifyAudit();
  ASSERT_TRUE(verification.has_value());
  EXPECT_FALSE(verification->broken) << *verification->broken;
}

TEST_F(RetentionSweepTest, ALateRetryOfARecentlyAnonymisedMessageIsStillADuplicate) {
  const TenantId acme = newTenant("Acme").id;
  settings(acme, 1, 2, 365);
  const ReceivedMessage first = receive(acme, "ann", "hello", "wamid.late-1");
  close(acme, first.conversation.id);
  clock_.advance(std::chrono::hours(25));
  EXPECT_EQ(applyAll().anonymised, 1u);
  const ReceivedMessage retry = receive(acme, "ann", "hello", "wamid.late-1");
  EXPECT_TRUE(retry.duplicate);
  // Nothing can be added to it either.
  auto note = waitFor<Note>([&](auto done) {
    stores_.conversations->addNote(Note{.tenant_id = acme,
                                        .conversation_id = first.conversation.id,
                                        .author_id = UserId{"usr_agent"},
                                        .text = "too late"},
                                   std::move(done));
  });
  ASSERT_FALSE(note.has_value());
  EXPECT_EQ(note.error().code, ErrorCode::Conflict);
}

TEST_F(RetentionSweepTest, AChangedSettingAppliesToWhatIsAlreadyStored) {
  const TenantId acme = newTenant("Acme").id;
  const ReceivedMessage closed = receive(acme, "ann", "hello");
  close(acme, closed.conversation.id);
  clock_.advance(5 * kDay);
  EXPECT_EQ(applyAll().anonymised, 0u);
  settings(acme, 3, 30, 365);
  EXPECT_EQ(applyAll().anonymised, 1u);
}

TEST_F(RetentionSweepTest, TheAuditIsPrunedBehindACheckpointAndStillCatchesTampering) {
  const TenantId acme = newTenant("Acme").id;
  const TenantId other = newTenant("Other").id;
  settings(acme, 30, 60, 30);
  for (int i = 0; i < 5; ++i) {
    receive(acme, "old-" + std::to_string(i), "hi");  // each new contact is audited
  }
  receive(other, "someone", "hi");
  auto before = stores_.audit->verifyAudit();
  ASSERT_TRUE(before.has_value());

  clock_.advance(31 * kDay);
  receive(acme, "recent", "hi");
  const size_t kept_before = auditAttributes(acme).size();
  const RetentionWork work = applyAll(2);
  EXPECT_GT(work.pruned, 0u);
  const auto attributes = auditAttributes(acme);
  EXPECT_NE(std::ranges::find(attributes, "retention.auditPruned"), attributes.end());
  EXPECT_LT(attributes.size(), kept_before);
  EXPECT_FALSE(auditAttributes(other).empty()) << "another tenant's default 365 days";

  auto verification = stores_.audit->verifyAudit();
  ASSERT_TRUE(verification.has_value());
  EXPECT_FALSE(verification->broken) << *verification->broken;
  EXPECT_LT(verification->entries, before->entries + 10);

  // The chain goes on from its checkpoint, across a restart.
  reopen();
  receive(acme, "after-restart", "hi");
  verification = stores_.audit->verifyAudit();
  ASSERT_TRUE(verification.has_value());
  EXPECT_FALSE(verification->broken) << *verification->broken;

  // Moving the checkpoint, or altering a kept entry, is caught.
  tamper("UPDATE audit_checkpoints SET seq = seq + 1");
  verification = stores_.audit->verifyAudit();
  ASSERT_TRUE(verification.has_value());
  ASSERT_TRUE(verification->broken);
  EXPECT_NE(verification->broken->find("checkpoint"), std::string::npos) << *verification->broken;
  tamper("UPDATE audit_checkpoints SET seq = seq - 1");
  tamper(
      "UPDATE audit_log SET actor_id = 'usr_forged' WHERE seq = (SELECT max(seq) FROM audit_log)");
  verification = stores_.audit->verifyAudit();
  ASSERT_TRUE(verification.has_value());
  EXPECT_TRUE(verification->broken);
}

TEST_F(RetentionSweepTest, PrunedAgainAndAgainTheChainGoesOnFromItsCheckpoint) {
  const TenantId acme = newTenant("Acme").id;
  settings(acme, 1, 1, 1);
  receive(acme, "ann", "hi");
  clock_.advance(2 * kDay);
  applyAll();
  // Left with the entries retention itself wrote; those go next time.
  clock_.advance(2 * kDay);
  applyAll();
  auto verification = stores_.audit->verifyAudit();
  ASSERT_TRUE(verification.has_value());
  EXPECT_FALSE(verification->broken) << *verification->broken;
  receive(acme, "bob", "hi");
  verification = stores_.audit->verifyAudit();
  ASSERT_TRUE(verification.has_value());
  EXPECT_FALSE(verification->broken) << *verification->broken;
}

TEST_F(RetentionSweepTest, APrefixThatDoesNotVerifyIsNotPruned) {
  const TenantId acme = newTenant("Acme").id;
  settings(acme, 30, 60, 30);
  receive(acme, "ann", "hi");
  clock_.advance(31 * kDay);
  tamper("UPDATE audit_log SET actor_id = 'usr_forged' WHERE seq = 1");
  EXPECT_EQ(applyAll().pruned, 0u);
  auto verification = stores_.audit->verifyAudit();
  ASSERT_TRUE(verification.has_value());
  ASSERT_TRUE(verification->broken);
  EXPECT_NE(verification->broken->find("entry 1"), std::string::npos);
}

}  // namespace
}  // namespace parley::storage::sqlite
