// The privacy console's storage: finding a customer through blind indexes only, anonymising and
// erasing them with everything merged into them, and the sweep after an erasure. Each irreversible
// action is checked for what it must reach and for what it must leave alone.
#include "storage/privacy_store.h"

#include <fstream>
#include <iterator>

#include "storage/sqlite/store_test.h"

namespace parley::storage::sqlite {
namespace {

class PrivacyStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    tenant_ = newTenant("Acme").id;
  }

  ReceivedMessage receive(const std::string& identity, const std::string& text,
                          std::optional<std::string> provider_id = std::nullopt,
                          std::optional<std::string> name = std::nullopt) {
    auto received = waitFor<ReceivedMessage>([&](auto done) {
      stores_.conversations->receive(InboundMessage{.tenant_id = tenant_,
                                                    .channel = "api",
                                                    .identity = identity,
                                                    .contact_name = std::move(name),
                                                    .content = R"({"text":")" + text + R"("})",
                                                    .provider_message_id = std::move(provider_id)},
                                     std::move(done));
    });
    EXPECT_TRUE(received.has_value()) << received.error().message;
    return received.value_or(ReceivedMessage{});
  }

  Contact createContact(Contact contact) {
    contact.tenant_id = tenant_;
    auto created = waitFor<Contact>([&](auto done) {
      stores_.contacts->createContact(contact, Actor{Actor::Kind::User, "usr_admin"},
                                      std::move(done));
    });
    EXPECT_TRUE(created.has_value()) << created.error().message;
    return created.value_or(Contact{});
  }

  std::vector<ContactId> find(SubjectQuery::By by, const std::string& value,
                              const std::string& channel = "") {
    auto found = stores_.privacy->findSubjects(
        tenant_, SubjectQuery{.by = by, .value = value, .channel = channel}, 50);
    EXPECT_TRUE(found.has_value()) << found.error().message;
    std::vector<ContactId> ids;
    for (const SubjectSummary& subject : found.value_or(std::vector<SubjectSummary>{})) {
      ids.push_back(subject.contact.id);
    }
    return ids;
  }

  Result<SubjectActionResult> erase(const ContactId& contact) {
    return waitFor<SubjectActionResult>([&](auto done) {
      stores_.privacy->eraseSubject(tenant_, contact, Actor{Actor::Kind::User, "usr_dpo"},
                                    std::move(done));
    });
  }
  Result<SubjectActionResult> anonymise(const ContactId& contact) {
    return waitFor<SubjectActionResult>([&](auto done) {
      stores_.privacy->anonymiseSubject(tenant_, contact, Actor{Actor::Kind::User, "usr_dpo"},
                                        std::move(done));
    });
  }
  void sweepAll() {
    for (int i = 0; i < 100; ++i) {
      auto removed =
          waitFor<size_t>([&](auto done) { stores_.privacy->sweepErased(2, std::move(done)); });
      ASSERT_TRUE(removed.has_value()) << removed.error().message;
      if (*removed == 0) {
        return;
      }
    }
    FAIL() << "the sweep did not finish";
  }
  std::vector<std::string> texts(const ConversationId& conversation) {
    auto messages = stores_.conversations->listMessages(tenant_, conversation, "", 100);
    EXPECT_TRUE(messages.has_value());
    std::vector<std::string> contents;
    for (const Message& message : messages.value_or(std::vector<Message>{})) {
      contents.push_back(message.content);
    }
    return contents;
  }
  std::string databaseBytes() {
    std::string bytes;
    for (const char* name : {"parley.db", "parley.db-wal"}) {
      std::ifstream file(dir_ / name, std::ios::binary);
      bytes.append(std::istreambuf_iterator<char>(file), {});
    }
    return bytes;
  }

  TenantId tenant_;
};

using By = SubjectQuery::By;

TEST_F(PrivacyStoreTest, FindsACustomerByPhoneEmailNameAndIdentityThroughBlindIndexes) {
  const Contact ada = createContact(
      {.name = "Ad\u00e1 LOVELACE-King", .email = "Ada@Example.COM", .phone = "+44 7911 123456"});
  createContact({.name = "Ada Byron", .email = "byron@example.com"});
  const ReceivedMessage visitor = receive("visitor-42", "hello", std::nullopt, "Charles Babbage");
  const ReceivedMessage sender = receive("447700900123", "hi");

  EXPECT_EQ(find(By::Phone, "447911123456"), std::vector{ada.id});
  EXPECT_EQ(find(By::Phone, "+44 (0)7911 123 456"), std::vector{ada.id});
  EXPECT_EQ(find(By::Email, " ada@example.com"), std::vector{ada.id});
  EXPECT_EQ(find(By::Name, "lovelace ada"), std::vector{ada.id});
  EXPECT_EQ(find(By::Name, "king"), std::vector{ada.id});
  EXPECT_EQ(find(By::Name, "ada").size(), 2u);
  EXPECT_TRUE(find(By::Name, "ada babbage").empty());
  EXPECT_EQ(find(By::Name, "BABBAGE"), std::vector{visitor.contact_id});
  EXPECT_EQ(find(By::Identity, "visitor-42"), std::vector{visitor.contact_id});
  EXPECT_EQ(find(By::Identity, "visitor-42", "api"), std::vector{visitor.contact_id});
  EXPECT_TRUE(find(By::Identity, "visitor-42", "chn_other").empty());
  // An SMS-style sender without its '+' is found by the number however it is written.
  EXPECT_EQ(find(By::Phone, "+44 7700 900123"), std::vector{sender.contact_id});
  EXPECT_TRUE(find(By::Phone, "+44 7700 900999").empty());

  auto empty = stores_.privacy->findSubjects(tenant_, {.by = By::Name, .value = " - "}, 50);
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code, ErrorCode::ValidationFailed);
}

TEST_F(PrivacyStoreTest, ANationalNumberIsReadInTheTenantsRegion) {
  const Contact before = createContact({.phone = "07911 123456"});
  EXPECT_TRUE(find(By::Phone, "+447911123456").empty());  // no region: digits only
  auto saved = waitFor<PrivacySettings>([&](auto done) {
    stores_.privacy->savePrivacySettings({.tenant_id = tenant_, .phone_region = "GB"},
                                         Actor{Actor::Kind::User, "usr_admin"}, std::move(done));
  });
  ASSERT_TRUE(saved.has_value()) << saved.error().message;
  const Contact after = createContact({.phone = "07911 123456"});
  EXPECT_EQ(find(By::Phone, "+447911123456"), std::vector{after.id});
  EXPECT_EQ(find(By::Phone, "07911 123456"), std::vector{after.id});

  auto bad = waitFor<PrivacySettings>([&](auto done) {
    stores_.privacy->savePrivacySettings({.tenant_id = tenant_, .phone_region = "XX"},
                                         Actor{Actor::Kind::User, "usr_admin"}, std::move(done));
  });
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::ValidationFailed);
  (void)before;
}

TEST_F(PrivacyStoreTest, TheSummaryCountsWhatIsHeld) {
  const ReceivedMessage first = receive("visitor-1", "one", "p-1", "Grace Hopper");
  receive("visitor-1", "two", "p-2");
  auto note = waitFor<Note>([&](auto done) {
    stores_.conversations->addNote(Note{.tenant_id = tenant_,
                                        .conversation_id = first.conversation.id,
                                        .author_id = UserId{"usr_agent"},
                                        .text = "called back"},
                                   std::move(done));
  });
  ASSERT_TRUE(note.has_value());
  auto subject = stores_.privacy->subject(tenant_, first.contact_id);
  ASSERT_TRUE(subject.has_value()) << subject.error().message;
  EXPECT_EQ(subject->contact.name, "Grace Hopper");
  ASSERT_EQ(subject->identities.size(), 1u);
  EXPECT_EQ(subject->identities[0].identity, "visitor-1");
  EXPECT_EQ(subject->channels, std::vector<std::string>{"api"});
  EXPECT_EQ(subject->conversations, 1);
  EXPECT_EQ(subject->open_conversations, 1);
  EXPECT_EQ(subject->messages, 2);
  EXPECT_EQ(subject->notes, 1);
  EXPECT_FALSE(subject->erased_at);
}

TEST_F(PrivacyStoreTest, EraseDestroysEveryKeyOfTheMergeChainAndTouchesNobodyElse) {
  const ReceivedMessage kept = receive("visitor-kept", "my card is blue", "p-1", "Kept Person");
  const ReceivedMessage merged = receive("visitor-merged", "other device", "p-2", "Merged Person");
  // Two open conversations on one channel cannot merge.
  ASSERT_TRUE(waitFor<Conversation>([&](auto done) {
                stores_.conversations->closeConversation(tenant_, merged.conversation.id,
                                                         Actor::system("test"), std::move(done));
              }).has_value());
  auto into = waitFor<Contact>([&](auto done) {
    stores_.contacts->mergeContacts(tenant_, kept.contact_id, merged.contact_id,
                                    Actor{Actor::Kind::User, "usr_admin"}, std::move(done));
  });
  ASSERT_TRUE(into.has_value()) << into.error().message;
  const ReceivedMessage other = receive("visitor-other", "keep me", "p-3", "Other Person");

  // A stored idempotent answer holding the customer's words.
  auto reserved = waitFor<IdempotencyReservation>([&](auto done) {
    stores_.idempotency->reserve(tenant_, "tok_1 POST /messages", "key-1", "hash-1",
                                 std::move(done));
  });
  ASSERT_TRUE(reserved.has_value());
  ASSERT_TRUE(waitFor<void>([&](auto done) {
                stores_.idempotency->complete(tenant_, "tok_1 POST /messages", "key-1",
                                              {201, R"({"text":"my card is blue"})"},
                                              std::move(done));
              }).has_value());

  // A provider's failure reason quoting the customer, on theirs and on somebody else's message.
  for (const MessageId& message : {kept.message.id, other.message.id}) {
    ASSERT_TRUE(waitFor<void>([&](auto done) {
                  stores_.conversations->updateMessageStatus(
                      tenant_, message, DeliveryStatus::Failed,
                      "+447700900512 is not a WhatsApp user", std::move(done));
                }).has_value());
  }
  const auto reasons = [&] {
    std::map<std::string, std::string> by_message;
    auto usage = stores_.conversations->listUsage(tenant_, TimePoint{},
                                                  clock_.now() + std::chrono::hours(1), {}, 100);
    EXPECT_TRUE(usage.has_value());
    for (const UsageRecord& record : usage.value_or(std::vector<UsageRecord>{})) {
      by_message[record.message.value] = record.status_reason.value_or("");
    }
    return by_message;
  };
  ASSERT_EQ(reasons()[kept.message.id.value], "+447700900512 is not a WhatsApp user");

  auto erased = erase(merged.contact_id);  // the merged-away one: the chain is followed up too
  ASSERT_TRUE(erased.has_value()) << erased.error().message;
  EXPECT_EQ(erased->contacts.size(), 2u);
  EXPECT_EQ(erased->closed.size(), 1u);  // the kept contact's open conversation

  for (const ContactId& id : {kept.contact_id, merged.contact_id}) {
    auto subject = stores_.privacy->subject(tenant_, id);
    ASSERT_TRUE(subject.has_value());
    EXPECT_TRUE(subject->erased_at);
    EXPECT_FALSE(subject->contact.name);
    EXPECT_TRUE(subject->identities.empty());
    EXPECT_EQ(subject->open_conversations, 0);
    // Every audited value of theirs is unreadable now; the erasure itself is audited, valueless.
    auto audit = stores_.audit->listAudit(tenant_, "contact", id.value);
    ASSERT_TRUE(audit.has_value());
    ASSERT_FALSE(audit->empty());
    for (const AuditEntry& entry : *audit) {
      EXPECT_FALSE(entry.value) << entry.attribute;
    }
    EXPECT_EQ(audit->back().attribute, "erased");
  }
  // The content of both conversations (the merged one moved over) no longer opens.
  EXPECT_EQ(texts(kept.conversation.id), std::vector<std::string>{""});
  EXPECT_EQ(texts(merged.conversation.id), std::vector<std::string>{""});
  EXPECT_TRUE(find(By::Name, "kept person").empty());
  EXPECT_TRUE(find(By::Identity, "visitor-kept").empty());
  auto verified = stores_.audit->verifyAudit();
  ASSERT_TRUE(verified.has_value());
  EXPECT_FALSE(verified->broken) << *verified->broken;

  // The stored answer is forgotten: the same key now starts afresh.
  auto again_reserved = waitFor<IdempotencyReservation>([&](auto done) {
    stores_.idempotency->reserve(tenant_, "tok_1 POST /messages", "key-1", "hash-1",
                                 std::move(done));
  });
  ASSERT_TRUE(again_reserved.has_value());
  EXPECT_FALSE(again_reserved->done);

  // Nobody else is touched.
  const auto after = reasons();
  ASSERT_TRUE(after.contains(kept.message.id.value)) << "the usage record stays, its reason goes";
  EXPECT_EQ(after.at(kept.message.id.value), "");
  EXPECT_EQ(reasons()[other.message.id.value], "+447700900512 is not a WhatsApp user");
  EXPECT_EQ(texts(other.conversation.id), std::vector<std::string>{R"({"text":"keep me"})"});
  EXPECT_EQ(find(By::Name, "other person"), std::vector{other.contact_id});

  auto again = erase(kept.contact_id);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::Conflict);
}

TEST_F(PrivacyStoreTest, TheSweepRemovesErasedRowsAndKeepsTheirProviderIdsKeyed) {
  const ReceivedMessage first = receive("visitor-gone", "one", "wamid.SECRET-PROVIDER-ID-1");
  receive("visitor-gone", "two", "wamid.SECRET-PROVIDER-ID-2");
  receive("visitor-gone", "three");
  const ReceivedMessage other = receive("visitor-stays", "stays", "wamid.OTHER-ID");
  ASSERT_TRUE(erase(first.contact_id).has_value());
  sweepAll();

  auto subject = stores_.privacy->subject(tenant_, first.contact_id);
  ASSERT_TRUE(subject.has_value());
  EXPECT_EQ(subject->messages, 0);
  EXPECT_EQ(subject->conversations, 1);  // kept for statistics: no personal data in it
  EXPECT_EQ(texts(other.conversation.id), std::vector<std::string>{R"({"text":"stays"})"});

  // A provider's late retry of an erased message is a duplicate: no contact comes back.
  const ReceivedMessage retry = receive("visitor-gone", "one", "wamid.SECRET-PROVIDER-ID-1");
  EXPECT_TRUE(retry.duplicate);
  EXPECT_TRUE(retry.erased);
  EXPECT_TRUE(find(By::Identity, "visitor-gone").empty());
  // A new message from them is a new customer.
  const ReceivedMessage fresh = receive("visitor-gone", "back", "wamid.NEW");
  EXPECT_FALSE(fresh.duplicate);
  EXPECT_NE(fresh.contact_id, first.contact_id);

  // No plaintext of the erased messages' provider ids is left in the file or its log.
  engine_.reset();
  const std::string bytes = databaseBytes();
  EXPECT_EQ(bytes.find("SECRET-PROVIDER-ID"), std::string::npos);
  EXPECT_NE(bytes.find("wamid.OTHER-ID"), std::string::npos);  // the search itself works
}

TEST_F(PrivacyStoreTest, AnonymiseKeepsTheStatisticsAndMakesOldValuesUnreadable) {
  const ReceivedMessage first = receive("visitor-anon", "my address is 1 Main St", "p-1", "Ann");
  receive("visitor-anon", "second", "p-2");
  auto note = waitFor<Note>([&](auto done) {
    stores_.conversations->addNote(Note{.tenant_id = tenant_,
                                        .conversation_id = first.conversation.id,
                                        .author_id = UserId{"usr_agent"},
                                        .text = "lives on Main St"},
                                   std::move(done));
  });
  ASSERT_TRUE(note.has_value());
  const ReceivedMessage other = receive("visitor-other", "untouched", "p-3", "Otto");
  auto before = stores_.privacy->subject(tenant_, first.contact_id);
  ASSERT_TRUE(before.has_value());

  auto done = anonymise(first.contact_id);
  ASSERT_TRUE(done.has_value()) << done.error().message;
  EXPECT_EQ(done->closed.size(), 1u);

  auto after = stores_.privacy->subject(tenant_, first.contact_id);
  ASSERT_TRUE(after.has_value());
  EXPECT_TRUE(after->anonymised_at);
  EXPECT_FALSE(after->erased_at);
  EXPECT_FALSE(after->contact.name);
  EXPECT_TRUE(after->identities.empty());
  EXPECT_EQ(after->conversations, before->conversations);
  EXPECT_EQ(after->messages, before->messages);
  EXPECT_EQ(after->notes, before->notes);
  EXPECT_EQ(texts(first.conversation.id),
            (std::vector<std::string>(2, R"({"text":"Anonymised by DPO"})")));
  auto notes = stores_.conversations->listNotes(tenant_, first.conversation.id);
  ASSERT_TRUE(notes.has_value());
  ASSERT_EQ(notes->size(), 1u);
  EXPECT_EQ((*notes)[0].text, "Anonymised by DPO");
  // The audit trail's copies of the old name and identity no longer open: the old key is gone.
  auto audit = stores_.audit->listAudit(tenant_, "contact", first.contact_id.value);
  ASSERT_TRUE(audit.has_value());
  for (const AuditEntry& entry : *audit) {
    EXPECT_FALSE(entry.value) << entry.attribute;
  }
  EXPECT_EQ(audit->back().attribute, "anonymised");
  EXPECT_TRUE(find(By::Name, "ann").empty());
  // Provider ids (which channels build from the customer's own id) are kept only keyed: a late
  // retry is still a duplicate, and brings nobody back.
  auto messages = stores_.conversations->listMessages(tenant_, first.conversation.id, "", 10);
  ASSERT_TRUE(messages.has_value());
  for (const Message& message : *messages) {
    EXPECT_FALSE(message.provider_message_id);
  }
  const ReceivedMessage retry = receive("visitor-anon", "my address is 1 Main St", "p-1", "Ann");
  EXPECT_TRUE(retry.duplicate);
  EXPECT_TRUE(retry.erased);
  EXPECT_EQ(texts(other.conversation.id), std::vector<std::string>{R"({"text":"untouched"})"});
  EXPECT_EQ(find(By::Name, "otto"), std::vector{other.contact_id});

  // Anonymised, then erased: allowed; erased, then anonymised: not.
  ASSERT_TRUE(erase(first.contact_id).has_value());
  auto late = anonymise(first.contact_id);
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().code, ErrorCode::Conflict);
}

TEST_F(PrivacyStoreTest, AnAnonymisedMergeChainCanBeAnonymisedAgainThenErased) {
  const ReceivedMessage kept = receive("visitor-a", "first", "p-a", "Alma");
  const ReceivedMessage merged = receive("visitor-b", "second", "p-b", "Bea");
  ASSERT_TRUE(waitFor<Conversation>([&](auto done) {
                stores_.conversations->closeConversation(tenant_, merged.conversation.id,
                                                         Actor::system("test"), std::move(done));
              }).has_value());
  ASSERT_TRUE(waitFor<Contact>([&](auto done) {
                stores_.contacts->mergeContacts(tenant_, kept.contact_id, merged.contact_id,
                                                Actor{Actor::Kind::User, "usr_admin"},
                                                std::move(done));
              }).has_value());
  auto first = anonymise(kept.contact_id);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(first->contacts.size(), 2u);
  // The customer wrote again before the second request: that is anonymised too.
  const ReceivedMessage later = receive("visitor-c", "third", "p-c");
  auto second = anonymise(kept.contact_id);
  ASSERT_TRUE(second.has_value()) << second.error().message;
  auto erased = erase(merged.contact_id);
  ASSERT_TRUE(erased.has_value()) << erased.error().message;
  EXPECT_EQ(erased->contacts.size(), 2u);
  (void)later;
}

TEST_F(PrivacyStoreTest, UnknownContactsAreNotFound) {
  EXPECT_EQ(erase(ContactId{"ct_nobody"}).error().code, ErrorCode::NotFound);
  EXPECT_EQ(anonymise(ContactId{"ct_nobody"}).error().code, ErrorCode::NotFound);
  EXPECT_EQ(stores_.privacy->subject(tenant_, ContactId{"ct_nobody"}).error().code,
            ErrorCode::NotFound);
}

TEST_F(PrivacyStoreTest, ContactsOfAnOlderSchemaGetTheirNameWordsAtStartUp) {
  const Contact old = createContact({.name = "Margaret Hamilton"});
  // As before migration 15: no name look-ups, and the task pending.
  auto stripped = waitFor<void>([&](auto done) {
    engine_->database().write<void>(
        [](WriteContext& context) -> Result<void> {
          auto cleared = context.db.exec(
              "DELETE FROM contact_lookup WHERE kind = 'name'; "
              "INSERT INTO pending_data_tasks VALUES ('index-contact-name-words');");
          return cleared;
        },
        std::move(done));
  });
  ASSERT_TRUE(stripped.has_value());
  EXPECT_TRUE(find(By::Name, "hamilton").empty());
  reopen();
  EXPECT_EQ(find(By::Name, "hamilton margaret"), std::vector{old.id});
}

}  // namespace
}  // namespace parley::storage::sqlite
