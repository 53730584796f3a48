// Tenant deletion (P4) against the real store: a deleted tenant is locked out at once (no sign-in
// look-up, no token, no channel found by a webhook, no key), can be restored within the grace
// period, and is destroyed after it (its key, then its rows, in small batches), while another
// tenant is left exactly as it was and every audit chain still verifies.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "storage/privacy_store.h"
#include "storage/sqlite/store_test.h"

namespace parley::storage::sqlite {
namespace {

class TenantDeletionTest : public StoreTest {
 protected:
  struct Seeded {
    TenantId tenant;
    std::string email;
    std::string token_hash;
    ReceivedMessage received;
  };
  Seeded seed(const std::string& name) {
    Seeded seeded{.tenant = newTenant(name).id, .email = name + "@example.test"};
    auto user = waitFor<User>([&](auto done) {
      stores_.users->createUser(NewUser{.tenant_id = seeded.tenant,
                                        .email = seeded.email,
                                        .display_name = "Admin " + name,
                                        .role = Role::Admin,
                                        .password_hash = "x"},
                                Actor::system("test"), std::move(done));
    });
    EXPECT_TRUE(user.has_value()) << user.error().message;
    seeded.token_hash = "hash-of-" + name;
    auto token = waitFor<ApiToken>([&](auto done) {
      stores_.tokens->createToken(ApiToken{.tenant_id = seeded.tenant,
                                           .id = privacy::newId<TokenTag>(),
                                           .name = "integration",
                                           .created_at = clock_.now()},
                                  seeded.token_hash, Actor::system("test"), std::move(done));
    });
    EXPECT_TRUE(token.has_value()) << token.error().message;
    auto received = waitFor<ReceivedMessage>([&](auto done) {
      stores_.conversations->receive(InboundMessage{.tenant_id = seeded.tenant,
                                                    .channel = "api",
                                                    .identity = "customer-of-" + name,
                                                    .content = R"({"text":"hello"})"},
                                     std::move(done));
    });
    EXPECT_TRUE(received.has_value()) << received.error().message;
    seeded.received = received.value_or(ReceivedMessage{});
    return seeded;
  }
  Result<Tenant> remove(const TenantId& tenant) {
    return waitFor<Tenant>([&](auto done) {
      stores_.tenants->deleteTenant(tenant, Actor::system("operator"), std::move(done));
    });
  }
  Result<Tenant> restore(const TenantId& tenant) {
    return waitFor<Tenant>([&](auto done) {
      stores_.tenants->undeleteTenant(tenant, Actor::system("operator"), std::move(done));
    });
  }
  RetentionWork applyAll() {
    RetentionWork total;
    for (int i = 0; i < 200; ++i) {
      auto work = waitFor<RetentionWork>(
          [&](auto done) { stores_.privacy->applyRetention(clock_.now(), 5, std::move(done)); });
      EXPECT_TRUE(work.has_value()) << work.error().message;
      if (!work || work->rows == 0) {
        return total;
      }
      total.tenants_destroyed += work->tenants_destroyed;
    }
    ADD_FAILURE() << "never caught up";
    return total;
  }
  int64_t rowsOf(const TenantId& tenant) {
    auto reader = Connection::open((dir_ / "parley.db").string(), Connection::Mode::ReadOnly);
    EXPECT_TRUE(reader.has_value());
    int64_t rows = 0;
    for (const char* table : {"users", "api_tokens", "contacts", "contact_lookup",
                              "contact_identities", "conversations", "messages"}) {
      auto count = (*reader)->statement(
          (std::string("SELECT count(*) FROM ") + table + " WHERE tenant_id = ?").c_str());
      EXPECT_TRUE(count.has_value());
      StatementScope scope(**count);
      scope->bind(1, tenant.value);
      EXPECT_TRUE(scope->step());
      rows += scope->integer(0);
    }
    return rows;
  }
};

TEST_F(TenantDeletionTest, ADeletedTenantIsLockedOutAtOnceAndCanBeRestoredWithinTheGrace) {
  const Seeded acme = seed("acme");
  const Seeded other = seed("other");

  auto deleted = remove(acme.tenant);
  ASSERT_TRUE(deleted.has_value()) << deleted.error().message;
  EXPECT_TRUE(deleted->deleted_at);
  EXPECT_EQ(remove(acme.tenant).error().code, ErrorCode::Conflict);

  EXPECT_TRUE(stores_.users->findUsersByEmail(acme.email)->empty());
  EXPECT_EQ(stores_.tokens->findTokenBySecretHash(acme.token_hash).error().code,
            ErrorCode::NotFound);
  EXPECT_EQ(stores_.tenants->findTenant(acme.tenant).error().code, ErrorCode::NotFound);
  auto unreadable =
      stores_.conversations->listMessages(acme.tenant, acme.received.conversation.id, "", 10);
  ASSERT_TRUE(unreadable.has_value());
  ASSERT_EQ(unreadable->size(), 1u);
  EXPECT_EQ(unreadable->at(0).content.find("hello"), std::string::npos)
      << "its data no longer opens";
  auto listed = stores_.tenants->listTenants();
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, other.tenant);
  auto all = stores_.tenants->listAllTenants();
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->size(), 2u);
  // The other tenant does not notice.
  EXPECT_EQ(stores_.users->findUsersByEmail(other.email)->size(), 1u);
  EXPECT_TRUE(stores_.tokens->findTokenBySecretHash(other.token_hash).has_value());

  clock_.advance(std::chrono::hours(24 * 29));
  EXPECT_EQ(applyAll().tenants_destroyed, 0u) << "still within the grace period";
  auto restored = restore(acme.tenant);
  ASSERT_TRUE(restored.has_value()) << restored.error().message;
  EXPECT_FALSE(restored->deleted_at);
  EXPECT_EQ(stores_.users->findUsersByEmail(acme.email)->size(), 1u);
  auto messages =
      stores_.conversations->listMessages(acme.tenant, acme.received.conversation.id, "", 10);
  ASSERT_TRUE(messages.has_value());
  EXPECT_EQ(messages->at(0).content, R"({"text":"hello"})");
  EXPECT_EQ(restore(acme.tenant).error().code, ErrorCode::Conflict);
}

TEST_F(TenantDeletionTest, AfterTheGraceItsKeyIsDestroyedAndItsRowsGoInBatches) {
  const Seeded acme = seed("acme");
  const Seeded other = seed("other");
  const int64_t other_rows = rowsOf(other.tenant);
  // Keys of a tenant (all of them, or those made for one contact: keys made ahead come and go).
  const auto keysOf = [&](const TenantId& tenant, const std::string& contact = "") {
    auto store = Connection::open((dir_ / "parley-keys.db").string(), Connection::Mode::ReadOnly);
    EXPECT_TRUE(store.has_value());
    auto count = (*store)->statement(
        "SELECT count(*) FROM contact_keys WHERE tenant_id = ?1 AND (?2 = '' OR contact_id = ?2)");
    StatementScope scope(**count);
    scope->bind(1, tenant.value).bind(2, contact);
    return scope->step() ? scope->integer(0) : -1;
  };
  const std::string other_contact = other.received.contact_id.value;
  ASSERT_EQ(keysOf(other.tenant, other_contact), 1);
  ASSERT_GT(keysOf(acme.tenant), 0);
  const auto media_dir = dir_ / "media" / acme.tenant.value;
  std::filesystem::create_directories(media_dir);
  ASSERT_TRUE(remove(acme.tenant).has_value());

  clock_.advance(std::chrono::hours(24 * 31));
  EXPECT_EQ(applyAll().tenants_destroyed, 1u);
  EXPECT_EQ(rowsOf(acme.tenant), 0);
  EXPECT_EQ(rowsOf(other.tenant), other_rows);
  EXPECT_EQ(keysOf(acme.tenant), 0) << "its contacts' keys are destroyed with it";
  EXPECT_EQ(keysOf(other.tenant, other_contact), 1);
  EXPECT_FALSE(std::filesystem::exists(media_dir));
  auto all = stores_.tenants->listAllTenants();
  ASSERT_TRUE(all.has_value());
  const auto tombstone = std::ranges::find(*all, acme.tenant, &Tenant::id);
  ASSERT_NE(tombstone, all->end());
  EXPECT_TRUE(tombstone->destroyed_at);
  EXPECT_EQ(restore(acme.tenant).error().code, ErrorCode::Conflict);
  // Its audit chain stays (values unreadable), ending with who deleted it and its destruction.
  auto reader = Connection::open((dir_ / "parley.db").string(), Connection::Mode::ReadOnly);
  ASSERT_TRUE(reader.has_value());
  auto last = (*reader)->statement(
      "SELECT group_concat(attribute || ':' || actor_id, ' ') FROM (SELECT attribute, actor_id "
      "FROM audit_log WHERE tenant_id = ? AND entity = 'tenant' ORDER BY seq)");
  ASSERT_TRUE(last.has_value());
  {
    StatementScope scope(**last);
    scope->bind(1, acme.tenant.value);
    ASSERT_TRUE(scope->step());
    EXPECT_EQ(scope->text(0), "deleted:operator destroyed:retention");
  }
  auto verification = stores_.audit->verifyAudit();
  ASSERT_TRUE(verification.has_value());
  EXPECT_FALSE(verification->broken) << *verification->broken;
  // Nothing of it comes back after a restart.
  reopen();
  EXPECT_TRUE(stores_.users->findUsersByEmail(acme.email)->empty());
  EXPECT_EQ(stores_.users->findUsersByEmail(other.email)->size(), 1u);
}

}  // namespace
}  // namespace parley::storage::sqlite
