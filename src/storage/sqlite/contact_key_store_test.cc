// Contacts' keys in their own store (contact_key_store.h): never in the data, destroyed on disk and
// in the log by an erase or an anonymisation, collected after a crash, moved out of older data.

#include <atomic>
#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

#include "storage/sqlite/fields.h"
#include "storage/sqlite/store_test.h"

namespace parley::storage::sqlite {
namespace {

class ContactKeyStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    tenant_ = newTenant("Acme").id;
  }

  ReceivedMessage receive(const std::string& identity, const std::string& text) {
    auto received = waitFor<ReceivedMessage>([&](auto done) {
      stores_.conversations->receive(InboundMessage{.tenant_id = tenant_,
                                                    .channel = "api",
                                                    .identity = identity,
                                                    .contact_name = "Ada Lovelace",
                                                    .content = R"({"text":")" + text + R"("})"},
                                     std::move(done));
    });
    EXPECT_TRUE(received.has_value()) << received.error().message;
    return received.value_or(ReceivedMessage{});
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
  ContactKeyStore& keys() { return engine_->database().contactKeys(); }
  privacy::SecretKey tenantKey() { return engine_->database().tenantKey(tenant_).value(); }

  // The key a contact names in the data (nullopt when none).
  std::optional<std::string> keyIdOf(const ContactId& contact) {
    return engine_->database()
        .read([&](Connection& db) -> Result<std::optional<std::string>> {
          auto query = db.statement("SELECT key_id FROM contacts WHERE tenant_id = ? AND id = ?");
          StatementScope scope(**query);
          scope->bind(1, tenant_.value).bind(2, contact.value);
          EXPECT_TRUE(scope->step());
          return scope->optionalText(0);
        })
        .value();
  }
  // The wrapped key as the key store holds it ("" when it holds none).
  std::string wrappedKey(const std::string& key_id) {
    auto store = Connection::open((dir_ / "parley-keys.db").string(), Connection::Mode::ReadOnly);
    EXPECT_TRUE(store.has_value());
    auto query =
        (*store)->statement("SELECT wrapped_key FROM contact_keys WHERE tenant_id = ? AND id = ?");
    StatementScope scope(**query);
    scope->bind(1, tenant_.value).bind(2, key_id);
    return scope->step() ? scope->blob(0) : "";
  }
  std::string fileBytes(std::initializer_list<const char*> names) {
    std::string bytes;
    for (const char* name : names) {
      std::ifstream file(dir_ / name, std::ios::binary);
      bytes.append(std::istreambuf_iterator<char>(file), {});
    }
    return bytes;
  }
  bool onDisk(const std::string& bytes) {
    return fileBytes({"parley.db", "parley.db-wal", "parley-keys.db", "parley-keys.db-wal"})
               .find(bytes) != std::string::npos;
  }
  // The key store empties its log within a moment of a destroy (on its own thread).
  bool goneFromDiskSoon(const std::string& bytes) {
    for (int i = 0; i < 200 && onDisk(bytes); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return !onDisk(bytes);
  }

  TenantId tenant_;
};

TEST_F(ContactKeyStoreTest, AContactsKeyIsInTheKeyStoreAndNotInTheData) {
  const ReceivedMessage first = receive("ada", "hello");
  const auto key_id = keyIdOf(first.contact_id);
  ASSERT_TRUE(key_id);
  const std::string wrapped = wrappedKey(*key_id);
  ASSERT_FALSE(wrapped.empty());
  reopen();
  EXPECT_NE(fileBytes({"parley-keys.db", "parley-keys.db-wal"}).find(wrapped), std::string::npos);
  EXPECT_EQ(fileBytes({"parley.db", "parley.db-wal"}).find(wrapped), std::string::npos);
  auto contact = stores_.contacts->findContact(tenant_, first.contact_id);
  ASSERT_TRUE(contact.has_value()) << contact.error().message;
  EXPECT_EQ(contact->name, "Ada Lovelace");
  EXPECT_EQ(receive("ada", "again").contact_id, first.contact_id);
}

TEST_F(ContactKeyStoreTest, EraseDestroysTheKeyInTheStoreAndItsLogAndNoOtherKey) {
  const ReceivedMessage erased = receive("ada", "erase me");
  const ReceivedMessage kept = receive("grace", "keep me");
  const std::string erased_key = wrappedKey(keyIdOf(erased.contact_id).value());
  const std::string kept_key = wrappedKey(keyIdOf(kept.contact_id).value());
  ASSERT_FALSE(erased_key.empty());
  ASSERT_TRUE(onDisk(erased_key));

  ASSERT_TRUE(erase(erased.contact_id).has_value());
  EXPECT_FALSE(keyIdOf(erased.contact_id));
  EXPECT_TRUE(goneFromDiskSoon(erased_key)) << "a copy of the erased key is left in a file";
  EXPECT_EQ(wrappedKey(keyIdOf(kept.contact_id).value()), kept_key);
  auto other = stores_.contacts->findContact(tenant_, kept.contact_id);
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->name, "Ada Lovelace");
}

TEST_F(ContactKeyStoreTest, AnonymiseGivesTheContactANewKeyAndDestroysTheOldOne) {
  const ReceivedMessage first = receive("ada", "anonymise me");
  const std::string old_id = keyIdOf(first.contact_id).value();
  const std::string old_key = wrappedKey(old_id);
  ASSERT_FALSE(old_key.empty());
  ASSERT_TRUE(onDisk(old_key));
  ASSERT_TRUE(anonymise(first.contact_id).has_value());
  const auto new_id = keyIdOf(first.contact_id);
  ASSERT_TRUE(new_id);
  EXPECT_NE(*new_id, old_id);
  EXPECT_FALSE(wrappedKey(*new_id).empty());
  EXPECT_TRUE(goneFromDiskSoon(old_key));
  auto messages = stores_.conversations->listMessages(tenant_, first.conversation.id, "", 10);
  ASSERT_TRUE(messages.has_value()) << messages.error().message;
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_NE(messages->front().content.find("Anonymised"), std::string::npos)
      << messages->front().content;
}

TEST_F(ContactKeyStoreTest, RotationRewrapsTheTenantsContactKeysAndNoOtherTenants) {
  const ReceivedMessage ada = receive("ada", "before the rotation");
  const std::string ada_key_id = keyIdOf(ada.contact_id).value();
  const std::string ada_before = wrappedKey(ada_key_id);
  const TenantId acme = tenant_;
  const TenantId globex = newTenant("Globex").id;
  tenant_ = globex;  // the helpers act on tenant_
  const ReceivedMessage grace = receive("grace", "another tenant's");
  const std::string grace_key_id = keyIdOf(grace.contact_id).value();
  const std::string grace_before = wrappedKey(grace_key_id);
  tenant_ = acme;

  auto rotated = keys().rotateWrappingKey(tenant_, tenantKey());
  ASSERT_TRUE(rotated.has_value()) << rotated.error().message;
  EXPECT_GE(*rotated, 1u);  // Ada's, and the keys made ahead for Acme's next customers
  const std::string ada_after = wrappedKey(ada_key_id);
  ASSERT_FALSE(ada_after.empty());
  EXPECT_NE(ada_after, ada_before);
  // No longer under the tenant key itself, and the old wrapping leaves the files.
  const privacy::Keyring& keyring = engine_->database().keyring();
  EXPECT_FALSE(keyring.contactKey(tenantKey(), tenant_, ContactKeyId{ada_key_id}, ada_after));
  EXPECT_TRUE(keyring.contactKey(tenantKey(), tenant_, ContactKeyId{ada_key_id}, ada_before));
  EXPECT_TRUE(goneFromDiskSoon(ada_before)) << "the key wrapped the old way is left in a file";
  tenant_ = globex;
  EXPECT_EQ(wrappedKey(grace_key_id), grace_before);
  tenant_ = acme;

  // The same contact key under the new wrapping: the data opens as before, without a rewrite,
  // and new customers' keys are wrapped the new way; again after a second rotation and a restart.
  const ReceivedMessage linus = receive("linus", "after the rotation");
  ASSERT_TRUE(keys().rotateWrappingKey(tenant_, tenantKey()).has_value());
  reopen();
  for (const ContactId& contact : {ada.contact_id, linus.contact_id}) {
    auto found = stores_.contacts->findContact(tenant_, contact);
    ASSERT_TRUE(found.has_value()) << found.error().message;
    EXPECT_EQ(found->name, "Ada Lovelace");
  }
  auto messages = stores_.conversations->listMessages(tenant_, ada.conversation.id, "", 10);
  ASSERT_TRUE(messages.has_value()) << messages.error().message;
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_NE(messages->front().content.find("before the rotation"), std::string::npos);
  auto other = stores_.contacts->findContact(globex, grace.contact_id);
  ASSERT_TRUE(other.has_value()) << other.error().message;

  // Erasing a contact after a rotation still destroys its key.
  ASSERT_TRUE(erase(ada.contact_id).has_value());
  EXPECT_TRUE(wrappedKey(ada_key_id).empty());
}

TEST_F(ContactKeyStoreTest, KeysReadWhileRotationsCommitAlwaysOpenAndGoWithTheirTenant) {
  std::vector<ContactKeyId> ids;
  std::vector<privacy::SecretKey> expected;
  for (int index = 0; index < 1100; ++index) {  // more than a rotation's batch (512) twice
    auto made = keys().newContactKey(tenant_, tenantKey());
    ASSERT_TRUE(made.has_value()) << made.error().message;
    ids.push_back(made->id);
    expected.push_back(made->key);
  }
  std::atomic<bool> rotating = true;
  std::atomic<int> reads = 0;
  std::atomic<int> failures = 0;
  std::thread reader([&] {
    while (rotating || reads < 100) {
      const size_t index = static_cast<size_t>(reads++) % ids.size();
      auto key = keys().key(tenant_, tenantKey(), ids[index]);
      if (!key || !*key || (*key)->view() != expected[index].view()) {
        ++failures;
      }
    }
  });
  // New customers' keys are made meanwhile too: each must open after every rotation.
  std::vector<std::pair<ContactKeyId, privacy::SecretKey>> made_meanwhile;
  std::thread maker([&] {
    while (rotating) {
      auto made = keys().newKeyFor(tenant_, tenantKey(), privacy::newId<ContactTag>());
      if (made) {
        made_meanwhile.emplace_back(made->id, made->key);
      } else {
        ++failures;
      }
    }
  });
  for (int rotation = 0; rotation < 4; ++rotation) {
    auto rotated = keys().rotateWrappingKey(tenant_, tenantKey());
    ASSERT_TRUE(rotated.has_value()) << rotated.error().message;
    EXPECT_GE(*rotated, ids.size());
  }
  rotating = false;
  reader.join();
  maker.join();
  EXPECT_EQ(failures, 0) << "of " << reads << " reads";
  EXPECT_FALSE(made_meanwhile.empty());
  for (const auto& [id, expected_key] : made_meanwhile) {
    auto key = keys().key(tenant_, tenantKey(), id);
    ASSERT_TRUE(key.has_value() && key->has_value()) << id.value;
    EXPECT_EQ((*key)->view(), expected_key.view());
  }
  // One wrapping key is left: the older ones wrap nothing and went.
  {
    auto store = Connection::open((dir_ / "parley-keys.db").string(), Connection::Mode::ReadOnly);
    ASSERT_TRUE(store.has_value());
    auto count = (*store)->statement(
        "SELECT count(*), (SELECT count(DISTINCT wrapping_id) FROM contact_keys WHERE tenant_id = "
        "?1) FROM contact_wrapping_keys WHERE tenant_id = ?1");
    ASSERT_TRUE(count.has_value());
    StatementScope scope(**count);
    scope->bind(1, tenant_.value);
    ASSERT_TRUE(scope->step());
    EXPECT_EQ(scope->integer(0), 1);
    EXPECT_EQ(scope->integer(1), 1);
  }

  // Destroying the tenant takes its wrapping key with its contact keys.
  ASSERT_TRUE(keys().destroyTenant(tenant_).has_value());
  auto store = Connection::open((dir_ / "parley-keys.db").string(), Connection::Mode::ReadOnly);
  ASSERT_TRUE(store.has_value());
  auto left = (*store)->statement(
      "SELECT (SELECT count(*) FROM contact_keys WHERE tenant_id = ?1) + "
      "(SELECT count(*) FROM contact_wrapping_keys WHERE tenant_id = ?1)");
  ASSERT_TRUE(left.has_value());
  StatementScope scope(**left);
  scope->bind(1, tenant_.value);
  ASSERT_TRUE(scope->step());
  EXPECT_EQ(scope->integer(0), 0);
}

TEST_F(ContactKeyStoreTest, TheStartDestroysKeysNoContactUsesAndKeepsTheOthers) {
  const ReceivedMessage first = receive("ada", "hello");
  // A key taken for a new contact whose write never committed (a crash in between).
  auto orphan = keys().newContactKey(tenant_, tenantKey());
  ASSERT_TRUE(orphan.has_value());
  // Not while the process that made it runs (a second server must not take a running one's keys).
  auto early = engine_->database().collectUnusedContactKeys(false);
  ASSERT_TRUE(early.has_value()) << early.error().message;
  EXPECT_EQ(early->unused_keys, 0u);
  EXPECT_FALSE(wrappedKey(orphan->id.value).empty());
  clock_.advance(std::chrono::seconds(1));
  reopen();
  auto collected = engine_->database().collectUnusedContactKeys(false);
  ASSERT_TRUE(collected.has_value()) << collected.error().message;
  EXPECT_GE(collected->unused_keys, 1u);  // and the rest of its batch, made ahead
  EXPECT_EQ(collected->keyless_contacts, 0u);
  EXPECT_EQ(wrappedKey(orphan->id.value), "");
  auto contact = stores_.contacts->findContact(tenant_, first.contact_id);
  ASSERT_TRUE(contact.has_value());
  EXPECT_EQ(contact->name, "Ada Lovelace");
  // New contacts still get keys on disk.
  const ReceivedMessage second = receive("grace", "hello");
  EXPECT_FALSE(wrappedKey(keyIdOf(second.contact_id).value()).empty());
}

TEST_F(ContactKeyStoreTest, AContactWhoseKeyIsMissingStopsTheStartUnlessItsLossIsAccepted) {
  const ReceivedMessage lost = receive("ada", "hello");
  const ReceivedMessage kept = receive("grace", "hello");
  ASSERT_TRUE(keys().destroy(tenant_, {ContactKeyId{keyIdOf(lost.contact_id).value()}}));
  auto refused = engine_->database().collectUnusedContactKeys(false);
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().message.find("1 contacts name keys"), std::string::npos)
      << refused.error().message;
  EXPECT_TRUE(keyIdOf(lost.contact_id)) << "nothing is marked without the operator's word";
  auto collected = engine_->database().collectUnusedContactKeys(true);
  ASSERT_TRUE(collected.has_value()) << collected.error().message;
  EXPECT_EQ(collected->keyless_contacts, 1u);
  auto subject = stores_.privacy->subject(tenant_, lost.contact_id);
  ASSERT_TRUE(subject.has_value());
  EXPECT_TRUE(subject->erased_at);
  EXPECT_TRUE(subject->identities.empty()) << "left as an erase leaves a contact";
  auto kept_subject = stores_.privacy->subject(tenant_, kept.contact_id);
  ASSERT_TRUE(kept_subject.has_value());
  EXPECT_EQ(kept_subject->identities.size(), 1u);
  EXPECT_NE(receive("ada", "me again").contact_id, lost.contact_id);
  EXPECT_EQ(receive("grace", "me again").contact_id, kept.contact_id);
}

TEST_F(ContactKeyStoreTest, TheDataDoesNotOpenWithoutItsKeyStore) {
  receive("ada", "hello");
  engine_.reset();
  for (const char* name : {"parley-keys.db", "parley-keys.db-wal", "parley-keys.db-shm"}) {
    std::filesystem::remove(dir_ / name);
  }
  auto opened = SqliteStores::open((dir_ / "parley.db").string(), *keyring_, clock_);
  ASSERT_FALSE(opened.has_value());
  EXPECT_NE(opened.error().message.find("parley-keys.db is missing"), std::string::npos)
      << opened.error().message;
}

TEST_F(ContactKeyStoreTest, TheDataDoesNotOpenWithAnEmptyKeyStore) {
  receive("ada", "hello");
  engine_.reset();
  for (const char* name : {"parley-keys.db", "parley-keys.db-wal", "parley-keys.db-shm"}) {
    std::filesystem::remove(dir_ / name);
  }
  std::ofstream(dir_ / "parley-keys.db").close();  // an empty file: an empty database
  auto opened = SqliteStores::open((dir_ / "parley.db").string(), *keyring_, clock_);
  ASSERT_FALSE(opened.has_value());
  EXPECT_NE(opened.error().message.find("holds no key"), std::string::npos)
      << opened.error().message;
}

TEST_F(ContactKeyStoreTest, KeysOfOlderDataMoveToTheKeyStoreAndLeaveNoCopy) {
  const ReceivedMessage first = receive("ada", "hello");
  // As before migration 18: the contact's key wrapped in its row, bound to the contact's id.
  const auto old_key =
      keyring_->newContactKey(tenantKey(), tenant_, ContactKeyId{first.contact_id.value});
  const std::string name_sealed =
      sealField(old_key.key, tenant_, "contact", first.contact_id.value, "name", "Ada Byron");
  auto aged = waitFor<void>([&](auto done) {
    engine_->database().write<void>(
        [&](WriteContext& context) -> Result<void> {
          auto added = context.db.exec(
              "ALTER TABLE contacts ADD COLUMN wrapped_key BLOB; "
              "DROP TABLE report_counts; DROP INDEX conversations_by_creation; "  // 19, 20
              "DROP TABLE second_factors; DROP TABLE recovery_codes; "            // 21
              "DROP TABLE security_policies; "
              "ALTER TABLE api_tokens DROP COLUMN scopes; "  // 22
              "ALTER TABLE api_tokens DROP COLUMN expires_at; "
              "ALTER TABLE users DROP COLUMN deactivated_at; "  // 23
              "ALTER TABLE users DROP COLUMN deleted_at; "
              "DROP INDEX api_tokens_by_creator; "  // 26
              "ALTER TABLE api_tokens DROP COLUMN created_by; "
              "DELETE FROM schema_migrations WHERE version >= 18;");
          if (!added) {
            return added;
          }
          auto update = context.db.statement(
              "UPDATE contacts SET wrapped_key = ?, name_enc = ? WHERE tenant_id = ? AND id = ?");
          StatementScope scope(**update);
          scope->bindBlob(1, old_key.wrapped)
              .bindBlob(2, name_sealed)
              .bind(3, tenant_.value)
              .bind(4, first.contact_id.value);
          if (auto updated = scope->run(); !updated) {
            return updated;
          }
          return context.db.exec("ALTER TABLE contacts DROP COLUMN key_id");
        },
        std::move(done));
  });
  ASSERT_TRUE(aged.has_value()) << aged.error().message;
  engine_.reset();
  for (const char* name : {"parley-keys.db", "parley-keys.db-wal", "parley-keys.db-shm"}) {
    std::filesystem::remove(dir_ / name);
  }
  reopen();
  EXPECT_EQ(keyIdOf(first.contact_id), first.contact_id.value);
  EXPECT_EQ(wrappedKey(first.contact_id.value), old_key.wrapped);
  EXPECT_EQ(fileBytes({"parley.db", "parley.db-wal"}).find(old_key.wrapped), std::string::npos);
  auto contact = stores_.contacts->findContact(tenant_, first.contact_id);
  ASSERT_TRUE(contact.has_value()) << contact.error().message;
  EXPECT_EQ(contact->name, "Ada Byron");
  EXPECT_EQ(receive("ada", "again").contact_id, first.contact_id);
}

}  // namespace
}  // namespace parley::storage::sqlite
