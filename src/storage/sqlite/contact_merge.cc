// Merging two contacts (the same customer reached us twice): everything of the merged contact moves
// to the kept one in one transaction, re-sealed under the kept contact's key so that erasing it
// later erases all of it (P10). The kept contact's fields win; empty ones are filled from the
// merged contact; of two consents on one channel, an opt-out wins; every change is audited. The
// merged contact keeps its row and its own audit trail, loses its look-ups and consents, and names
// the contact it went into.
#include <algorithm>
#include <functional>

#include "storage/sqlite/channel_store.h"
#include "storage/sqlite/contact_store.h"
#include "storage/sqlite/conversation_rows.h"
#include "storage/sqlite/fields.h"
#include "storage/sqlite/media_store.h"
#include "storage/sqlite/sealed_contact.h"

namespace parley::storage::sqlite {
namespace {

struct Side {
  ContactId id;
  privacy::SecretKey key;
  std::optional<std::string> name, email, phone;
  std::map<std::string, std::string> attributes;
};

Result<Side> loadSide(Database& database, Connection& db, const TenantId& tenant,
                      const ContactId& id) {
  auto query = db.statement(
      "SELECT name_enc, email_enc, phone_enc, attributes_enc, merged_into FROM contacts "
      "WHERE tenant_id = ? AND id = ? AND key_id IS NOT NULL");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant.value).bind(2, id.value);
  if (!scope->step()) {
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return fail(ErrorCode::NotFound, "no such contact: " + id.value);
  }
  if (!scope->isNull(4)) {
    return fail(ErrorCode::Conflict, "contact " + id.value + " was merged already");
  }
  auto key = contactKey(database, db, tenant, id);
  if (!key) {
    return std::unexpected(key.error());
  }
  Side side{.id = id, .key = *key};
  auto name = openOptional(*key, tenant, kContactEntity, id.value, "name", scope->optionalBlob(0));
  auto email =
      openOptional(*key, tenant, kContactEntity, id.value, "email", scope->optionalBlob(1));
  auto phone =
      openOptional(*key, tenant, kContactEntity, id.value, "phone", scope->optionalBlob(2));
  auto attributes =
      openOptional(*key, tenant, kContactEntity, id.value, "attributes", scope->optionalBlob(3));
  if (!name || !email || !phone || !attributes) {
    return fail(ErrorCode::Internal, "contact record does not decrypt");
  }
  side.name = std::move(*name);
  side.email = std::move(*email);
  side.phone = std::move(*phone);
  if (*attributes) {
    auto decoded = decodeAttributes(**attributes);
    if (!decoded) {
      return std::unexpected(decoded.error());
    }
    side.attributes = std::move(*decoded);
  }
  return side;
}

// A sealed column of rows that belong to the merged contact, re-sealed under the kept contact's
// key. `select` binds (1) tenant, (2) merged contact and yields (row key, sealed[, channel]);
// `update` binds (1) sealed, (2) tenant, (3) row key and may use ?4 for the kept contact.
struct Reseal {
  const char* select;
  const char* update;
  // The field context of a row, for the contact id given.
  std::function<std::string(const std::string& row, const std::string& extra,
                            const ContactId& contact)>
      context;
  bool blob_key = false;  // the row key is a BLOB (a blind index), not a TEXT id
};

Result<void> reseal(Connection& db, const TenantId& tenant, const Side& from, const Side& into,
                    const Reseal& plan) {
  auto select = db.statement(plan.select);
  auto update = db.statement(plan.update);
  if (!select || !update) {
    return fail(ErrorCode::Internal, "bad SQL: " + db.lastError());
  }
  struct Row {
    std::string key, sealed, extra;
  };
  std::vector<Row> rows;
  {
    StatementScope scope(**select);
    scope->bind(1, tenant.value).bind(2, from.id.value);
    while (scope->step()) {
      rows.push_back({plan.blob_key ? scope->blob(0) : scope->text(0), scope->blob(1),
                      scope->isNull(2) ? "" : scope->text(2)});
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
  }
  for (const Row& row : rows) {
    auto plain = privacy::unseal(from.key, row.sealed, plan.context(row.key, row.extra, from.id));
    if (!plain) {
      return fail(ErrorCode::Internal, "a record of the merged contact does not decrypt");
    }
    StatementScope scope(**update);
    scope->bindBlob(1, privacy::seal(into.key, *plain, plan.context(row.key, row.extra, into.id)))
        .bind(2, tenant.value)
        .bind(4, into.id.value);
    if (plan.blob_key) {
      scope->bindBlob(3, row.key);
    } else {
      scope->bind(3, row.key);
    }
    if (auto updated = scope->run(); !updated) {
      return updated;
    }
  }
  return {};
}

Result<void> run(Connection& db, const char* sql, const TenantId& tenant, const ContactId& into,
                 const ContactId& from) {
  auto statement = db.statement(sql);
  if (!statement) {
    return std::unexpected(statement.error());
  }
  StatementScope scope(**statement);
  scope->bind(1, into.value).bind(2, tenant.value).bind(3, from.value);
  return scope->run();
}

Result<std::vector<std::string>> openChannels(Connection& db, const TenantId& tenant,
                                              const ContactId& contact) {
  auto query = db.statement(
      "SELECT channel FROM conversations WHERE tenant_id = ? AND contact_id = ? "
      "AND state <> 'closed'");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant.value).bind(2, contact.value);
  std::vector<std::string> channels;
  while (scope->step()) {
    channels.push_back(scope->text(0));
  }
  if (scope->error()) {
    return std::unexpected(*scope->error());
  }
  return channels;
}

Result<void> mergeInto(Database& database, WriteContext& context, const TenantId& tenant,
                       const ContactId& into_id, const ContactId& from_id, const Actor& actor,
                       TimePoint now) {
  Connection& db = context.db;
  auto into = loadSide(database, db, tenant, into_id);
  auto from = loadSide(database, db, tenant, from_id);
  if (!into || !from) {
    return std::unexpected(into ? from.error() : into.error());
  }
  // One open conversation per contact and channel: the agents must close one first.
  auto into_open = openChannels(db, tenant, into_id);
  auto from_open = openChannels(db, tenant, from_id);
  if (!into_open || !from_open) {
    return std::unexpected(into_open ? from_open.error() : into_open.error());
  }
  for (const std::string& channel : *from_open) {
    if (std::find(into_open->begin(), into_open->end(), channel) != into_open->end()) {
      return fail(ErrorCode::Conflict, "both contacts have an open conversation on " + channel +
                                           "; close one before merging");
    }
  }

  // Identities, messages, notes and media keys move under the kept contact's key.
  const Reseal plans[] = {
      {"SELECT identity_index, identity_enc, channel FROM contact_identities "
       "INDEXED BY contact_identities_by_contact WHERE tenant_id = ? AND contact_id = ?",
       "UPDATE contact_identities SET identity_enc = ?1, contact_id = ?4 "
       "WHERE tenant_id = ?2 AND identity_index = ?3",
       [&](const std::string&, const std::string& channel, const ContactId& contact) {
         return fieldContext(tenant, kContactEntity, contact.value, "identity." + channel);
       },
       /*blob_key=*/true},
      {"SELECT id, content_enc, NULL FROM messages WHERE tenant_id = ? AND contact_id = ?",
       "UPDATE messages SET content_enc = ?1, contact_id = ?4 WHERE tenant_id = ?2 AND id = ?3",
       [&](const std::string& id, const std::string&, const ContactId&) {
         return fieldContext(tenant, kMessageEntity, id, "content");
       }},
      {"SELECT n.id, n.text_enc, NULL FROM notes n JOIN conversations c "
       "ON c.tenant_id = n.tenant_id AND c.id = n.conversation_id "
       "WHERE n.tenant_id = ? AND c.contact_id = ?",
       "UPDATE notes SET text_enc = ?1 WHERE tenant_id = ?2 AND id = ?3 AND ?4 IS NOT NULL",
       [&](const std::string& id, const std::string&, const ContactId&) {
         return fieldContext(tenant, kNoteEntity, id, "text");
       }},
      {"SELECT id, key_enc, NULL FROM media WHERE tenant_id = ? AND contact_id = ?",
       "UPDATE media SET key_enc = ?1, contact_id = ?4 WHERE tenant_id = ?2 AND id = ?3",
       [&](const std::string& id, const std::string&, const ContactId&) {
         return mediaKeyContext(tenant, id);
       }},
  };
  for (const Reseal& plan : plans) {
    if (auto moved = reseal(db, tenant, *from, *into, plan); !moved) {
      return moved;
    }
  }
  for (const char* sql :
       {"UPDATE conversations SET contact_id = ?1 WHERE tenant_id = ?2 AND contact_id = ?3",
        "INSERT OR IGNORE INTO contact_lookup (tenant_id, kind, blind_index, contact_id) "
        "SELECT tenant_id, kind, blind_index, ?1 FROM contact_lookup "
        "WHERE tenant_id = ?2 AND contact_id = ?3",
        "DELETE FROM contact_lookup WHERE tenant_id = ?2 AND contact_id = ?3 AND ?1 IS NOT NULL",
        "UPDATE contacts SET merged_into = ?1 WHERE tenant_id = ?2 AND id = ?3"}) {
    if (auto done = run(db, sql, tenant, into_id, from_id); !done) {
      return done;
    }
  }

  // The kept contact's empty fields are filled from the merged one; its own values win.
  std::vector<AuditChange> changes;
  auto fill = [&](std::optional<std::string>& mine, const std::optional<std::string>& theirs,
                  std::string_view field) {
    if (!mine && theirs) {
      mine = theirs;
      changes.push_back(
          auditChange(into->key, tenant, kContactEntity, into_id.value, field, *mine));
    }
  };
  fill(into->name, from->name, "name");
  fill(into->email, from->email, "email");
  fill(into->phone, from->phone, "phone");
  for (const auto& [name, value] : from->attributes) {
    if (into->attributes.emplace(name, value).second) {
      changes.push_back(auditChange(into->key, tenant, kContactEntity, into_id.value,
                                    "attributes." + name, value));
    }
  }
  auto consents = mergeConsents(db, tenant, into_id, from_id);
  if (!consents) {
    return std::unexpected(consents.error());
  }
  for (const MovedConsent& consent : *consents) {
    changes.push_back(auditChange(into->key, tenant, kContactEntity, into_id.value,
                                  consentAttribute(consent.channel),
                                  consentValue(consent.opted_out, consent.cause)));
  }
  changes.push_back(
      auditChange(into->key, tenant, kContactEntity, into_id.value, "mergedFrom", from_id.value));
  auto update = db.statement(
      "UPDATE contacts SET name_enc = ?, email_enc = ?, phone_enc = ?, attributes_enc = ?, "
      "updated_at = ? WHERE tenant_id = ? AND id = ?");
  if (!update) {
    return std::unexpected(update.error());
  }
  {
    const std::string& id = into_id.value;
    std::optional<std::string> attributes;
    if (!into->attributes.empty()) {
      attributes = sealField(into->key, tenant, kContactEntity, id, "attributes",
                             encodeAttributes(into->attributes));
    }
    StatementScope scope(**update);
    scope->bindOptional(1, sealOptional(into->key, tenant, kContactEntity, id, "name", into->name))
        .bindOptional(2, sealOptional(into->key, tenant, kContactEntity, id, "email", into->email))
        .bindOptional(3, sealOptional(into->key, tenant, kContactEntity, id, "phone", into->phone))
        .bindOptional(4, attributes)
        .bind(5, toUnixMillis(now))
        .bind(6, tenant.value)
        .bind(7, id);
    if (auto updated = scope->run(); !updated) {
      return updated;
    }
  }
  changes.push_back(
      auditChange(from->key, tenant, kContactEntity, from_id.value, "mergedInto", into_id.value));
  for (const AuditChange& change : changes) {
    if (auto audited = context.audit.append(db, tenant, actor, now, change); !audited) {
      return audited;
    }
  }
  return {};
}

}  // namespace

void SqliteContactStore::mergeContacts(TenantId tenant, ContactId into, ContactId from, Actor actor,
                                       Done<Contact> done) {
  if (into == from) {
    done(fail(ErrorCode::ValidationFailed, "a contact cannot be merged into itself"));
    return;
  }
  const TimePoint now = database_.clock().now();
  database_.write<void>(
      [this, tenant, into, from, actor, now](WriteContext& context) -> Result<void> {
        return mergeInto(database_, context, tenant, into, from, actor, now);
      },
      [this, tenant, into, done = std::move(done)](Result<void> merged) mutable {
        if (!merged) {
          done(std::unexpected(merged.error()));
          return;
        }
        done(findContact(tenant, into));
      });
}

}  // namespace parley::storage::sqlite
