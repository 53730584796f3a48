#include "storage/sqlite/sqlite_stores.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

#include "storage/sqlite/node_keys.h"
#include "storage/sqlite/store_test.h"
#include "storage/wait.h"

namespace parley::storage::sqlite {
namespace {

class SqliteStoresTest : public StoreTest {
 protected:
  Tenant tenant(const std::string& name) { return newTenant(name); }
  Result<User> user(const TenantId& tenant, const std::string& email) {
    return waitFor<User>([&](auto done) {
      stores_.users->createUser(NewUser{tenant, email, "Name of " + email, Role::Agent, "hash"},
                                Actor::system("test"), std::move(done));
    });
  }
  Result<Contact> contact(const TenantId& tenant, Contact contact) {
    contact.tenant_id = tenant;
    return waitFor<Contact>([&](auto done) {
      stores_.contacts->createContact(contact, Actor{Actor::Kind::User, "usr_x"}, std::move(done));
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
};

TEST_F(SqliteStoresTest, UserRoundTripsAndIsFoundByEmailInAnyCase) {
  const Tenant acme = tenant("Acme");
  auto created = user(acme.id, "Ada@Example.com");
  ASSERT_TRUE(created.has_value()) << created.error().message;
  auto found = stores_.users->findUsersByEmail("  ada@example.COM ");
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().user.id, created->id);
  EXPECT_EQ(found->front().user.email, "ada@example.com");
  EXPECT_EQ(found->front().password_hash, "hash");
}

// One person in two tenants: each tenant has its own user (its own password, role and sessions);
// neither tenant's answer depends on the other's users.
TEST_F(SqliteStoresTest, OnePersonMayBelongToSeveralTenants) {
  const Tenant acme = tenant("Acme");
  const Tenant globex = tenant("Globex");
  auto at_acme = user(acme.id, "ada@example.com");
  clock_.advance(std::chrono::seconds(1));  // "oldest first" below
  auto at_globex = user(globex.id, "Ada@Example.com");
  ASSERT_TRUE(at_acme.has_value()) << at_acme.error().message;
  ASSERT_TRUE(at_globex.has_value()) << at_globex.error().message;
  EXPECT_NE(at_acme->id, at_globex->id);
  EXPECT_EQ(user(globex.id, "ADA@example.com").error().code, ErrorCode::Conflict);
  ASSERT_TRUE(user(globex.id, "grace@example.com").has_value());
  auto invited = waitFor<Invite>([&](auto done) {
    stores_.invites->createInvite(NewInvite{acme.id, "grace@example.com", Role::Agent, {}, "usr_x"},
                                  "hash-of-invite", Actor::system("test"), std::move(done));
  });
  EXPECT_TRUE(invited.has_value()) << "a user of another tenant does not stop an invite";

  auto found = stores_.users->findUsersByEmail("ada@example.com");
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ(found->at(0).user.tenant_id, acme.id) << "oldest first";
  EXPECT_EQ(found->at(1).user.tenant_id, globex.id);

  auto ambiguous = waitFor<User>([&](auto done) {
    stores_.users->setPassword("ada@example.com", std::nullopt, "h2", Actor::system("cli"),
                               std::move(done));
  });
  EXPECT_EQ(ambiguous.error().code, ErrorCode::Conflict);
  auto named = waitFor<User>([&](auto done) {
    stores_.users->setPassword("ada@example.com", globex.id, "h2", Actor::system("cli"),
                               std::move(done));
  });
  ASSERT_TRUE(named.has_value()) << named.error().message;
  EXPECT_EQ(named->id, at_globex->id);
  found = stores_.users->findUsersByEmail("ada@example.com");
  EXPECT_EQ(found->at(0).password_hash, "hash") << "the other tenant's user is untouched";
  EXPECT_EQ(found->at(1).password_hash, "h2");
}

// Migration 25 rebuilds the users table: with foreign keys off, so that dropping the old table
// neither fails nor cascades to what refers to users (sessions, routing, second factors).
TEST_F(SqliteStoresTest, RebuildingTheUsersTableKeepsEverythingThatRefersToThem) {
  const Tenant acme = tenant("Acme");
  auto ada = user(acme.id, "ada@example.com");
  ASSERT_TRUE(ada.has_value());
  ASSERT_TRUE(waitFor<AgentRouting>([&](auto done) {
    stores_.routing->saveAgentRouting(AgentRouting{.tenant_id = acme.id, .user_id = ada->id},
                                      std::move(done));
  }));
  Session session{privacy::newId<SessionTag>(),
                  acme.id,
                  ada->id,
                  "csrf",
                  "Firefox",
                  clock_.now(),
                  clock_.now(),
                  clock_.now() + std::chrono::hours(12)};
  ASSERT_TRUE(waitFor<Session>([&](auto done) {
    stores_.sessions->createSession(session, "secret-hash", std::move(done));
  }));
  ASSERT_TRUE(waitFor<void>([&](auto done) {
    engine_->database().write<void>(
        [](WriteContext& context) {
          return context.db.exec(  // as before 25, with 26 undone so that it runs again too
              "DROP INDEX api_tokens_by_creator; ALTER TABLE api_tokens DROP COLUMN created_by; "
              "DELETE FROM schema_migrations WHERE version >= 25");
        },
        std::move(done));
  }));
  reopen();  // migration 25 runs again over the data
  auto found = stores_.users->findUsersByEmail("ada@example.com");
  ASSERT_TRUE(found.has_value()) << found.error().message;
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().user.id, ada->id);
  EXPECT_TRUE(stores_.sessions->findSessionBySecretHash("secret-hash").has_value());
  EXPECT_EQ(stores_.routing->listAgentRouting(acme.id)->size(), 1u);
  EXPECT_EQ(user(acme.id, "ADA@example.com").error().code, ErrorCode::Conflict)
      << "still unique within the tenant";
}

TEST_F(SqliteStoresTest, SecondUserWithTheSameEmailIsAConflictAndNeighboursStillCommit) {
  const Tenant acme = tenant("Acme");
  ASSERT_TRUE(user(acme.id, "ada@example.com").has_value());
  std::promise<Result<User>> duplicate, other;
  stores_.users->createUser(NewUser{acme.id, "ADA@example.com", "x", Role::Agent, "h"},
                            Actor::system("test"),
                            [&](Result<User> r) { duplicate.set_value(std::move(r)); });
  stores_.users->createUser(NewUser{acme.id, "grace@example.com", "x", Role::Agent, "h"},
                            Actor::system("test"),
                            [&](Result<User> r) { other.set_value(std::move(r)); });
  auto duplicate_result = duplicate.get_future().get();
  ASSERT_FALSE(duplicate_result.has_value());
  EXPECT_EQ(duplicate_result.error().code, ErrorCode::Conflict);
  EXPECT_TRUE(other.get_future().get().has_value());
  EXPECT_EQ(stores_.users->listUsers(acme.id)->size(), 2u);
}

TEST_F(SqliteStoresTest, ObjectsOfAnotherTenantAreNotFound) {
  const Tenant acme = tenant("Acme");
  const Tenant globex = tenant("Globex");
  auto ada = user(acme.id, "ada@example.com");
  auto contact_of_acme = contact(acme.id, Contact{.email = "c@example.com"});
  ASSERT_TRUE(ada && contact_of_acme);
  EXPECT_EQ(stores_.users->findUser(globex.id, ada->id).error().code, ErrorCode::NotFound);
  EXPECT_EQ(stores_.contacts->findContact(globex.id, contact_of_acme->id).error().code,
            ErrorCode::NotFound);
  EXPECT_TRUE(
      stores_.contacts->findContacts(globex.id, ContactKey::Email, "c@example.com")->empty());
  EXPECT_TRUE(stores_.users->listUsers(globex.id)->empty());
}

TEST_F(SqliteStoresTest, ContactRoundTripsAndIsFoundByBlindIndex) {
  const Tenant acme = tenant("Acme");
  auto created = contact(acme.id, Contact{.name = "Ada Lovelace",
                                          .email = "ada@example.com",
                                          .phone = "+44 20 7946 0958",
                                          .attributes = {{"plan", "gold"}}});
  ASSERT_TRUE(created.has_value()) << created.error().message;
  auto found = stores_.contacts->findContact(acme.id, created->id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->name, "Ada Lovelace");
  EXPECT_EQ(found->attributes.at("plan"), "gold");
  auto by_phone = stores_.contacts->findContacts(acme.id, ContactKey::Phone, "+442079460958");
  ASSERT_EQ(by_phone->size(), 1u);
  EXPECT_EQ(by_phone->front().id, created->id);
  EXPECT_TRUE(
      stores_.contacts->findContacts(acme.id, ContactKey::Email, "eve@example.com")->empty());
}

TEST_F(SqliteStoresTest, DatabaseFileHoldsNoPlaintextPersonalData) {
  const Tenant acme = tenant("Acme");
  ASSERT_TRUE(user(acme.id, "operator.zeta@example.org").has_value());
  ASSERT_TRUE(contact(acme.id, Contact{.name = "Quentin Marlowe-Fitz",
                                       .email = "quentin.mf@example.net",
                                       .phone = "+15550123987",
                                       .attributes = {{"note", "prefers-evenings-xyzzy"}}}));
  reopen();  // checkpoints nothing away: WAL and main file are both read
  const std::string bytes = fileBytes();
  ASSERT_FALSE(bytes.empty());
  for (const char* secret : {"operator.zeta", "Quentin", "Marlowe", "quentin.mf", "5550123987",
                             "prefers-evenings", "Name of"}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret;
  }
}

TEST_F(SqliteStoresTest, EveryPersonalFieldIsAuditedWithActorAndValue) {
  const Tenant acme = tenant("Acme");
  auto created =
      contact(acme.id,
              Contact{.name = "Ada", .email = "ada@example.com", .attributes = {{"plan", "gold"}}});
  ASSERT_TRUE(created.has_value());
  auto entries = stores_.audit->listAudit(acme.id, "contact", created->id.value);
  ASSERT_TRUE(entries.has_value());
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].attribute, "name");
  EXPECT_EQ((*entries)[0].value, "Ada");
  EXPECT_EQ((*entries)[0].actor.id, "usr_x");
  EXPECT_EQ((*entries)[2].attribute, "attributes.plan");
  EXPECT_EQ((*entries)[2].value, "gold");
  auto verification = stores_.audit->verifyAudit();
  ASSERT_TRUE(verification.has_value());
  EXPECT_EQ(verification->entries, 3);
  EXPECT_FALSE(verification->broken.has_value());
}

TEST_F(SqliteStoresTest, ManyConcurrentWritesAllBecomeDurable) {
  const Tenant acme = tenant("Acme");
  constexpr int kWrites = 500;
  std::vector<std::promise<Result<Contact>>> results(kWrites);
  for (int index = 0; index < kWrites; ++index) {
    stores_.contacts->createContact(
        Contact{.tenant_id = acme.id, .email = "c" + std::to_string(index) + "@example.com"},
        Actor::system("test"),
        [&results, index](Result<Contact> r) { results[index].set_value(std::move(r)); });
  }
  for (auto& result : results) {
    ASSERT_TRUE(result.get_future().get().has_value());
  }
  reopen();
  for (int index = 0; index < kWrites; index += 50) {
    EXPECT_EQ(
        stores_.contacts
            ->findContacts(acme.id, ContactKey::Email, "c" + std::to_string(index) + "@example.com")
            ->size(),
        1u);
  }
  EXPECT_FALSE(stores_.audit->verifyAudit()->broken.has_value());
}

TEST_F(SqliteStoresTest, RevokedSessionIsNotFoundAndOnlyItsOwnerCanRevokeIt) {
  const Tenant acme = tenant("Acme");
  auto ada = user(acme.id, "ada@example.com");
  auto grace = user(acme.id, "grace@example.com");
  Session session{privacy::newId<SessionTag>(),
                  acme.id,
                  ada->id,
                  "csrf",
                  "Firefox",
                  clock_.now(),
                  clock_.now(),
                  clock_.now() + std::chrono::hours(12)};
  ASSERT_TRUE(waitFor<Session>([&](auto done) {
    stores_.sessions->createSession(session, "secret-hash", std::move(done));
  }));
  EXPECT_EQ(stores_.sessions->findSessionBySecretHash("secret-hash")->user_agent, "Firefox");
  auto by_other = waitFor<void>([&](auto done) {
    stores_.sessions->revokeSession(acme.id, grace->id, session.id, std::move(done));
  });
  EXPECT_EQ(by_other.error().code, ErrorCode::NotFound);
  ASSERT_TRUE(waitFor<void>([&](auto done) {
    stores_.sessions->revokeSession(acme.id, ada->id, session.id, std::move(done));
  }));
  EXPECT_EQ(stores_.sessions->findSessionBySecretHash("secret-hash").error().code,
            ErrorCode::NotFound);
}

TEST_F(SqliteStoresTest, NewPasswordSignsTheUserOutAndIsAuditedWithoutItsValue) {
  const Tenant acme = tenant("Acme");
  auto ada = user(acme.id, "ada@example.com");
  Session session{privacy::newId<SessionTag>(),
                  acme.id,
                  ada->id,
                  "csrf",
                  "",
                  clock_.now(),
                  clock_.now(),
                  clock_.now() + std::chrono::hours(12)};
  ASSERT_TRUE(waitFor<Session>([&](auto done) {
    stores_.sessions->createSession(session, "secret-hash", std::move(done));
  }));
  auto changed = waitFor<User>([&](auto done) {
    stores_.users->setPassword("ADA@example.com", std::nullopt, "new-hash", Actor::system("cli"),
                               std::move(done));
  });
  ASSERT_TRUE(changed.has_value()) << changed.error().message;
  EXPECT_EQ(stores_.users->findUsersByEmail("ada@example.com")->at(0).password_hash, "new-hash");
  EXPECT_FALSE(stores_.sessions->findSessionBySecretHash("secret-hash").has_value());
  auto entries = stores_.audit->listAudit(acme.id, "user", ada->id.value);
  ASSERT_FALSE(entries->empty());
  EXPECT_EQ(entries->back().attribute, "password");
  EXPECT_EQ(entries->back().value, std::nullopt);
  auto nobody = waitFor<User>([&](auto done) {
    stores_.users->setPassword("eve@example.com", std::nullopt, "x", Actor::system("cli"),
                               std::move(done));
  });
  EXPECT_EQ(nobody.error().code, ErrorCode::NotFound);
}

// The tokens a user made act for them: they go when the user does, each revocation in the audit
// log; tokens of others and the operator's (no creator) stay.
TEST_F(SqliteStoresTest, DeactivatingAUserRevokesTheTokensThatActForThem) {
  const Tenant acme = tenant("Acme");
  auto ada = user(acme.id, "ada@example.com");
  auto bob = user(acme.id, "bob@example.com");
  const auto token = [&](std::string hash, std::optional<UserId> creator) {
    ApiToken made{acme.id,     privacy::newId<TokenTag>(), hash, Role::Admin, clock_.now(),
                  std::nullopt};
    made.created_by = std::move(creator);
    auto created = waitFor<ApiToken>([&](auto done) {
      stores_.tokens->createToken(made, hash, Actor::system("test"), std::move(done));
    });
    EXPECT_TRUE(created.has_value());
    return created->id;
  };
  const ApiTokenId adas = token("adas", ada->id);
  token("bobs", bob->id);
  token("operators", std::nullopt);
  EXPECT_EQ(stores_.tokens->findTokenBySecretHash("adas")->created_by, ada->id);
  const Actor admin{Actor::Kind::User, bob->id.value};
  ASSERT_TRUE(waitFor<User>([&](auto done) {
    stores_.users->setUserActive(acme.id, ada->id, false, admin, std::move(done));
  }));
  EXPECT_FALSE(stores_.tokens->findTokenBySecretHash("adas").has_value());
  EXPECT_TRUE(stores_.tokens->findTokenBySecretHash("bobs").has_value());
  EXPECT_TRUE(stores_.tokens->findTokenBySecretHash("operators").has_value());
  auto entries = stores_.audit->listAudit(acme.id, "token", adas.value);
  ASSERT_TRUE(entries.has_value());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ(entries->back().attribute, "revoked");
  EXPECT_EQ(entries->back().actor.id, bob->id.value);
  ASSERT_TRUE(waitFor<User>([&](auto done) {
    stores_.users->deleteUser(acme.id, bob->id, Actor::system("test"), std::move(done));
  }));
  EXPECT_FALSE(stores_.tokens->findTokenBySecretHash("bobs").has_value());
  EXPECT_TRUE(stores_.tokens->findTokenBySecretHash("operators").has_value());
}

// Tokens made before migration 26 act for the user their audited creation names; a token a token
// made, for whom that one acts; one made by the CLI, for nobody.
TEST_F(SqliteStoresTest, TokensMadeBeforeTheirCreatorWasKeptActForWhomTheAuditNames) {
  const Tenant acme = tenant("Acme");
  auto ada = user(acme.id, "ada@example.com");
  const auto token = [&](std::string hash, Actor actor) {
    ApiToken made{acme.id,     privacy::newId<TokenTag>(), hash, Role::Admin, clock_.now(),
                  std::nullopt};
    auto created = waitFor<ApiToken>(
        [&](auto done) { stores_.tokens->createToken(made, hash, actor, std::move(done)); });
    EXPECT_TRUE(created.has_value());
    return created->id;
  };
  const ApiTokenId by_ada = token("by-ada", Actor{Actor::Kind::User, ada->id.value});
  token("by-adas-token", Actor{Actor::Kind::Token, by_ada.value});
  token("by-cli", Actor::system("cli"));
  ASSERT_TRUE(waitFor<void>([&](auto done) {
    engine_->database().write<void>(
        [](WriteContext& context) {
          return context.db.exec(  // as before 26: nobody recorded
              "DROP INDEX api_tokens_by_creator; ALTER TABLE api_tokens DROP COLUMN created_by; "
              "DELETE FROM schema_migrations WHERE version >= 26");
        },
        std::move(done));
  }));
  reopen();
  EXPECT_EQ(stores_.tokens->findTokenBySecretHash("by-ada")->created_by, ada->id);
  EXPECT_EQ(stores_.tokens->findTokenBySecretHash("by-adas-token")->created_by, ada->id);
  EXPECT_EQ(stores_.tokens->findTokenBySecretHash("by-cli")->created_by, std::nullopt);
}

// A token made for a user who is no longer active (deactivated while it was being made) is refused.
TEST_F(SqliteStoresTest, ATokenCannotActForAnInactiveUser) {
  const Tenant acme = tenant("Acme");
  auto ada = user(acme.id, "ada@example.com");
  ASSERT_TRUE(waitFor<User>([&](auto done) {
    stores_.users->setUserActive(acme.id, ada->id, false, Actor::system("test"), std::move(done));
  }));
  ApiToken made{acme.id,     privacy::newId<TokenTag>(), "late", Role::Admin, clock_.now(),
                std::nullopt};
  made.created_by = ada->id;
  auto refused = waitFor<ApiToken>([&](auto done) {
    stores_.tokens->createToken(made, "late", Actor::system("test"), std::move(done));
  });
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::Conflict);
  EXPECT_FALSE(stores_.tokens->findTokenBySecretHash("late").has_value());
}

TEST_F(SqliteStoresTest, ADeactivatedUserIsSignedOutRoutedNothingAndCanComeBack) {
  const Tenant acme = tenant("Acme");
  auto ada = user(acme.id, "ada@example.com");
  auto bob = user(acme.id, "bob@example.com");
  for (const User* who : {&*ada, &*bob}) {
    ASSERT_TRUE(waitFor<AgentRouting>([&](auto done) {
      stores_.routing->saveAgentRouting(AgentRouting{.tenant_id = acme.id, .user_id = who->id},
                                        std::move(done));
    }));
  }
  Session session{privacy::newId<SessionTag>(),
                  acme.id,
                  ada->id,
                  "csrf",
                  "",
                  clock_.now(),
                  clock_.now(),
                  clock_.now() + std::chrono::hours(12)};
  ASSERT_TRUE(waitFor<Session>([&](auto done) {
    stores_.sessions->createSession(session, "ada-session", std::move(done));
  }));
  const auto setActive = [&](const UserId& who, bool active) {
    return waitFor<User>([&](auto done) {
      stores_.users->setUserActive(acme.id, who, active, Actor::system("test"), std::move(done));
    });
  };
  auto off = setActive(ada->id, false);
  ASSERT_TRUE(off.has_value()) << off.error().message;
  EXPECT_FALSE(off->active());
  EXPECT_TRUE(off->deactivated_at.has_value());
  EXPECT_FALSE(stores_.sessions->findSessionBySecretHash("ada-session").has_value());
  EXPECT_FALSE(stores_.users->findUsersByEmail("ada@example.com")->at(0).user.active());
  auto routed = stores_.routing->listAgentRouting(acme.id);
  ASSERT_EQ(routed->size(), 1u);
  EXPECT_EQ(routed->front().user_id, bob->id);
  EXPECT_EQ(stores_.users->listUsers(acme.id)->size(), 2u) << "still listed, as deactivated";

  auto on = setActive(ada->id, true);
  ASSERT_TRUE(on.has_value());
  EXPECT_TRUE(on->active());
  EXPECT_EQ(stores_.routing->listAgentRouting(acme.id)->size(), 2u);
  auto entries = stores_.audit->listAudit(acme.id, "user", ada->id.value);
  ASSERT_GE(entries->size(), 2u);
  EXPECT_EQ(entries->at(entries->size() - 2).attribute, "active");
  EXPECT_EQ(entries->at(entries->size() - 2).value, "false");
  EXPECT_EQ(entries->back().value, "true");
  EXPECT_EQ(setActive(UserId{"usr_nobody"}, false).error().code, ErrorCode::NotFound);
}

TEST_F(SqliteStoresTest, ADeletedUserKeepsOnlyTheirIdAndTheirEmailIsFree) {
  const Tenant acme = tenant("Acme");
  auto ada = user(acme.id, "ada@example.com");
  auto bob = user(acme.id, "bob@example.com");
  auto deleted = waitFor<User>([&](auto done) {
    stores_.users->deleteUser(acme.id, ada->id, Actor::system("test"), std::move(done));
  });
  ASSERT_TRUE(deleted.has_value()) << deleted.error().message;
  EXPECT_TRUE(deleted->deleted_at.has_value());
  EXPECT_EQ(deleted->email, "");
  EXPECT_EQ(deleted->display_name, kDeletedUserName);
  EXPECT_TRUE(stores_.users->findUsersByEmail("ada@example.com")->empty());
  EXPECT_EQ(fileBytes().find("ada@example.com"), std::string::npos);
  auto listed = stores_.users->listUsers(acme.id);
  ASSERT_EQ(listed->size(), 1u) << "the deleted user is not listed";
  EXPECT_EQ(listed->front().id, bob->id) << "nobody else is touched";
  EXPECT_EQ(stores_.users->findUser(acme.id, bob->id)->email, "bob@example.com");
  EXPECT_TRUE(stores_.users->findUser(acme.id, ada->id)->deleted_at.has_value());
  // The email signs up someone new.
  EXPECT_TRUE(user(acme.id, "ada@example.com").has_value());
  auto again = waitFor<User>([&](auto done) {
    stores_.users->deleteUser(acme.id, ada->id, Actor::system("test"), std::move(done));
  });
  EXPECT_EQ(again.error().code, ErrorCode::NotFound);
  EXPECT_EQ(stores_.audit->listAudit(acme.id, "user", ada->id.value)->back().attribute, "deleted");
}

TEST_F(SqliteStoresTest, ADeletedUsersEmailAndNameLeaveTheAuditAndTheInviteTheyCameBy) {
  const Tenant acme = tenant("Acme");
  auto ada = user(acme.id, "ada@example.com");
  auto bob = user(acme.id, "bob@example.com");
  ASSERT_TRUE(ada && bob);
  ASSERT_TRUE(waitFor<User>([&](auto done) {
    stores_.users->updateUser(acme.id, ada->id,
                              UserPatch{.role = Role::Supervisor, .display_name = "Ada L."},
                              Actor::system("test"), std::move(done));
  }));
  // Grace comes in by an invite, whose audit names her too.
  auto invite = waitFor<Invite>([&](auto done) {
    stores_.invites->createInvite(NewInvite{.tenant_id = acme.id,
                                            .email = "grace@example.com",
                                            .display_name = "Grace Hopper",
                                            .created_by = bob->id.value},
                                  "invite-token-hash", Actor::system("test"), std::move(done));
  });
  ASSERT_TRUE(invite.has_value()) << invite.error().message;
  auto grace = waitFor<User>([&](auto done) {
    stores_.invites->acceptInvite("invite-token-hash", "password-hash", std::nullopt,
                                  std::move(done));
  });
  ASSERT_TRUE(grace.has_value()) << grace.error().message;
  // The values of an entity's audit, by attribute (the last of each).
  auto values = [&](std::string_view entity, const std::string& id) {
    std::map<std::string, std::optional<std::string>> by_attribute;
    auto entries = stores_.audit->listAudit(acme.id, entity, id);
    EXPECT_TRUE(entries.has_value());
    for (const AuditEntry& entry : entries.value_or(std::vector<AuditEntry>{})) {
      by_attribute[entry.attribute] = entry.value;
    }
    return by_attribute;
  };
  EXPECT_EQ(values("user", ada->id.value)["email"], "ada@example.com");
  EXPECT_EQ(values("user", ada->id.value)["displayName"], "Ada L.");
  EXPECT_EQ(values("invite", invite->id.value)["email"], "grace@example.com");

  for (const UserId& gone : {ada->id, grace->id}) {
    ASSERT_TRUE(waitFor<User>([&](auto done) {
      stores_.users->deleteUser(acme.id, gone, Actor::system("test"), std::move(done));
    }));
  }
  // The entries stay, who and when; the email and name no longer open. The role still reads.
  auto ada_audit = values("user", ada->id.value);
  EXPECT_TRUE(ada_audit.contains("email"));
  EXPECT_EQ(ada_audit["email"], std::nullopt);
  EXPECT_EQ(ada_audit["displayName"], std::nullopt);
  EXPECT_EQ(ada_audit["role"], "supervisor");
  EXPECT_TRUE(ada_audit.contains("deleted"));
  EXPECT_EQ(values("user", grace->id.value)["email"], std::nullopt);
  auto invite_audit = values("invite", invite->id.value);
  EXPECT_EQ(invite_audit["email"], std::nullopt);
  EXPECT_EQ(invite_audit["displayName"], std::nullopt);
  EXPECT_EQ(invite_audit["role"], "agent");
  // The search across the log hides them the same way.
  auto searched = stores_.audit->searchAudit(acme.id, AuditFilter{.attribute = "email"});
  ASSERT_TRUE(searched.has_value()) << searched.error().message;
  std::vector<std::string> readable;
  for (const AuditEntry& entry : *searched) {
    if (entry.value) {
      readable.push_back(*entry.value);
    }
  }
  EXPECT_EQ(readable, std::vector<std::string>{"bob@example.com"});
  // Nobody else is touched, and the chain still verifies.
  EXPECT_EQ(values("user", bob->id.value)["email"], "bob@example.com");
  EXPECT_EQ(stores_.users->findUser(acme.id, bob->id)->display_name, "Name of bob@example.com");
  auto verification = stores_.audit->verifyAudit();
  ASSERT_TRUE(verification.has_value());
  EXPECT_FALSE(verification->broken.has_value()) << *verification->broken;
}

TEST_F(SqliteStoresTest, TheLastActiveAdminCannotBeDeactivatedDeletedOrDemoted) {
  const Tenant acme = tenant("Acme");
  auto first = waitFor<User>([&](auto done) {
    stores_.users->createUser(NewUser{acme.id, "root@example.com", "Root", Role::Admin, "h"},
                              Actor::system("test"), std::move(done));
  });
  auto second = waitFor<User>([&](auto done) {
    stores_.users->createUser(NewUser{acme.id, "two@example.com", "Two", Role::Admin, "h"},
                              Actor::system("test"), std::move(done));
  });
  ASSERT_TRUE(first && second);
  // One of two may go; the one left may not, in any way.
  ASSERT_TRUE(waitFor<User>([&](auto done) {
    stores_.users->setUserActive(acme.id, second->id, false, Actor::system("test"),
                                 std::move(done));
  }));
  EXPECT_EQ(waitFor<User>([&](auto done) {
              stores_.users->setUserActive(acme.id, first->id, false, Actor::system("test"),
                                           std::move(done));
            })
                .error()
                .code,
            ErrorCode::Conflict);
  EXPECT_EQ(waitFor<User>([&](auto done) {
              stores_.users->deleteUser(acme.id, first->id, Actor::system("test"), std::move(done));
            })
                .error()
                .code,
            ErrorCode::Conflict);
  EXPECT_EQ(waitFor<User>([&](auto done) {
              stores_.users->updateUser(acme.id, first->id, UserPatch{.role = Role::Agent},
                                        Actor::system("test"), std::move(done));
            })
                .error()
                .code,
            ErrorCode::Conflict);
  EXPECT_TRUE(stores_.users->findUser(acme.id, first->id)->active());
}

TEST_F(SqliteStoresTest, ASkillIsRenamedAndKeptByWhoHasIt) {
  const Tenant acme = tenant("Acme");
  auto skill = waitFor<Skill>(
      [&](auto done) { stores_.routing->createSkill(acme.id, "Spanish", std::move(done)); });
  auto other = waitFor<Skill>(
      [&](auto done) { stores_.routing->createSkill(acme.id, "French", std::move(done)); });
  ASSERT_TRUE(skill && other);
  auto renamed = waitFor<Skill>([&](auto done) {
    stores_.routing->renameSkill(acme.id, skill->id, "Español", std::move(done));
  });
  ASSERT_TRUE(renamed.has_value()) << renamed.error().message;
  EXPECT_EQ(renamed->id, skill->id);
  EXPECT_EQ(renamed->name, "Español");
  EXPECT_EQ(renamed->created_at, skill->created_at);
  EXPECT_EQ(waitFor<Skill>([&](auto done) {
              stores_.routing->renameSkill(acme.id, skill->id, "French", std::move(done));
            })
                .error()
                .code,
            ErrorCode::Conflict);
  EXPECT_EQ(waitFor<Skill>([&](auto done) {
              stores_.routing->renameSkill(acme.id, SkillId{"skl_none"}, "X", std::move(done));
            })
                .error()
                .code,
            ErrorCode::NotFound);
  const Tenant other_tenant = tenant("Other");
  EXPECT_EQ(waitFor<Skill>([&](auto done) {
              stores_.routing->renameSkill(other_tenant.id, skill->id, "Mine", std::move(done));
            })
                .error()
                .code,
            ErrorCode::NotFound);
}

TEST_F(SqliteStoresTest, ADestroyedTenantNeitherFailsTheKeyCheckNorTheRotation) {
  const Tenant gone = tenant("Gone");
  const Tenant kept = tenant("Kept");
  auto ada = user(kept.id, "ada@example.com");
  ASSERT_TRUE(ada.has_value());
  // Destroyed (its key blanked, as tenant destruction does), and data from before the node keys.
  ASSERT_TRUE(waitFor<void>([&](auto done) {
    engine_->database().write<void>(
        [&](WriteContext& context) -> Result<void> {
          return context.db.exec("UPDATE tenants SET wrapped_key = x'' WHERE id = '" +
                                 gone.id.value + "'; DELETE FROM node_keys;");
        },
        std::move(done));
  }));
  keyring_->forgetTenantKey(gone.id);
  keyring_->forgetTenantKey(kept.id);
  reopen();  // opens: the destroyed tenant's empty key is not taken for a wrong master key
  EXPECT_EQ(stores_.users->findUser(kept.id, ada->id)->email, "ada@example.com");

  engine_.reset();
  auto db = Connection::open((dir_ / "parley.db").string(), Connection::Mode::ReadWrite);
  ASSERT_TRUE(db.has_value());
  auto next = std::make_unique<privacy::Keyring>(privacy::SecretKey::random());
  auto rewrapped = rewrapKeys(**db, *keyring_, *next);
  ASSERT_TRUE(rewrapped.has_value()) << rewrapped.error().message;
  EXPECT_EQ(*rewrapped, privacy::Keyring::kNodeKeyNames.size() + 1) << "the kept tenant's key";
  db->reset();
  EXPECT_FALSE(masterKeyOpens((dir_ / "parley.db").string(), *keyring_));
  EXPECT_TRUE(masterKeyOpens((dir_ / "parley.db").string(), *next));
  keyring_ = std::move(next);
  reopen();
  EXPECT_EQ(stores_.users->findUser(kept.id, ada->id)->email, "ada@example.com");
}

TEST_F(SqliteStoresTest, AuditChainStaysWholeWhenAnotherProcessWritesToIt) {
  const Tenant acme = tenant("Acme");
  ASSERT_TRUE(contact(acme.id, Contact{.name = "Before"}));  // the server caches the chain head
  {
    // An admin command in another process appends to the same tenant's chain.
    auto other = SqliteStores::open((dir_ / "parley.db").string(), *keyring_, clock_);
    ASSERT_TRUE(other.has_value());
    auto created = waitFor<User>([&](auto done) {
      (*other)->stores().users->createUser(
          NewUser{acme.id, "cli@example.com", "From the CLI", Role::Agent, "h"},
          Actor::system("cli"), std::move(done));
    });
    ASSERT_TRUE(created.has_value()) << created.error().message;
  }
  auto after = contact(acme.id, Contact{.name = "After"});
  ASSERT_TRUE(after.has_value()) << after.error().message;
  auto verification = stores_.audit->verifyAudit();
  EXPECT_EQ(verification->entries, 4);
  EXPECT_FALSE(verification->broken.has_value()) << *verification->broken;
}

TEST_F(SqliteStoresTest, TheDatabaseAndItsWalAreReadableByTheOwnerOnly) {
  const Tenant acme = tenant("Acme");
  ASSERT_TRUE(contact(acme.id, Contact{.name = "Ada"}));
  using std::filesystem::perms;
  for (const char* name : {"parley.db", "parley.db-wal", "parley.db-shm", "parley-keys.db"}) {
    ASSERT_TRUE(std::filesystem::exists(dir_ / name)) << name;
    EXPECT_EQ(std::filesystem::status(dir_ / name).permissions() & perms::all,
              perms::owner_read | perms::owner_write)
        << name;
  }
  // A database an older version left readable to all is narrowed when opened.
  engine_.reset();
  std::filesystem::permissions(dir_ / "parley.db", perms::owner_read | perms::owner_write |
                                                       perms::group_read | perms::others_read);
  reopen();
  EXPECT_EQ(std::filesystem::status(dir_ / "parley.db").permissions() & perms::all,
            perms::owner_read | perms::owner_write);
}

TEST_F(SqliteStoresTest, TamperedAuditRowBreaksTheChain) {
  const Tenant acme = tenant("Acme");
  ASSERT_TRUE(contact(acme.id, Contact{.name = "Ada", .email = "a@example.com"}));
  auto writer = Connection::open((dir_ / "parley.db").string(), Connection::Mode::ReadWrite);
  ASSERT_TRUE(writer.has_value());
  ASSERT_TRUE((*writer)->exec("UPDATE audit_log SET actor_id = 'usr_forged' WHERE seq = 1"));
  auto verification = stores_.audit->verifyAudit();
  ASSERT_TRUE(verification->broken.has_value());
  EXPECT_NE(verification->broken->find("entry 1"), std::string::npos);
}

}  // namespace
}  // namespace parley::storage::sqlite

namespace parley::storage::sqlite {
namespace {

// The chains' heads anchored outside the database (audit_anchors.h) catch what the chain alone
// cannot: its last entries dropped, or an older copy of the database put back.
class AuditAnchorsTest : public SqliteStoresTest {
 protected:
  std::string verifyBroken() {
    auto verification = stores_.audit->verifyAudit();
    EXPECT_TRUE(verification.has_value());
    return verification ? verification->broken.value_or("") : "no answer";
  }
  std::filesystem::path journal() { return dir_ / "parley.db-audit-anchors"; }
};

TEST_F(AuditAnchorsTest, DroppingTheLastEntriesIsCaught) {
  const Tenant acme = tenant("Acme");
  for (const char* name : {"Ada", "Bo", "Cy"}) {
    ASSERT_TRUE(contact(acme.id, Contact{.name = name}).has_value());
  }
  EXPECT_EQ(verifyBroken(), "");
  auto writer = Connection::open((dir_ / "parley.db").string(), Connection::Mode::ReadWrite);
  ASSERT_TRUE(writer.has_value());
  ASSERT_TRUE((*writer)->exec("DELETE FROM audit_log WHERE seq > 1"));
  EXPECT_NE(verifyBroken().find("truncated"), std::string::npos);
  ASSERT_TRUE((*writer)->exec("DELETE FROM audit_log"));
  EXPECT_NE(verifyBroken().find("truncated"), std::string::npos) << "the whole chain gone";
}

TEST_F(AuditAnchorsTest, AnOlderCopyOfTheDatabasePutBackIsCaughtEvenWrittenToAgain) {
  const Tenant acme = tenant("Acme");
  ASSERT_TRUE(contact(acme.id, Contact{.name = "Ada"}).has_value());
  engine_.reset();  // a clean copy: checkpointed into the one file
  std::filesystem::copy_file(dir_ / "parley.db", dir_ / "backup.db");
  reopen();
  ASSERT_TRUE(contact(acme.id, Contact{.name = "Bo"}).has_value());
  EXPECT_EQ(verifyBroken(), "");

  engine_.reset();
  std::filesystem::copy_file(dir_ / "backup.db", dir_ / "parley.db",
                             std::filesystem::copy_options::overwrite_existing);
  reopen();
  EXPECT_NE(verifyBroken().find("missing"), std::string::npos);
  // Written to again, the chain grows back over the anchored seqs with other hashes.
  for (const char* name : {"Cy", "Di", "Ed"}) {
    ASSERT_TRUE(contact(acme.id, Contact{.name = name}).has_value());
  }
  EXPECT_NE(verifyBroken().find("differs from its anchor"), std::string::npos);
}

TEST_F(AuditAnchorsTest, AnAlteredJournalIsAnErrorAndACutLastLineIsNot) {
  const Tenant acme = tenant("Acme");
  ASSERT_TRUE(contact(acme.id, Contact{.name = "Ada"}).has_value());
  EXPECT_EQ(verifyBroken(), "");
  {
    std::ofstream cut(journal(), std::ios::app);
    cut << acme.id.value << " 99 00";  // a crash in the middle of a write
  }
  EXPECT_EQ(verifyBroken(), "");
  // The next anchors go after the last whole line, not glued to the cut one.
  ASSERT_TRUE(contact(acme.id, Contact{.name = "Bo"}).has_value());
  EXPECT_EQ(verifyBroken(), "");
  std::string text;
  {
    std::ifstream in(journal());
    std::stringstream content;
    content << in.rdbuf();
    text = content.str();
  }
  const size_t seq = text.find(' ') + 1;
  text[seq] = text[seq] == '9' ? '8' : '9';  // move an anchor
  {
    std::ofstream out(journal(), std::ios::trunc);
    out << text;
  }
  EXPECT_NE(verifyBroken().find("altered"), std::string::npos);
}

}  // namespace
}  // namespace parley::storage::sqlite
