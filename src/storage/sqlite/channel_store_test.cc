// Channel configurations and consent (P6), over the real SQLite stores.
#include "storage/sqlite/channel_store.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "storage/sqlite/store_test.h"
#include "storage/wait.h"

namespace parley::storage::sqlite {
namespace {

using std::chrono::seconds;

class ChannelStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    acme_ = newTenant("Acme").id;
  }
  static ChannelConfig smpp(std::string name, std::string secret = "") {
    return ChannelConfig{.type = "smpp",
                         .name = std::move(name),
                         .settings = R"({"host":"smsc.example.test","port":2775})",
                         .secret = std::move(secret)};
  }
  Result<ChannelConfig> save(ChannelConfig channel, std::optional<TenantId> tenant = {}) {
    channel.tenant_id = tenant.value_or(acme_);
    channel.updated_at = clock_.now();
    return waitFor<ChannelConfig>(
        [&](auto done) { stores_.channels->saveChannel(channel, std::move(done)); });
  }
  Result<void> remove(const TenantId& tenant, const ChannelId& id) {
    return waitFor<void>(
        [&](auto done) { stores_.channels->deleteChannel(tenant, id, std::move(done)); });
  }
  Contact contact(const std::string& name) {
    auto created = waitFor<Contact>([&](auto done) {
      stores_.contacts->createContact(Contact{.tenant_id = acme_, .name = name},
                                      Actor::system("test"), std::move(done));
    });
    EXPECT_TRUE(created.has_value());
    return created.value_or(Contact{});
  }
  Result<void> setOptOut(const ContactId& contact, const std::string& channel, bool opted_out,
                         const std::string& cause, std::optional<TenantId> tenant = {}) {
    return waitFor<void>([&](auto done) {
      stores_.channels->setOptOut(tenant.value_or(acme_), contact, channel, opted_out, cause,
                                  Actor::system("smpp"), std::move(done));
    });
  }
  bool isOptedOut(const ContactId& contact, const std::string& channel) {
    auto opted_out = stores_.channels->isOptedOut(acme_, contact, channel);
    EXPECT_TRUE(opted_out.has_value()) << opted_out.error().message;
    return opted_out.value_or(false);
  }
  std::vector<AuditEntry> consentAudit(const ContactId& contact) {
    auto entries = stores_.audit->listAudit(acme_, "contact", contact.value);
    EXPECT_TRUE(entries.has_value());
    std::vector<AuditEntry> consent;
    for (AuditEntry& entry : entries.value_or(std::vector<AuditEntry>{})) {
      if (entry.attribute.starts_with("consent.")) {
        consent.push_back(std::move(entry));
      }
    }
    return consent;
  }
  // A message from `identity` on `channel`; the contact it came from.
  ContactId inbound(const std::string& channel, const std::string& identity) {
    auto received = waitFor<ReceivedMessage>([&](auto done) {
      stores_.conversations->receive(InboundMessage{.tenant_id = acme_,
                                                    .channel = channel,
                                                    .identity = identity,
                                                    .content = R"({"text":"hi"})"},
                                     std::move(done));
    });
    EXPECT_TRUE(received.has_value()) << received.error().message;
    return received ? received->contact_id : ContactId{};
  }
  Result<void> markUnreachable(const ContactId& contact, const std::string& channel,
                               const std::optional<std::string>& reason) {
    return waitFor<void>([&](auto done) {
      stores_.channels->setUnreachable(acme_, contact, channel, reason, std::move(done));
    });
  }
  std::optional<std::string> unreachable(const ContactId& contact, const std::string& channel) {
    auto reason = stores_.channels->unreachableReason(acme_, contact, channel);
    EXPECT_TRUE(reason.has_value()) << reason.error().message;
    return reason.value_or(std::nullopt);
  }
  int64_t count(const char* sql, const std::string& value) {
    return engine_->database()
        .read([&](Connection& db) -> Result<int64_t> {
          auto query = db.statement(sql);
          if (!query) {
            return std::unexpected(query.error());
          }
          StatementScope scope(**query);
          scope->bind(1, value);
          scope->step();
          return scope->integer(0);
        })
        .value_or(-1);
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

TEST_F(ChannelStoreTest, ChannelsAreCreatedListedOldestFirstReplacedAndDeleted) {
  auto first = save(smpp("Main SMS", "pw-1"));
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_TRUE(first->id.value.starts_with("chn_"));
  EXPECT_EQ(first->created_at, clock_.now());
  EXPECT_EQ(first->updated_at, clock_.now());
  const TimePoint created = clock_.now();
  clock_.advance(seconds(5));
  auto second = save(smpp("Backup SMS"));
  ASSERT_TRUE(second.has_value());

  auto listed = stores_.channels->listChannels(acme_);
  ASSERT_TRUE(listed.has_value()) << listed.error().message;
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, first->id);
  EXPECT_EQ((*listed)[0].type, "smpp");
  EXPECT_EQ((*listed)[0].secret, "pw-1");
  EXPECT_EQ((*listed)[0].settings, R"({"host":"smsc.example.test","port":2775})");
  EXPECT_EQ((*listed)[1].id, second->id);
  EXPECT_EQ((*listed)[1].secret, "");

  clock_.advance(seconds(5));
  ChannelConfig changed = *first;
  changed.name = "Main SMS (EU)";
  changed.enabled = false;
  changed.settings = R"({"host":"smsc2.example.test","port":2776})";
  changed.secret = "pw-2";
  changed.created_at = TimePoint{};  // kept from the stored row, whatever the caller says
  auto replaced = save(changed);
  ASSERT_TRUE(replaced.has_value()) << replaced.error().message;
  EXPECT_EQ(replaced->id, first->id);
  EXPECT_EQ(replaced->created_at, created);
  EXPECT_EQ(replaced->updated_at, clock_.now());
  auto found = stores_.channels->findChannel(acme_, first->id);
  ASSERT_TRUE(found.has_value()) << found.error().message;
  EXPECT_EQ(found->name, "Main SMS (EU)");
  EXPECT_FALSE(found->enabled);
  EXPECT_EQ(found->settings, R"({"host":"smsc2.example.test","port":2776})");
  EXPECT_EQ(found->secret, "pw-2");
  EXPECT_EQ(found->created_at, created);
  EXPECT_EQ(found->updated_at, clock_.now());

  ASSERT_TRUE(remove(acme_, first->id));
  EXPECT_EQ(stores_.channels->findChannel(acme_, first->id).error().code, ErrorCode::NotFound);
  EXPECT_EQ(remove(acme_, first->id).error().code, ErrorCode::NotFound);
  EXPECT_EQ(stores_.channels->listChannels(acme_)->size(), 1u);
  // Replacing a deleted channel does not bring it back.
  EXPECT_EQ(save(*first).error().code, ErrorCode::NotFound);
}

TEST_F(ChannelStoreTest, TemplatesAreReplacedWholeAndGoWithTheirChannel) {
  auto channel = save(smpp("WhatsApp"));
  ASSERT_TRUE(channel.has_value());
  auto replace = [&](std::vector<ChannelTemplate> templates, const ChannelId& id) {
    return waitFor<void>([&](auto done) {
      stores_.channels->replaceTemplates(acme_, id, templates, std::move(done));
    });
  };
  const ChannelTemplate update{.name = "ticket_update",
                               .language = "en_US",
                               .category = "UTILITY",
                               .status = "APPROVED",
                               .body = "Your ticket {{1}} was updated",
                               .parameters = 1,
                               .components_json = "[]"};
  ChannelTemplate promo = update;
  promo.name = "autumn_sale";
  promo.status = "PENDING";
  ASSERT_TRUE(replace({update, promo}, channel->id));
  auto listed = stores_.channels->listTemplates(acme_, channel->id);
  ASSERT_TRUE(listed.has_value()) << listed.error().message;
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].name, "autumn_sale");
  EXPECT_EQ((*listed)[1].body, "Your ticket {{1}} was updated");
  EXPECT_EQ((*listed)[1].parameters, 1);

  ASSERT_TRUE(replace({update}, channel->id));
  EXPECT_EQ(stores_.channels->listTemplates(acme_, channel->id)->size(), 1u);
  EXPECT_EQ(replace({update}, ChannelId{"chn_unknown"}).error().code, ErrorCode::NotFound);
  ASSERT_TRUE(remove(acme_, channel->id));
  EXPECT_TRUE(stores_.channels->listTemplates(acme_, channel->id)->empty());
}

TEST_F(ChannelStoreTest, AChannelWithoutTypeOrNameIsRefused) {
  ChannelConfig nameless = smpp("");
  EXPECT_EQ(save(nameless).error().code, ErrorCode::ValidationFailed);
  ChannelConfig typeless = smpp("SMS");
  typeless.type.clear();
  EXPECT_EQ(save(typeless).error().code, ErrorCode::ValidationFailed);
  EXPECT_TRUE(stores_.channels->listChannels(acme_)->empty());
}

TEST_F(ChannelStoreTest, AnotherTenantsChannelIsNotFound) {
  const TenantId globex = newTenant("Globex").id;
  auto mine = save(smpp("Main SMS", "pw-1"));
  ASSERT_TRUE(mine.has_value());
  EXPECT_EQ(stores_.channels->findChannel(globex, mine->id).error().code, ErrorCode::NotFound);
  EXPECT_TRUE(stores_.channels->listChannels(globex)->empty());
  EXPECT_EQ(remove(globex, mine->id).error().code, ErrorCode::NotFound);
  ChannelConfig stolen = *mine;
  stolen.name = "Taken over";
  EXPECT_EQ(save(stolen, globex).error().code, ErrorCode::NotFound);
  EXPECT_EQ(stores_.channels->findChannel(acme_, mine->id)->name, "Main SMS");
  EXPECT_EQ(save(smpp("SMS"), TenantId{"ten_unknown"}).error().code, ErrorCode::NotFound);
}

TEST_F(ChannelStoreTest, TheSecretIsSealedAtRestAndNeverAudited) {
  auto saved = save(smpp("Main SMS", "Zanzibar-password-42"));
  ASSERT_TRUE(saved.has_value());
  reopen();
  const std::string bytes = fileBytes();
  ASSERT_NE(bytes.find("smsc.example.test"), std::string::npos);  // settings are not secret
  EXPECT_EQ(bytes.find("Zanzibar-password-42"), std::string::npos);
  EXPECT_EQ(stores_.channels->findChannel(acme_, saved->id)->secret, "Zanzibar-password-42");
  EXPECT_TRUE(stores_.audit->listAudit(acme_, "channel", saved->id.value)->empty());

  // Replaced with no secret, there is none.
  ChannelConfig without = *saved;
  without.secret.clear();
  ASSERT_TRUE(save(without));
  EXPECT_EQ(stores_.channels->findChannel(acme_, saved->id)->secret, "");
}

TEST_F(ChannelStoreTest, AReplaceMadeOnAnOlderReadIsAConflictAndUndoesNothing) {
  auto created = save(smpp("Main SMS", "epoch-1"));
  ASSERT_TRUE(created.has_value());
  auto replace = [&](const ChannelConfig& read, std::string secret, ChannelSave how) {
    ChannelConfig changed = read;
    changed.secret = std::move(secret);
    changed.updated_at = clock_.now();  // the clock does not move: versions differ all the same
    return waitFor<ChannelConfig>([&](auto done) {
      stores_.channels->saveChannel(changed, std::move(how), std::move(done));
    });
  };
  // Two callers read the same version; the first to commit wins, audited in the same write.
  const ChannelConfig read = *stores_.channels->findChannel(acme_, created->id);
  auto first = replace(read, "epoch-2",
                       ChannelSave{.read_updated_at = read.updated_at,
                                   .audit_actor = Actor{Actor::Kind::User, "usr_ada"},
                                   .audit_attribute = "visitorsSignedOut"});
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_GT(first->updated_at, read.updated_at);
  auto second = replace(read, "epoch-1", ChannelSave{.read_updated_at = read.updated_at});
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, ErrorCode::Conflict);
  EXPECT_EQ(stores_.channels->findChannel(acme_, created->id)->secret, "epoch-2");

  auto audit = stores_.audit->listAudit(acme_, "channel", created->id.value);
  ASSERT_TRUE(audit.has_value());
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].attribute, "visitorsSignedOut");
  EXPECT_EQ((*audit)[0].actor.id, "usr_ada");
  EXPECT_FALSE((*audit)[0].value.has_value());

  // A refused audited replace leaves no audit entry; on the stored version it goes through.
  auto stale = replace(read, "epoch-3",
                       ChannelSave{.read_updated_at = read.updated_at,
                                   .audit_actor = Actor{Actor::Kind::User, "usr_ada"},
                                   .audit_attribute = "visitorsSignedOut"});
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::Conflict);
  EXPECT_EQ(stores_.audit->listAudit(acme_, "channel", created->id.value)->size(), 1u);
  auto fresh = replace(*first, "epoch-3", ChannelSave{.read_updated_at = first->updated_at});
  ASSERT_TRUE(fresh.has_value()) << fresh.error().message;
  EXPECT_EQ(stores_.channels->findChannel(acme_, created->id)->secret, "epoch-3");

  // Unknown channel: still NotFound, guard or not.
  ChannelConfig unknown = read;
  unknown.id = ChannelId{"chn_nope"};
  auto missing = replace(unknown, "x", ChannelSave{.read_updated_at = read.updated_at});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

TEST_F(ChannelStoreTest, OptOutAndOptInRoundTripWithAnAuditRowPerChange) {
  const Contact ada = contact("Ada");
  EXPECT_FALSE(isOptedOut(ada.id, "chn_sms"));  // never saved
  ASSERT_TRUE(setOptOut(ada.id, "chn_sms", true, "STOP"));
  EXPECT_TRUE(isOptedOut(ada.id, "chn_sms"));
  EXPECT_FALSE(isOptedOut(ada.id, "chn_other"));
  ASSERT_TRUE(setOptOut(ada.id, "chn_sms", true, "STOP"));  // no change, no audit row
  reopen();
  EXPECT_TRUE(isOptedOut(ada.id, "chn_sms"));
  ASSERT_TRUE(setOptOut(ada.id, "chn_sms", false, "START"));
  EXPECT_FALSE(isOptedOut(ada.id, "chn_sms"));

  const std::vector<AuditEntry> audit = consentAudit(ada.id);
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].entity, "contact");
  EXPECT_EQ(audit[0].attribute, "consent.chn_sms");
  EXPECT_EQ(audit[0].value, "opted out (STOP)");
  EXPECT_EQ(audit[0].actor.kind, Actor::Kind::System);
  EXPECT_EQ(audit[0].actor.id, "smpp");
  EXPECT_EQ(audit[1].value, "opted in (START)");
  auto verified = stores_.audit->verifyAudit();
  ASSERT_TRUE(verified.has_value());
  EXPECT_FALSE(verified->broken);
  // The audit copies are sealed under the contact's key like its other values.
  EXPECT_EQ(fileBytes().find("opted out (STOP)"), std::string::npos);
}

TEST_F(ChannelStoreTest, ConsentOfAnUnknownOrErasedContactOrAnotherTenantsIsRefused) {
  const Contact ada = contact("Ada");
  const TenantId globex = newTenant("Globex").id;
  EXPECT_EQ(setOptOut(ContactId{"con_unknown"}, "chn_sms", true, "STOP").error().code,
            ErrorCode::NotFound);
  EXPECT_FALSE(isOptedOut(ContactId{"con_unknown"}, "chn_sms"));
  EXPECT_EQ(setOptOut(ada.id, "chn_sms", true, "STOP", globex).error().code, ErrorCode::NotFound);
  EXPECT_EQ(setOptOut(ada.id, "", true, "STOP").error().code, ErrorCode::ValidationFailed);
  ASSERT_TRUE(setOptOut(ada.id, "chn_sms", true, "admin"));
  EXPECT_FALSE(stores_.channels->isOptedOut(globex, ada.id, "chn_sms").value());

  auto erased = waitFor<void>([&](auto done) {
    engine_->database().write<void>(
        [contact = ada.id](WriteContext& context) -> Result<void> {
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
  EXPECT_EQ(setOptOut(ada.id, "chn_sms", false, "START").error().code, ErrorCode::Conflict);
}

TEST_F(ChannelStoreTest, ConsentsMoveToTheKeptContactOnMergeAndAnOptOutWins) {
  const Contact kept = contact("Ada");
  const Contact merged = contact("Ada L.");
  ASSERT_TRUE(setOptOut(kept.id, "chn_a", true, "STOP"));
  ASSERT_TRUE(setOptOut(kept.id, "chn_a", false, "START"));  // opted back in
  ASSERT_TRUE(setOptOut(kept.id, "chn_b", true, "admin"));
  ASSERT_TRUE(setOptOut(merged.id, "chn_a", true, "STOP"));
  ASSERT_TRUE(setOptOut(merged.id, "chn_b", true, "STOP"));
  ASSERT_TRUE(setOptOut(merged.id, "chn_b", false, "START"));
  ASSERT_TRUE(setOptOut(merged.id, "chn_c", true, "STOP"));
  const size_t kept_audit_before = consentAudit(kept.id).size();

  auto result = waitFor<Contact>([&](auto done) {
    stores_.contacts->mergeContacts(acme_, kept.id, merged.id, Actor::system("dpo-test"),
                                    std::move(done));
  });
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_TRUE(isOptedOut(kept.id, "chn_a"));  // the merged contact's opt-out wins
  EXPECT_TRUE(isOptedOut(kept.id, "chn_b"));  // the kept contact's opt-out stays
  EXPECT_TRUE(isOptedOut(kept.id, "chn_c"));  // moved
  EXPECT_EQ(count("SELECT count(*) FROM contact_consents WHERE contact_id = ?", merged.id.value),
            0);
  // The merged contact answers for the contact it went into, and records there.
  EXPECT_TRUE(isOptedOut(merged.id, "chn_c"));
  ASSERT_TRUE(setOptOut(merged.id, "chn_d", true, "STOP"));
  EXPECT_TRUE(isOptedOut(kept.id, "chn_d"));

  const std::vector<AuditEntry> audit = consentAudit(kept.id);
  ASSERT_EQ(audit.size(), kept_audit_before + 3);  // chn_a and chn_c at the merge, then chn_d
  EXPECT_EQ(audit[kept_audit_before].attribute, "consent.chn_a");
  EXPECT_EQ(audit[kept_audit_before].value, "opted out (STOP)");
  EXPECT_EQ(audit[kept_audit_before].actor.id, "dpo-test");
  EXPECT_EQ(audit[kept_audit_before + 1].attribute, "consent.chn_c");
  EXPECT_EQ(audit[kept_audit_before + 2].attribute, "consent.chn_d");
  auto verified = stores_.audit->verifyAudit();
  ASSERT_TRUE(verified.has_value());
  EXPECT_FALSE(verified->broken);
}

TEST_F(ChannelStoreTest, AnUnreachableContactStaysSoOnThatChannelUntilTheyWriteThereAgain) {
  const ContactId bo = inbound("chn_telegram", "6060");
  const ContactId cy = inbound("chn_telegram", "7070");
  inbound("chn_viber", "6060");  // another contact: identities are per channel
  EXPECT_EQ(unreachable(bo, "chn_telegram"), std::nullopt);

  ASSERT_TRUE(markUnreachable(bo, "chn_telegram", "unreachable (blocked the bot)"));
  EXPECT_EQ(unreachable(bo, "chn_telegram"), "unreachable (blocked the bot)");
  EXPECT_EQ(unreachable(bo, "chn_viber"), std::nullopt);
  EXPECT_EQ(unreachable(cy, "chn_telegram"), std::nullopt);
  reopen();
  EXPECT_EQ(unreachable(bo, "chn_telegram"), "unreachable (blocked the bot)");

  EXPECT_EQ(inbound("chn_telegram", "7070"), cy);  // someone else writing changes nothing
  EXPECT_EQ(unreachable(bo, "chn_telegram"), "unreachable (blocked the bot)");
  EXPECT_EQ(inbound("chn_telegram", "6060"), bo);
  EXPECT_EQ(unreachable(bo, "chn_telegram"), std::nullopt);

  // A provider saying they are back (Viber: subscribed) clears it too.
  ASSERT_TRUE(markUnreachable(cy, "chn_telegram", "unreachable (not subscribed)"));
  EXPECT_EQ(unreachable(cy, "chn_telegram"), "unreachable (not subscribed)");
  ASSERT_TRUE(markUnreachable(cy, "chn_telegram", std::nullopt));
  EXPECT_EQ(unreachable(cy, "chn_telegram"), std::nullopt);
}

TEST_F(ChannelStoreTest, AContactWithoutAnIdentityOnTheChannelHasNothingToMark) {
  const Contact ada = contact("Ada");
  ASSERT_TRUE(markUnreachable(ada.id, "chn_telegram", "unreachable (blocked the bot)"));
  EXPECT_EQ(unreachable(ada.id, "chn_telegram"), std::nullopt);
}

}  // namespace
}  // namespace parley::storage::sqlite
