#include "storage/sqlite/channel_store.h"

#include <utility>

#include "privacy/crypto.h"
#include "storage/sqlite/contact_store.h"
#include "storage/sqlite/fields.h"
#include "storage/sqlite/sealed_contact.h"

namespace parley::storage::sqlite {
namespace {

constexpr std::string_view kEntity = "channel";
constexpr std::string_view kSecretField = "secret";
// Merges chain (a kept contact can be merged later); more links than this is a corrupt database.
constexpr int kMaxMergeHops = 64;
#define PARLEY_SELECT_CHANNEL                                                                \
  "SELECT tenant_id, id, type, name, enabled, settings, secret_enc, created_at, updated_at " \
  "FROM channels "

Result<ChannelConfig> insertChannel(Connection& db, const ChannelConfig& channel,
                                    const std::optional<std::string>& secret_sealed) {
  auto insert = db.statement(
      "INSERT INTO channels (tenant_id, id, type, name, enabled, settings, secret_enc, "
      "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)");
  if (!insert) {
    return std::unexpected(insert.error());
  }
  StatementScope scope(**insert);
  scope->bind(1, channel.tenant_id.value)
      .bind(2, channel.id.value)
      .bind(3, channel.type)
      .bind(4, channel.name)
      .bind(5, int64_t{channel.enabled ? 1 : 0})
      .bind(6, channel.settings)
      .bindOptional(7, secret_sealed)
      .bind(8, toUnixMillis(channel.created_at))
      .bind(9, toUnixMillis(channel.updated_at));
  if (auto inserted = scope->run(); !inserted) {
    return std::unexpected(inserted.error());
  }
  return channel;
}

bool channelExists(Connection& db, const TenantId& tenant, const ChannelId& channel) {
  auto query = db.statement("SELECT 1 FROM channels WHERE tenant_id = ? AND id = ?");
  if (!query) {
    return false;
  }
  StatementScope scope(**query);
  scope->bind(1, tenant.value).bind(2, channel.value);
  return scope->step();
}

// NotFound for an unknown channel; Conflict when `read_updated_at` is given and is no longer the
// stored version.
Result<ChannelConfig> replaceChannel(Connection& db, ChannelConfig channel,
                                     const std::optional<std::string>& secret_sealed,
                                     std::optional<TimePoint> read_updated_at) {
  // updated_at only moves forward, by a millisecond at least: each commit is a version of its own.
  auto update = db.statement(
      "UPDATE channels SET type = ?1, name = ?2, enabled = ?3, settings = ?4, secret_enc = ?5, "
      "updated_at = max(?6, updated_at + 1) WHERE tenant_id = ?7 AND id = ?8 "
      "AND (?9 IS NULL OR updated_at = ?9) RETURNING created_at, updated_at");
  if (!update) {
    return std::unexpected(update.error());
  }
  StatementScope scope(**update);
  scope->bind(1, channel.type)
      .bind(2, channel.name)
      .bind(3, int64_t{channel.enabled ? 1 : 0})
      .bind(4, channel.settings)
      .bindOptional(5, secret_sealed)
      .bind(6, toUnixMillis(channel.updated_at))
      .bind(7, channel.tenant_id.value)
      .bind(8, channel.id.value)
      .bindOptionalInteger(9, read_updated_at
                                  ? std::optional<int64_t>(toUnixMillis(*read_updated_at))
                                  : std::nullopt);
  if (!scope->step()) {
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    if (read_updated_at && channelExists(db, channel.tenant_id, channel.id)) {
      return fail(ErrorCode::Conflict,
                  "the channel was changed meanwhile (by someone else, or a visitors' sign-out): "
                  "reload it and try again");
    }
    return fail(ErrorCode::NotFound, "no such channel");
  }
  channel.created_at = fromUnixMillis(scope->integer(0));
  channel.updated_at = fromUnixMillis(scope->integer(1));
  while (scope->step()) {  // RETURNING: the update completes once the statement is stepped out
  }
  if (scope->error()) {
    return std::unexpected(*scope->error());
  }
  return channel;
}

// Where a contact stands on one channel.
struct ContactConsent {
  ContactId contact;  // the contact asked about, or the one it was merged into
  bool erased = false;
  std::optional<bool> opted_out;  // nullopt: never saved
};

// Follows merges to the contact that stands for `contact` now. NotFound for an unknown contact.
Result<ContactConsent> consentOf(Connection& db, const TenantId& tenant, ContactId contact,
                                 std::string_view channel) {
  auto query = db.statement(
      "SELECT c.merged_into, c.key_id IS NULL, s.opted_out FROM contacts c "
      "LEFT JOIN contact_consents s ON s.tenant_id = c.tenant_id AND s.contact_id = c.id "
      "AND s.channel = ?3 WHERE c.tenant_id = ?1 AND c.id = ?2");
  if (!query) {
    return std::unexpected(query.error());
  }
  for (int hop = 0; hop < kMaxMergeHops; ++hop) {
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, contact.value).bind(3, channel);
    if (!scope->step()) {
      if (scope->error()) {
        return std::unexpected(*scope->error());
      }
      return fail(ErrorCode::NotFound, "no such contact");
    }
    if (!scope->isNull(0)) {
      contact = ContactId{scope->text(0)};
      continue;
    }
    ContactConsent consent{.contact = std::move(contact), .erased = scope->integer(1) != 0};
    if (!scope->isNull(2)) {
      consent.opted_out = scope->integer(2) != 0;
    }
    return consent;
  }
  return fail(ErrorCode::Internal, "contacts are merged in a loop");
}

Result<void> storeConsent(Connection& db, const TenantId& tenant, const ContactId& contact,
                          std::string_view channel, bool opted_out, std::string_view cause,
                          TimePoint at) {
  auto upsert = db.statement(
      "INSERT OR REPLACE INTO contact_consents (tenant_id, contact_id, channel, opted_out, cause, "
      "changed_at) VALUES (?,?,?,?,?,?)");
  if (!upsert) {
    return std::unexpected(upsert.error());
  }
  StatementScope scope(**upsert);
  scope->bind(1, tenant.value)
      .bind(2, contact.value)
      .bind(3, channel)
      .bind(4, int64_t{opted_out ? 1 : 0})
      .bind(5, cause)
      .bind(6, toUnixMillis(at));
  return scope->run();
}

}  // namespace

std::string consentAttribute(std::string_view channel) { return "consent." + std::string(channel); }

std::string consentValue(bool opted_out, std::string_view cause) {
  return (opted_out ? "opted out (" : "opted in (") + std::string(cause) + ")";
}

Result<std::vector<MovedConsent>> mergeConsents(Connection& db, const TenantId& tenant,
                                                const ContactId& into, const ContactId& from) {
  auto query = db.statement(
      "SELECT f.channel, f.opted_out, f.cause, f.changed_at, k.opted_out "
      "FROM contact_consents f LEFT JOIN contact_consents k ON k.tenant_id = f.tenant_id "
      "AND k.contact_id = ?3 AND k.channel = f.channel "
      "WHERE f.tenant_id = ?1 AND f.contact_id = ?2");
  if (!query) {
    return std::unexpected(query.error());
  }
  std::vector<std::pair<MovedConsent, TimePoint>> taken;
  {
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, from.value).bind(3, into.value);
    while (scope->step()) {
      const bool opted_out = scope->integer(1) != 0;
      const bool kept_opted_out = !scope->isNull(4) && scope->integer(4) != 0;
      if (scope->isNull(4) || (opted_out && !kept_opted_out)) {
        taken.emplace_back(MovedConsent{scope->text(0), opted_out, scope->text(2)},
                           fromUnixMillis(scope->integer(3)));
      }
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
  }
  std::vector<MovedConsent> moved;
  for (auto& [consent, changed_at] : taken) {
    auto stored = storeConsent(db, tenant, into, consent.channel, consent.opted_out, consent.cause,
                               changed_at);
    if (!stored) {
      return std::unexpected(stored.error());
    }
    moved.push_back(std::move(consent));
  }
  auto remove = db.statement("DELETE FROM contact_consents WHERE tenant_id = ? AND contact_id = ?");
  if (!remove) {
    return std::unexpected(remove.error());
  }
  StatementScope scope(**remove);
  scope->bind(1, tenant.value).bind(2, from.value);
  if (auto removed = scope->run(); !removed) {
    return std::unexpected(removed.error());
  }
  return moved;
}

Result<ChannelConfig> SqliteChannelStore::channelFromRow(Connection& db, const Statement& row) {
  ChannelConfig channel{.tenant_id = TenantId{row.text(0)},
                        .id = ChannelId{row.text(1)},
                        .type = row.text(2),
                        .name = row.text(3),
                        .enabled = row.integer(4) != 0,
                        .settings = row.text(5),
                        .created_at = fromUnixMillis(row.integer(7)),
                        .updated_at = fromUnixMillis(row.integer(8))};
  if (auto sealed = row.optionalBlob(6)) {
    auto key = database_.tenantKey(db, channel.tenant_id);
    if (!key) {
      return std::unexpected(key.error());
    }
    auto secret =
        openField(*key, channel.tenant_id, kEntity, channel.id.value, kSecretField, *sealed);
    if (!secret) {
      return fail(ErrorCode::Internal, "channel secret does not decrypt");
    }
    channel.secret = std::move(*secret);
  }
  return channel;
}

void SqliteChannelStore::saveChannel(ChannelConfig channel, ChannelSave how,
                                     Done<ChannelConfig> done) {
  if (channel.type.empty() || channel.name.empty()) {
    done(fail(ErrorCode::ValidationFailed, "a channel needs a type and a name"));
    return;
  }
  auto key = database_.tenantKey(channel.tenant_id);
  if (!key) {
    done(std::unexpected(key.error()));
    return;
  }
  const bool creating = channel.id.empty();
  if (creating) {
    channel.id = privacy::newId<ChannelTag>();
    channel.created_at = channel.updated_at;
  }
  std::optional<std::string> secret_sealed;
  if (!channel.secret.empty()) {
    secret_sealed =
        sealField(*key, channel.tenant_id, kEntity, channel.id.value, kSecretField, channel.secret);
  }
  database_.write<ChannelConfig>(
      [channel = std::move(channel), secret_sealed = std::move(secret_sealed), creating,
       how = std::move(how)](WriteContext& context) mutable -> Result<ChannelConfig> {
        auto saved = creating ? insertChannel(context.db, channel, secret_sealed)
                              : replaceChannel(context.db, std::move(channel), secret_sealed,
                                               how.read_updated_at);
        if (!saved || !how.audit_actor) {
          return saved;
        }
        const AuditChange change{.entity = std::string(kEntity),
                                 .entity_id = saved->id.value,
                                 .attribute = how.audit_attribute};
        if (auto audited = context.audit.append(context.db, saved->tenant_id, *how.audit_actor,
                                                saved->updated_at, change);
            !audited) {
          return std::unexpected(audited.error());
        }
        return saved;
      },
      std::move(done));
}

void SqliteChannelStore::deleteChannel(TenantId tenant, ChannelId channel, Done<void> done) {
  database_.write<void>(
      [tenant = std::move(tenant),
       channel = std::move(channel)](WriteContext& context) -> Result<void> {
        auto remove = context.db.statement("DELETE FROM channels WHERE tenant_id = ? AND id = ?");
        if (!remove) {
          return std::unexpected(remove.error());
        }
        {
          StatementScope scope(**remove);
          scope->bind(1, tenant.value).bind(2, channel.value);
          if (auto removed = scope->run(); !removed) {
            return removed;
          }
        }
        if (context.db.changes() == 0) {
          return fail(ErrorCode::NotFound, "no such channel");
        }
        return {};
      },
      std::move(done));
}

Result<ChannelConfig> SqliteChannelStore::findChannel(const TenantId& tenant,
                                                      const ChannelId& channel) {
  return database_.read([&](Connection& db) -> Result<ChannelConfig> {
    auto query =
        db.statement(PARLEY_SELECT_CHANNEL
                     "WHERE tenant_id = ? AND id = ?"
                     " AND tenant_id IN (SELECT id FROM tenants WHERE deleted_at IS NULL)");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, channel.value);
    if (!scope->step()) {
      if (scope->error()) {
        return std::unexpected(*scope->error());
      }
      return fail(ErrorCode::NotFound, "no such channel");
    }
    return channelFromRow(db, *scope);
  });
}

Result<ChannelConfig> SqliteChannelStore::findChannelById(const ChannelId& channel) {
  return database_.read([&](Connection& db) -> Result<ChannelConfig> {
    auto query =
        db.statement(PARLEY_SELECT_CHANNEL
                     "WHERE id = ?"
                     " AND tenant_id IN (SELECT id FROM tenants WHERE deleted_at IS NULL)");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, channel.value);
    if (!scope->step()) {
      if (scope->error()) {
        return std::unexpected(*scope->error());
      }
      return fail(ErrorCode::NotFound, "no such channel");
    }
    return channelFromRow(db, *scope);
  });
}

Result<std::vector<std::pair<std::string, ChannelId>>> SqliteChannelStore::listChannelIds(
    const TenantId& tenant) {
  return database_.read(
      [&](Connection& db) -> Result<std::vector<std::pair<std::string, ChannelId>>> {
        auto query = db.statement("SELECT type, id FROM channels WHERE tenant_id = ? ORDER BY id");
        if (!query) {
          return std::unexpected(query.error());
        }
        StatementScope scope(**query);
        scope->bind(1, tenant.value);
        std::vector<std::pair<std::string, ChannelId>> ids;
        while (scope->step()) {
          ids.emplace_back(scope->text(0), ChannelId{scope->text(1)});
        }
        if (scope->error()) {
          return std::unexpected(*scope->error());
        }
        return ids;
      });
}

Result<std::vector<ChannelConfig>> SqliteChannelStore::listChannels(const TenantId& tenant) {
  return database_.read([&](Connection& db) -> Result<std::vector<ChannelConfig>> {
    auto query = db.statement(PARLEY_SELECT_CHANNEL "WHERE tenant_id = ? ORDER BY created_at, id");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value);
    std::vector<ChannelConfig> channels;
    while (scope->step()) {
      auto channel = channelFromRow(db, *scope);
      if (!channel) {
        return std::unexpected(channel.error());
      }
      channels.push_back(std::move(*channel));
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return channels;
  });
}

Result<bool> SqliteChannelStore::isOptedOut(const TenantId& tenant, const ContactId& contact,
                                            const std::string& channel) {
  return database_.read([&](Connection& db) -> Result<bool> {
    auto consent = consentOf(db, tenant, contact, channel);
    if (!consent) {
      if (consent.error().code == ErrorCode::NotFound) {
        return false;
      }
      return std::unexpected(consent.error());
    }
    return consent->opted_out.value_or(false);
  });
}

Result<std::optional<std::string>> SqliteChannelStore::unreachableReason(
    const TenantId& tenant, const ContactId& contact, const std::string& channel) {
  return database_.read([&](Connection& db) -> Result<std::optional<std::string>> {
    auto query = db.statement(
        "SELECT unreachable FROM contact_identities WHERE tenant_id = ? AND contact_id = ? AND "
        "channel = ? AND unreachable IS NOT NULL LIMIT 1");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, contact.value).bind(3, channel);
    if (!scope->step()) {
      if (scope->error()) {
        return std::unexpected(*scope->error());
      }
      return std::nullopt;
    }
    return std::optional(scope->text(0));
  });
}

void SqliteChannelStore::setUnreachable(TenantId tenant, ContactId contact, std::string channel,
                                        std::optional<std::string> reason, Done<void> done) {
  const TimePoint now = database_.clock().now();
  database_.write<void>(
      [tenant = std::move(tenant), contact = std::move(contact), channel = std::move(channel),
       reason = std::move(reason), now](WriteContext& context) -> Result<void> {
        auto update = context.db.statement(
            "UPDATE contact_identities SET unreachable = ?, unreachable_at = ? WHERE tenant_id = ? "
            "AND contact_id = ? AND channel = ?");
        if (!update) {
          return std::unexpected(update.error());
        }
        StatementScope scope(**update);
        scope->bindOptionalText(1, reason);
        if (reason) {
          scope->bind(2, toUnixMillis(now));
        } else {
          scope->bindNull(2);
        }
        scope->bind(3, tenant.value).bind(4, contact.value).bind(5, channel);
        return scope->run();
      },
      std::move(done));
}

void SqliteChannelStore::setOptOut(TenantId tenant, ContactId contact, std::string channel,
                                   bool opted_out, std::string cause, Actor actor,
                                   Done<void> done) {
  if (channel.empty()) {
    done(fail(ErrorCode::ValidationFailed, "consent needs a channel"));
    return;
  }
  // The audit copy is sealed here, under the key of the contact that stands for `contact` now.
  struct Prepared {
    ContactId contact;
    AuditChange change;
  };
  auto prepared = database_.read([&](Connection& db) -> Result<Prepared> {
    auto consent = consentOf(db, tenant, contact, channel);
    if (!consent) {
      return std::unexpected(consent.error());
    }
    if (consent->erased) {
      return fail(ErrorCode::Conflict, "the contact was erased");
    }
    auto key = contactKey(database_, db, tenant, consent->contact);
    if (!key) {
      return std::unexpected(key.error());
    }
    AuditChange change = auditChange(*key, tenant, kContactEntity, consent->contact.value,
                                     consentAttribute(channel), consentValue(opted_out, cause));
    return Prepared{std::move(consent->contact), std::move(change)};
  });
  if (!prepared) {
    done(std::unexpected(prepared.error()));
    return;
  }
  const TimePoint now = database_.clock().now();
  database_.write<void>(
      [tenant = std::move(tenant), prepared = std::move(*prepared), channel = std::move(channel),
       opted_out, cause = std::move(cause), actor = std::move(actor),
       now](WriteContext& context) -> Result<void> {
        auto consent = consentOf(context.db, tenant, prepared.contact, channel);
        if (!consent) {
          return std::unexpected(consent.error());
        }
        if (consent->contact != prepared.contact || consent->erased) {
          return fail(ErrorCode::Conflict, "the contact was merged or erased meanwhile");
        }
        if (consent->opted_out.value_or(false) == opted_out) {
          return {};
        }
        auto stored =
            storeConsent(context.db, tenant, prepared.contact, channel, opted_out, cause, now);
        if (!stored) {
          return stored;
        }
        return context.audit.append(context.db, tenant, actor, now, prepared.change);
      },
      std::move(done));
}

void SqliteChannelStore::replaceTemplates(TenantId tenant, ChannelId channel,
                                          std::vector<ChannelTemplate> templates, Done<void> done) {
  database_.write<void>(
      [tenant = std::move(tenant), channel = std::move(channel),
       templates = std::move(templates)](WriteContext& context) -> Result<void> {
        auto exists = context.db.statement("SELECT 1 FROM channels WHERE tenant_id = ? AND id = ?");
        auto remove = context.db.statement(
            "DELETE FROM channel_templates WHERE tenant_id = ? AND channel_id = ?");
        auto insert = context.db.statement(
            "INSERT OR REPLACE INTO channel_templates (tenant_id, channel_id, name, language, "
            "category, status, body, parameters, components) VALUES (?,?,?,?,?,?,?,?,?)");
        if (!exists || !remove || !insert) {
          return fail(ErrorCode::Internal, "bad SQL: " + context.db.lastError());
        }
        {
          StatementScope scope(**exists);
          scope->bind(1, tenant.value).bind(2, channel.value);
          if (!scope->step()) {
            return scope->error() ? Result<void>(std::unexpected(*scope->error()))
                                  : fail(ErrorCode::NotFound, "no such channel");
          }
        }
        {
          StatementScope scope(**remove);
          scope->bind(1, tenant.value).bind(2, channel.value);
          if (auto removed = scope->run(); !removed) {
            return removed;
          }
        }
        for (const ChannelTemplate& each : templates) {
          StatementScope scope(**insert);
          scope->bind(1, tenant.value)
              .bind(2, channel.value)
              .bind(3, each.name)
              .bind(4, each.language)
              .bind(5, each.category)
              .bind(6, each.status)
              .bind(7, each.body)
              .bind(8, int64_t{each.parameters})
              .bind(9, each.components_json);
          if (auto inserted = scope->run(); !inserted) {
            return inserted;
          }
        }
        return {};
      },
      std::move(done));
}

Result<std::vector<ChannelTemplate>> SqliteChannelStore::listTemplates(const TenantId& tenant,
                                                                       const ChannelId& channel) {
  return database_.read([&](Connection& db) -> Result<std::vector<ChannelTemplate>> {
    auto query = db.statement(
        "SELECT name, language, category, status, body, parameters, components FROM "
        "channel_templates WHERE tenant_id = ? AND channel_id = ? ORDER BY name, language");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, channel.value);
    std::vector<ChannelTemplate> templates;
    while (scope->step()) {
      templates.push_back({.name = scope->text(0),
                           .language = scope->text(1),
                           .category = scope->text(2),
                           .status = scope->text(3),
                           .body = scope->text(4),
                           .parameters = static_cast<int>(scope->integer(5)),
                           .components_json = scope->text(6)});
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return templates;
  });
}

}  // namespace parley::storage::sqlite
