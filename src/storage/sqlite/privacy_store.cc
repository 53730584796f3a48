// The privacy console's reads: a tenant's privacy settings, and finding one customer's data through
// blind indexes only (P2, P5): no plaintext is ever searched.
#include "storage/sqlite/privacy_store.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "privacy/blind_index.h"
#include "privacy/phone_number.h"
#include "storage/sqlite/contact_store.h"
#include "storage/sqlite/conversation_rows.h"
#include "storage/sqlite/fields.h"
#include "storage/sqlite/sealed_contact.h"
#include "storage/wait.h"

namespace parley::storage::sqlite {
namespace {

constexpr int kMaxDays = 36500;

// Rows of one statement of the tenant (and `key`, when given), each handed to `row`; stops at the
// first error.
template <class F>
Result<void> eachRow(Connection& db, const char* sql, const TenantId& tenant,
                     std::optional<std::string_view> key, F&& row) {
  auto query = db.statement(sql);
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant.value);
  if (key) {
    scope->bind(2, *key);
  }
  while (scope->step()) {
    if (auto handled = row(*scope); !handled) {
      return handled;
    }
  }
  if (scope->error()) {
    return std::unexpected(*scope->error());
  }
  return {};
}

Result<int64_t> count(Connection& db, const char* sql, const TenantId& tenant,
                      const ContactId& contact) {
  int64_t n = 0;
  auto counted = eachRow(db, sql, tenant, contact.value, [&](const Statement& row) -> Result<void> {
    n = row.integer(0);
    return {};
  });
  if (!counted) {
    return std::unexpected(counted.error());
  }
  return n;
}

// The channels a contact can have identities on: the tenant's configured channels and the API's.
Result<std::vector<std::string>> identityChannels(Connection& db, const TenantId& tenant) {
  std::vector<std::string> channels{"api"};
  auto listed = eachRow(db, "SELECT id FROM channels WHERE tenant_id = ?", tenant, std::nullopt,
                        [&](const Statement& row) -> Result<void> {
                          channels.push_back(row.text(0));
                          return {};
                        });
  if (!listed) {
    return std::unexpected(listed.error());
  }
  return channels;
}

}  // namespace

Result<PrivacySettings> readPrivacySettings(Connection& db, const TenantId& tenant) {
  PrivacySettings settings{.tenant_id = tenant};
  auto read =
      eachRow(db,
              "SELECT phone_region, anonymise_after_days, delete_after_days, audit_keep_days "
              "FROM privacy_settings WHERE tenant_id = ?",
              tenant, std::nullopt, [&](const Statement& row) -> Result<void> {
                settings.phone_region = row.text(0);
                settings.anonymise_after_days = static_cast<int>(row.integer(1));
                settings.delete_after_days = static_cast<int>(row.integer(2));
                settings.audit_keep_days = static_cast<int>(row.integer(3));
                return {};
              });
  if (!read) {
    return std::unexpected(read.error());
  }
  return settings;
}

Result<PrivacySettings> SqlitePrivacyStore::privacySettings(const TenantId& tenant) {
  return database_.read([&](Connection& db) { return readPrivacySettings(db, tenant); });
}

void SqlitePrivacyStore::rotateContactKeys(TenantId tenant, Actor actor, Done<size_t> done) {
  auto tenant_key = database_.tenantKey(tenant);
  if (!tenant_key) {
    done(std::unexpected(tenant_key.error()));
    return;
  }
  // The key store cannot commit with the data: the audit says the rotation started before it
  // does (a crash in between leaves the attempt on record), then how many keys it moved.
  const auto audit = [&](std::string value) {
    AuditChange change =
        auditChange(*tenant_key, tenant, "tenant", tenant.value, "contactKeysRotated", value);
    const TimePoint now = database_.clock().now();
    return waitFor<void>([&](Done<void> audited) {
      database_.write<void>(
          [&tenant, &actor, change = std::move(change), now](WriteContext& context) {
            return context.audit.append(context.db, tenant, actor, now, change);
          },
          std::move(audited));
    });
  };
  if (auto started = audit("started"); !started) {
    done(std::unexpected(started.error()));
    return;
  }
  auto rewrapped = database_.contactKeys().rotateWrappingKey(tenant, *tenant_key);
  if (!rewrapped) {
    done(std::unexpected(rewrapped.error()));
    return;
  }
  if (auto finished = audit(std::to_string(*rewrapped) + " keys re-wrapped"); !finished) {
    // The rotation stands; only its count is missing from the audit.
    spdlog::error("rotated the contact keys of tenant {} but could not audit the count: {}",
                  tenant.value, finished.error().message);
  }
  done(*rewrapped);
}

void SqlitePrivacyStore::savePrivacySettings(PrivacySettings settings, Actor actor,
                                             Done<PrivacySettings> done) {
  if (!settings.phone_region.empty() && !privacy::isKnownPhoneRegion(settings.phone_region)) {
    done(fail(ErrorCode::ValidationFailed,
              "phoneRegion must be a two-letter region code such as GB or US"));
    return;
  }
  for (int days :
       {settings.anonymise_after_days, settings.delete_after_days, settings.audit_keep_days}) {
    if (days < 1 || days > kMaxDays) {
      done(fail(ErrorCode::ValidationFailed, "retention is between 1 and 36500 days"));
      return;
    }
  }
  if (settings.delete_after_days < settings.anonymise_after_days) {
    done(fail(ErrorCode::ValidationFailed,
              "conversations cannot be deleted before they are anonymised"));
    return;
  }
  auto tenant_key = database_.tenantKey(settings.tenant_id);
  if (!tenant_key) {
    done(std::unexpected(tenant_key.error()));
    return;
  }
  const TimePoint now = database_.clock().now();
  // Audited like any change, its value sealed under the tenant key as other tenant-wide values are.
  const std::string value = "phoneRegion=" + settings.phone_region +
                            " anonymiseAfterDays=" + std::to_string(settings.anonymise_after_days) +
                            " deleteAfterDays=" + std::to_string(settings.delete_after_days) +
                            " auditKeepDays=" + std::to_string(settings.audit_keep_days);
  AuditChange change = auditChange(*tenant_key, settings.tenant_id, "tenant",
                                   settings.tenant_id.value, "privacySettings", value);
  database_.write<PrivacySettings>(
      [settings = std::move(settings), actor = std::move(actor), change = std::move(change),
       now](WriteContext& context) mutable -> Result<PrivacySettings> {
        auto save = context.db.statement(
            "INSERT OR REPLACE INTO privacy_settings (tenant_id, phone_region, "
            "anonymise_after_days, delete_after_days, audit_keep_days, updated_at) "
            "VALUES (?,?,?,?,?,?)");
        if (!save) {
          return std::unexpected(save.error());
        }
        {
          StatementScope scope(**save);
          scope->bind(1, settings.tenant_id.value)
              .bind(2, settings.phone_region)
              .bind(3, int64_t{settings.anonymise_after_days})
              .bind(4, int64_t{settings.delete_after_days})
              .bind(5, int64_t{settings.audit_keep_days})
              .bind(6, toUnixMillis(now));
          if (auto saved = scope->run(); !saved) {
            return std::unexpected(saved.error());
          }
        }
        auto audited = context.audit.append(context.db, settings.tenant_id, actor, now, change);
        if (!audited) {
          return std::unexpected(audited.error());
        }
        return std::move(settings);
      },
      std::move(done));
}

Result<std::vector<SubjectSummary>> SqlitePrivacyStore::findSubjects(const TenantId& tenant,
                                                                     const SubjectQuery& query,
                                                                     size_t limit) {
  return database_.read([&](Connection& db) -> Result<std::vector<SubjectSummary>> {
    auto tenant_key = database_.tenantKey(db, tenant);
    if (!tenant_key) {
      return std::unexpected(tenant_key.error());
    }
    auto settings = readPrivacySettings(db, tenant);
    if (!settings) {
      return std::unexpected(settings.error());
    }
    const privacy::SecretKey index_key = privacy::Keyring::tenantIndexKey(*tenant_key);
    std::set<std::string> found;  // contact ids; ordered by creation below
    auto add = [&](const Statement& row) -> Result<void> {
      found.insert(row.text(0));
      return {};
    };
    auto lookUp = [&](std::string_view kind, const std::string& index) -> Result<void> {
      auto query_row = db.statement(
          "SELECT contact_id FROM contact_lookup WHERE tenant_id = ? AND kind = ? "
          "AND blind_index = ?");
      if (!query_row) {
        return std::unexpected(query_row.error());
      }
      StatementScope scope(**query_row);
      scope->bind(1, tenant.value).bind(2, kind).bindBlob(3, index);
      while (scope->step()) {
        found.insert(scope->text(0));
      }
      if (scope->error()) {
        return std::unexpected(*scope->error());
      }
      return {};
    };
    auto identity = [&](const std::string& channel, std::string_view value) -> Result<void> {
      auto row = db.statement(
          "SELECT contact_id FROM contact_identities WHERE tenant_id = ? AND channel = ? "
          "AND identity_index = ?");
      if (!row) {
        return std::unexpected(row.error());
      }
      StatementScope scope(**row);
      scope->bind(1, tenant.value)
          .bind(2, channel)
          .bindBlob(3, privacy::blindIndex(index_key, "identity:" + channel, value));
      while (scope->step()) {
        (void)add(*scope);
      }
      if (scope->error()) {
        return std::unexpected(*scope->error());
      }
      return {};
    };

    Result<void> searched;
    switch (query.by) {
      case SubjectQuery::By::Email:
      case SubjectQuery::By::Phone: {
        const ContactKey key =
            query.by == SubjectQuery::By::Email ? ContactKey::Email : ContactKey::Phone;
        const std::string normalized =
            normalizedContactValue(key, query.value, settings->phone_region);
        if (normalized.empty() || normalized == "+") {
          return fail(ErrorCode::ValidationFailed, "give a phone number or an email to search");
        }
        searched = lookUp(contactLookupKind(key),
                          privacy::blindIndex(index_key, contactLookupKind(key), normalized));
        if (searched && key == ContactKey::Phone) {
          // Providers write a number their own way: "+447911123456", "447911123456".
          std::vector<std::string> forms{normalized};
          if (normalized.starts_with('+')) {
            forms.push_back(normalized.substr(1));
          }
          auto channels = identityChannels(db, tenant);
          if (!channels) {
            return std::unexpected(channels.error());
          }
          for (const std::string& channel : *channels) {
            for (const std::string& form : forms) {
              if (searched) {
                searched = identity(channel, form);
              }
            }
          }
        }
        break;
      }
      case SubjectQuery::By::Name: {
        const std::vector<std::string> words = privacy::nameWords(query.value);
        if (words.empty()) {
          return fail(ErrorCode::ValidationFailed, "give at least one word of the name");
        }
        // Contacts with every word: start from the first word's, keep those the others also have.
        for (size_t i = 0; i < words.size() && searched; ++i) {
          std::set<std::string> before = std::move(found);
          found.clear();
          searched =
              lookUp(kNameLookupKind, privacy::blindIndex(index_key, kNameLookupKind, words[i]));
          if (i > 0) {
            std::erase_if(found, [&](const std::string& id) { return !before.contains(id); });
          }
        }
        break;
      }
      case SubjectQuery::By::Identity: {
        std::string value(query.value);
        value.erase(0, value.find_first_not_of(" \t\r\n"));
        value.erase(value.find_last_not_of(" \t\r\n") + 1);
        if (value.empty()) {
          return fail(ErrorCode::ValidationFailed, "give the customer's id on the channel");
        }
        std::vector<std::string> channels{query.channel};
        if (query.channel.empty()) {
          auto all = identityChannels(db, tenant);
          if (!all) {
            return std::unexpected(all.error());
          }
          channels = std::move(*all);
        }
        for (const std::string& channel : channels) {
          if (searched) {
            searched = identity(channel, value);
          }
        }
        break;
      }
    }
    if (!searched) {
      return std::unexpected(searched.error());
    }
    // Ids are time-ordered: the set's first `limit` are the oldest contacts, the only ones summed
    // up.
    std::vector<SubjectSummary> subjects;
    for (const std::string& id : found) {
      if (subjects.size() == limit) {
        break;
      }
      auto summary = summarize(db, tenant, ContactId{id});
      if (!summary) {
        return std::unexpected(summary.error());
      }
      subjects.push_back(std::move(*summary));
    }
    std::ranges::sort(subjects, {}, [](const SubjectSummary& s) { return s.contact.created_at; });
    return subjects;
  });
}

Result<SubjectSummary> SqlitePrivacyStore::subject(const TenantId& tenant,
                                                   const ContactId& contact) {
  return database_.read([&](Connection& db) { return summarize(db, tenant, contact); });
}

Result<SubjectSummary> SqlitePrivacyStore::summarize(Connection& db, const TenantId& tenant,
                                                     const ContactId& id) {
  SubjectSummary summary;
  bool exists = false;
  auto read = eachRow(db, PARLEY_SELECT_CONTACT "WHERE c.tenant_id = ? AND c.id = ?", tenant,
                      id.value, [&](const Statement& row) -> Result<void> {
                        auto contact = contactFromRow(database_, db, row);
                        if (!contact) {
                          return std::unexpected(contact.error());
                        }
                        exists = true;
                        summary.contact = std::move(*contact);
                        return {};
                      });
  if (read) {
    read =
        eachRow(db, "SELECT anonymised_at, erased_at FROM contacts WHERE tenant_id = ? AND id = ?",
                tenant, id.value, [&](const Statement& row) -> Result<void> {
                  summary.anonymised_at = optionalTime(row.optionalInteger(0));
                  summary.erased_at = optionalTime(row.optionalInteger(1));
                  return {};
                });
  }
  if (!read) {
    return std::unexpected(read.error());
  }
  if (!exists) {
    return fail(ErrorCode::NotFound, "no such contact");
  }
  std::optional<privacy::SecretKey> key;
  if (!summary.erased_at) {
    auto opened = contactKey(database_, db, tenant, id);
    if (opened) {
      key = std::move(*opened);
    } else if (opened.error().code != ErrorCode::NotFound) {
      return std::unexpected(opened.error());
    }
  }
  auto identities = eachRow(
      db,
      // Without the hint SQLite walks every identity of the tenant by its primary key.
      "SELECT channel, identity_enc, unreachable FROM contact_identities "
      "INDEXED BY contact_identities_by_contact WHERE tenant_id = ? AND contact_id = ? "
      "ORDER BY created_at",
      tenant, id.value, [&](const Statement& row) -> Result<void> {
        SubjectIdentity identity{.channel = row.text(0), .unreachable = row.optionalText(2)};
        if (key) {
          auto opened = openField(*key, tenant, kContactEntity, id.value,
                                  "identity." + identity.channel, row.blob(1));
          if (!opened) {
            return std::unexpected(opened.error());
          }
          identity.identity = std::move(*opened);
        }
        summary.identities.push_back(std::move(identity));
        return {};
      });
  auto channels = eachRow(db,
                          "SELECT DISTINCT channel FROM conversations "
                          "WHERE tenant_id = ? AND contact_id = ? ORDER BY channel",
                          tenant, id.value, [&](const Statement& row) -> Result<void> {
                            summary.channels.push_back(row.text(0));
                            return {};
                          });
  auto consents = eachRow(
      db,
      "SELECT channel, opted_out, cause, changed_at FROM contact_consents "
      "WHERE tenant_id = ? AND contact_id = ? ORDER BY channel",
      tenant, id.value, [&](const Statement& row) -> Result<void> {
        summary.consents.push_back(SubjectConsent{.channel = row.text(0),
                                                  .opted_out = row.integer(1) != 0,
                                                  .cause = row.text(2),
                                                  .changed_at = fromUnixMillis(row.integer(3))});
        return {};
      });
  // Merged into this one, or into one of those (A into B, then B into C): all of C's past.
  Result<void> merged;
  for (size_t next = 0; merged && next <= summary.merged_from.size(); ++next) {
    const std::string into = next == 0 ? id.value : summary.merged_from[next - 1].value;
    merged = eachRow(db,
                     "SELECT id FROM contacts WHERE tenant_id = ? AND merged_into = ? "
                     "ORDER BY created_at",
                     tenant, into, [&](const Statement& row) -> Result<void> {
                       summary.merged_from.push_back(ContactId{row.text(0)});
                       return {};
                     });
  }
  for (const Result<void>* part : {&identities, &channels, &consents, &merged}) {
    if (!*part) {
      return std::unexpected(part->error());
    }
  }
  auto conversations = count(
      db, "SELECT COUNT(*) FROM conversations WHERE tenant_id = ? AND contact_id = ?", tenant, id);
  auto open = count(db,
                    "SELECT COUNT(*) FROM conversations WHERE tenant_id = ? AND contact_id = ? "
                    "AND state <> 'closed'",
                    tenant, id);
  auto messages = count(db,
                        "SELECT COUNT(*) FROM conversations c JOIN messages m "
                        "ON m.tenant_id = c.tenant_id AND m.conversation_id = c.id "
                        "WHERE c.tenant_id = ? AND c.contact_id = ?",
                        tenant, id);
  auto notes = count(db,
                     "SELECT COUNT(*) FROM conversations c JOIN notes n "
                     "ON n.tenant_id = c.tenant_id AND n.conversation_id = c.id "
                     "WHERE c.tenant_id = ? AND c.contact_id = ?",
                     tenant, id);
  auto media =
      count(db, "SELECT COUNT(*) FROM media WHERE tenant_id = ? AND contact_id = ?", tenant, id);
  for (const Result<int64_t>* part : {&conversations, &open, &messages, &notes, &media}) {
    if (!*part) {
      return std::unexpected(part->error());
    }
  }
  summary.conversations = *conversations;
  summary.open_conversations = *open;
  summary.messages = *messages;
  summary.notes = *notes;
  summary.media = *media;
  return summary;
}

}  // namespace parley::storage::sqlite
