// Contacts imports against the real store: the preview says what the import then does, rows
// about one customer make one contact, matches go through the blind indexes, every field is
// audited as the importer, and running the file again changes nothing.
#include "contacts/contact_imports.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "storage/sqlite/store_test.h"

namespace parley::contacts {
namespace {

using storage::waitFor;
using Action = storage::ContactChangeOutcome::Action;

const Actor kImporter{Actor::Kind::User, "usr_importer"};
const std::vector<ImportChannel> kChannels = {{"api", "API"}};

class ContactImportsTest : public storage::sqlite::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    tenant_ = newTenant("Acme").id;
    auto saved = waitFor<storage::PrivacySettings>([&](auto done) {
      stores_.privacy->savePrivacySettings({.tenant_id = tenant_, .phone_region = "GB"},
                                           Actor::system("test"), std::move(done));
    });
    ASSERT_TRUE(saved);
    imports_ = std::make_unique<ContactImports>(*stores_.contacts, *stores_.privacy, clock_);
  }
  void TearDown() override {
    imports_.reset();
    StoreTest::TearDown();
  }
  Contact create(Contact contact) {
    contact.tenant_id = tenant_;
    auto created = waitFor<Contact>([&](auto done) {
      stores_.contacts->createContact(contact, Actor::system("test"), std::move(done));
    });
    EXPECT_TRUE(created) << created.error().message;
    return created.value_or(Contact{});
  }
  ImportFile file(std::string_view text) {
    auto read = readImportFile(text, kChannels);
    EXPECT_TRUE(read) << read.error().message;
    return read.value_or(ImportFile{});
  }
  ImportProgress runToEnd(ImportFile imported) {
    auto started = imports_->start(tenant_, std::move(imported), kImporter);
    EXPECT_TRUE(started) << started.error().message;
    for (int i = 0; i < 500; ++i) {
      auto progress = imports_->find(tenant_, started->id);
      if (progress && progress->state != ImportProgress::State::Queued &&
          progress->state != ImportProgress::State::Running) {
        return *progress;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "the import never finished";
    return {};
  }
  std::vector<Contact> byEmail(std::string_view email) {
    auto found = stores_.contacts->findContacts(tenant_, storage::ContactKey::Email, email);
    EXPECT_TRUE(found);
    return found.value_or(std::vector<Contact>{});
  }

  TenantId tenant_;
  std::unique_ptr<ContactImports> imports_;
};

constexpr std::string_view kFile =
    "name,email,phone,plan,identity.api\n"
    "Ada Lovelace,ada@example.com,,gold,ext-ada\n"  // new
    "Grace Hopper,,+44 7911 123456,silver,\n"       // Grace's phone, another form
    "Ada L.,ADA@example.com,,platinum,\n"           // Ada again, in the same file
    "Broken,ada@,,,\n"                              // a cell it cannot take
    "Mixed,grace@example.com,+44 20 7946 0000,,\n"  // two contacts' email and phone
    "Ada Lovelace,,,,ext-ada\n";                    // Ada, by her identity

TEST_F(ContactImportsTest, ThePreviewSaysWhatTheImportDoesAndWritesNothing) {
  const Contact grace = create({.name = "Grace", .phone = "07911 123456"});
  const Contact other = create({.email = "grace@example.com"});
  create({.phone = "+44 20 7946 0000"});

  auto preview = imports_->preview(tenant_, file(kFile));
  ASSERT_TRUE(preview) << preview.error().message;
  EXPECT_EQ(preview->counts.rows, 6u);
  EXPECT_EQ(preview->counts.created, 1u);
  EXPECT_EQ(preview->counts.updated, 3u) << "Grace's name and plan; Ada's second and third rows";
  EXPECT_EQ(preview->counts.failed, 2u);
  ASSERT_EQ(preview->errors.size(), 2u);
  EXPECT_EQ(preview->errors[0].line, 5u);
  EXPECT_EQ(preview->errors[0].outcome.error, "email \"ada@\" is not an address");
  EXPECT_EQ(preview->errors[1].line, 6u);
  EXPECT_EQ(preview->errors[1].outcome.error,
            "the email and the phone belong to two different contacts: give the contact's id");
  ASSERT_GE(preview->sample.size(), 3u);
  EXPECT_EQ(preview->sample[1].outcome.contact, grace.id);
  EXPECT_EQ(preview->sample[1].outcome.changed,
            (std::vector<std::string>{"name", "attributes.plan"}));
  EXPECT_EQ(preview->sample[2].same_as_line, 2u);
  EXPECT_TRUE(byEmail("ada@example.com").empty()) << "a preview writes nothing";

  const ImportProgress done = runToEnd(file(kFile));
  EXPECT_EQ(done.state, ImportProgress::State::Done) << done.failure;
  EXPECT_EQ(done.counts.processed, 6u);
  EXPECT_EQ(done.counts.created, preview->counts.created);
  EXPECT_EQ(done.counts.updated, preview->counts.updated);
  EXPECT_EQ(done.counts.failed, preview->counts.failed);
  ASSERT_EQ(done.errors.size(), 2u);
  EXPECT_EQ(done.errors[1].line, 6u);

  const auto ada = byEmail("ada@example.com");
  ASSERT_EQ(ada.size(), 1u) << "rows about one customer make one contact";
  EXPECT_EQ(ada[0].name, "Ada Lovelace") << "the last row about her, matched by identity";
  EXPECT_EQ(ada[0].attributes.at("plan"), "platinum");
  auto by_identity = stores_.conversations->findContactByIdentity(tenant_, "api", "ext-ada");
  ASSERT_TRUE(by_identity) << by_identity.error().message;
  EXPECT_EQ(*by_identity, ada[0].id);

  auto grace_now = stores_.contacts->findContact(tenant_, grace.id);
  ASSERT_TRUE(grace_now);
  EXPECT_EQ(grace_now->name, "Grace Hopper");
  EXPECT_EQ(grace_now->phone, "07911 123456") << "the same number in another form is no change";
  EXPECT_EQ(grace_now->attributes.at("plan"), "silver");
  auto other_now = stores_.contacts->findContact(tenant_, other.id);
  ASSERT_TRUE(other_now);
  EXPECT_EQ(other_now->name, std::nullopt) << "a failed row touches nothing";

  // Audited as the importer, field by field.
  auto audit = stores_.audit->listAudit(tenant_, "contact", grace.id.value);
  ASSERT_TRUE(audit);
  std::vector<std::string> by_importer;
  for (const AuditEntry& entry : *audit) {
    if (entry.actor.id == kImporter.id) {
      by_importer.push_back(entry.attribute + "=" + entry.value.value_or("?"));
    }
  }
  EXPECT_EQ(by_importer, (std::vector<std::string>{"name=Grace Hopper", "attributes.plan=silver"}));
  auto verified = stores_.audit->verifyAudit();
  ASSERT_TRUE(verified);
  EXPECT_FALSE(verified->broken) << *verified->broken;

  // Again: what was imported stays as it is.
  const ImportProgress again = runToEnd(file(kFile));
  EXPECT_EQ(again.counts.created, 0u);
  EXPECT_EQ(again.counts.unchanged, 1u) << "Grace";
  EXPECT_EQ(again.counts.updated, 3u) << "Ada's three rows still disagree with one another";
  EXPECT_EQ(again.counts.failed, 2u);
}

TEST_F(ContactImportsTest, AnIdChangesThatContactAndAnUnknownIdFailsTheRow) {
  const Contact ada = create({.name = "Ada", .email = "ada@example.com"});
  const ImportProgress done = runToEnd(file("id,name,email\n" + ada.id.value +
                                            ",Ada King,ada.king@example.com\n"
                                            "con_missing,Nobody,\n"));
  EXPECT_EQ(done.counts.updated, 1u);
  ASSERT_EQ(done.errors.size(), 1u);
  EXPECT_EQ(done.errors[0].outcome.error, "no contact has the id con_missing (or it was erased)");
  EXPECT_TRUE(byEmail("ada@example.com").empty()) << "the old email's look-up is gone";
  const auto found = byEmail("ada.king@example.com");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, ada.id);
  EXPECT_EQ(found[0].name, "Ada King");
}

TEST_F(ContactImportsTest, OneImportAtATimePerTenant) {
  std::string big = "name\n";
  for (int i = 0; i < 3000; ++i) {
    big += "Customer " + std::to_string(i) + "\n";
  }
  auto first = imports_->start(tenant_, file(big), kImporter);
  ASSERT_TRUE(first);
  // Fifteen batches of writes cannot be over before the next call.
  auto second = imports_->start(tenant_, file("name\nX\n"), kImporter);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::Conflict);
  EXPECT_EQ(imports_->list(tenant_).front().id, first->id);
  EXPECT_FALSE(imports_->find(TenantId{"ten_other"}, first->id)) << "another tenant's is unknown";
}

TEST_F(ContactImportsTest, TheExportListsEveryContactWithItsIdentitiesAndLeavesErasedOnesOut) {
  runToEnd(
      file("name,email,identity.api\nAda,ada@example.com,\"ext-1\next-2\"\nGrace,,g-1\n"
           "Erased,erased@example.com,e-1\n"));
  const auto erased = byEmail("erased@example.com");
  ASSERT_EQ(erased.size(), 1u);
  auto gone = waitFor<storage::SubjectActionResult>([&](auto done) {
    stores_.privacy->eraseSubject(tenant_, erased[0].id, Actor::system("test"), std::move(done));
  });
  ASSERT_TRUE(gone) << gone.error().message;
  auto listed = stores_.contacts->listContacts(tenant_, ContactId{}, 10);
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->size(), 2u);
  size_t identities = 0;
  for (const storage::ContactRecord& record : *listed) {
    identities += record.identities.size();
  }
  EXPECT_EQ(identities, 3u);
  auto page = stores_.contacts->listContacts(tenant_, (*listed)[0].contact.id, 10);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].contact.id, (*listed)[1].contact.id);
}

TEST_F(ContactImportsTest, TwoRowsReachingOneContactByDifferentKeysAreAppliedOneAfterTheOther) {
  const Contact grace =
      create({.name = "Grace", .email = "grace@example.com", .phone = "07911 123456"});
  // Nothing in the file ties the rows together: storage finds both are Grace, and defers one.
  const ImportProgress done =
      runToEnd(file("email,phone,plan,tier\ngrace@example.com,,gold,\n,+44 7911 123456,,2\n"));
  EXPECT_EQ(done.state, ImportProgress::State::Done) << done.failure;
  EXPECT_EQ(done.counts.updated, 2u);
  EXPECT_EQ(done.counts.failed, 0u);
  auto now = stores_.contacts->findContact(tenant_, grace.id);
  ASSERT_TRUE(now);
  EXPECT_EQ(now->attributes, (std::map<std::string, std::string>{{"plan", "gold"}, {"tier", "2"}}))
      << "neither change overwrote the other";
}

TEST_F(ContactImportsTest, ARowNamingAMergedAwayContactFailsAndTouchesNeither) {
  const Contact kept = create({.name = "Kept", .email = "kept@example.com"});
  const Contact gone = create({.name = "Merged away", .email = "gone@example.com"});
  auto merged = waitFor<Contact>([&](auto done) {
    stores_.contacts->mergeContacts(tenant_, kept.id, gone.id, Actor::system("test"),
                                    std::move(done));
  });
  ASSERT_TRUE(merged) << merged.error().message;
  const ImportProgress done = runToEnd(file("id,name\n" + gone.id.value + ",Old name\n"));
  ASSERT_EQ(done.errors.size(), 1u);
  EXPECT_EQ(done.errors[0].outcome.error,
            "contact " + gone.id.value + " was merged into " + kept.id.value + ": change that one");
  auto now = stores_.contacts->findContact(tenant_, kept.id);
  ASSERT_TRUE(now);
  EXPECT_EQ(now->name, "Kept");
  auto listed = stores_.contacts->listContacts(tenant_, ContactId{}, 10);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u) << "an export lists the kept contact only";
  EXPECT_EQ((*listed)[0].contact.id, kept.id);
}

}  // namespace
}  // namespace parley::contacts
