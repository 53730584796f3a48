// Creating and changing contacts in bulk (contacts import, I5) and one at a time (an edit): a
// change is planned against the contact as read (matched by id, email, phone or identity), sealed
// under that contact's key on the caller's thread, and written only if the contact's sealed row is
// still what the plan read, so a change made meanwhile is never overwritten unseen.
#include <algorithm>
#include <array>
#include <set>
#include <tuple>

#include "privacy/blind_index.h"
#include "privacy/phone_number.h"
#include "storage/sqlite/contact_store.h"
#include "storage/sqlite/fields.h"
#include "storage/sqlite/privacy_store.h"
#include "storage/sqlite/sealed_contact.h"

namespace parley::storage::sqlite {

using Action = ContactChangeOutcome::Action;

// One change as planned: the outcome, and for an update what was read.
struct SqliteContactStore::PlannedChange {
  ContactChangeOutcome outcome;
  std::optional<Contact> current;                          // an update's contact as read, opened
  std::array<std::optional<std::string>, 5> read_columns;  // its key id and sealed fields
  privacy::SecretKey key;                                  // an update's contact key
  std::vector<std::pair<std::string, std::string>> new_identities;  // channel, address
};

namespace {

// Contacts whose look-up of `kind` is `value` (blind-indexed).
Result<std::set<std::string>> lookUp(Connection& db, const TenantId& tenant, std::string_view kind,
                                     const std::string& index) {
  auto query = db.statement(
      "SELECT contact_id FROM contact_lookup WHERE tenant_id = ? AND kind = ? AND blind_index = ?");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant.value).bind(2, kind).bindBlob(3, index);
  std::set<std::string> found;
  while (scope->step()) {
    found.insert(scope->text(0));
  }
  if (scope->error()) {
    return std::unexpected(*scope->error());
  }
  return found;
}

// The contact as read (its `merged_into` set when it went into another), with its raw key and
// sealed columns to compare at write time; nothing when erased or unknown.
struct ReadContact {
  Contact contact;
  std::array<std::optional<std::string>, 5> columns;
};
Result<std::optional<ReadContact>> readContact(Database& database, Connection& db,
                                               const TenantId& tenant, const ContactId& id) {
  auto query = db.statement(PARLEY_SELECT_CONTACT "WHERE c.tenant_id = ? AND c.id = ?");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant.value).bind(2, id.value);
  if (!scope->step()) {
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return std::optional<ReadContact>();
  }
  if (scope->isNull(2)) {
    return std::optional<ReadContact>();  // erased
  }
  auto contact = contactFromRow(database, db, *scope);
  if (!contact) {
    return std::unexpected(contact.error());
  }
  ReadContact read{.contact = std::move(*contact)};
  for (int column = 0; column < 5; ++column) {
    read.columns[column] = scope->optionalBlob(2 + column);
  }
  return std::optional(std::move(read));
}

}  // namespace

Result<SqliteContactStore::PlannedChange> SqliteContactStore::planOne(
    Connection& db, const TenantId& tenant, const privacy::SecretKey& index_key,
    std::string_view phone_region, const ContactChanges& change) {
  PlannedChange plan;
  auto failed = [&](std::string why) {
    plan.outcome = {.action = Action::Failed, .error = std::move(why)};
    return std::move(plan);
  };
  std::optional<std::string> target;
  if (change.id) {
    auto read = readContact(database_, db, tenant, *change.id);
    if (!read) {
      return std::unexpected(read.error());
    }
    if (!*read) {
      return failed("no contact has the id " + change.id->value + " (or it was erased)");
    }
    // A merged-away contact keeps its old fields: applying them to the one it went into would
    // undo what the merge kept.
    if (const auto& into = (*read)->contact.merged_into) {
      return failed("contact " + change.id->value + " was merged into " + into->value +
                    ": change that one");
    }
    target = (*read)->contact.id.value;
  } else {
    std::optional<std::string> matched_by;
    for (ContactKey kind : {ContactKey::Email, ContactKey::Phone}) {
      const auto& value = kind == ContactKey::Email ? change.email : change.phone;
      if (!value || value->empty()) {
        continue;
      }
      const std::string_view name = contactLookupKind(kind);
      auto found = lookUp(
          db, tenant, name,
          privacy::blindIndex(index_key, name, normalizedContactValue(kind, *value, phone_region)));
      if (!found) {
        return std::unexpected(found.error());
      }
      if (found->size() > 1) {
        return failed(std::to_string(found->size()) + " contacts have the " + std::string(name) +
                      " " + *value + ": give the contact's id");
      }
      if (found->empty()) {
        continue;
      }
      if (target && *target != *found->begin()) {
        return failed("the " + *matched_by + " and the " + std::string(name) +
                      " belong to two different contacts: give the contact's id");
      }
      target = *found->begin();
      matched_by = std::string(name);
    }
  }
  for (const auto& [channel, address] : change.identities) {
    auto owner = findIdentity(db, tenant, channel, identityIndex(index_key, channel, address));
    if (!owner) {
      return std::unexpected(owner.error());
    }
    if (!*owner) {
      plan.new_identities.emplace_back(channel, address);
    } else if (!target && !change.id) {
      target = (*owner)->value;
    } else if ((*owner)->value != *target) {
      return failed("identity." + channel + " " + address + " belongs to another contact");
    }
  }
  if (!target) {
    if (!change.name && !change.email && !change.phone && change.identities.empty()) {
      return failed("nothing says who this is: give a name, email, phone or identity");
    }
    plan.outcome.action = Action::Created;
    for (const char* field : {"name", "email", "phone"}) {
      const auto& value = std::string_view(field) == "name"    ? change.name
                          : std::string_view(field) == "email" ? change.email
                                                               : change.phone;
      if (value && !value->empty()) {
        plan.outcome.changed.emplace_back(field);
      }
    }
    for (const auto& [name, value] : change.attributes) {
      if (!value.empty()) {
        plan.outcome.changed.push_back("attributes." + name);
      }
    }
    for (const auto& [channel, address] : plan.new_identities) {
      plan.outcome.changed.push_back("identity." + channel);
    }
    return plan;
  }
  auto read = readContact(database_, db, tenant, ContactId{*target});
  if (!read) {
    return std::unexpected(read.error());
  }
  if (!*read || (*read)->contact.merged_into) {
    return failed("the contact was erased or merged meanwhile: try again");
  }
  const Contact& current = (*read)->contact;
  auto differs = [&](ContactKey* kind, const std::optional<std::string>& wanted,
                     const std::optional<std::string>& now) {
    if (!wanted) {
      return false;
    }
    if (wanted->empty() || !now) {
      return wanted->empty() != !now.has_value();
    }
    return kind ? normalizedContactValue(*kind, *wanted, phone_region) !=
                      normalizedContactValue(*kind, *now, phone_region)
                : *wanted != *now;
  };
  ContactKey email = ContactKey::Email, phone = ContactKey::Phone;
  if (differs(nullptr, change.name, current.name)) {
    plan.outcome.changed.emplace_back("name");
  }
  if (differs(&email, change.email, current.email)) {
    plan.outcome.changed.emplace_back("email");
  }
  if (differs(&phone, change.phone, current.phone)) {
    plan.outcome.changed.emplace_back("phone");
  }
  for (const auto& [name, value] : change.attributes) {
    const auto now = current.attributes.find(name);
    if (value.empty() ? now != current.attributes.end()
                      : now == current.attributes.end() || now->second != value) {
      plan.outcome.changed.push_back("attributes." + name);
    }
  }
  for (const auto& [channel, address] : plan.new_identities) {
    plan.outcome.changed.push_back("identity." + channel);
  }
  plan.outcome.action = plan.outcome.changed.empty() ? Action::Unchanged : Action::Updated;
  plan.outcome.contact = current.id;
  plan.read_columns = (*read)->columns;
  plan.current = current;
  return plan;
}

Result<std::vector<SqliteContactStore::PlannedChange>> SqliteContactStore::plan(
    const TenantId& tenant, const std::vector<ContactChanges>& changes) {
  auto tenant_key = database_.tenantKey(tenant);
  if (!tenant_key) {
    return std::unexpected(tenant_key.error());
  }
  const privacy::SecretKey index_key = privacy::Keyring::tenantIndexKey(*tenant_key);
  return database_.read([&](Connection& db) -> Result<std::vector<PlannedChange>> {
    auto settings = readPrivacySettings(db, tenant);
    if (!settings) {
      return std::unexpected(settings.error());
    }
    std::vector<PlannedChange> plans;
    plans.reserve(changes.size());
    for (const ContactChanges& change : changes) {
      auto planned = planOne(db, tenant, index_key, settings->phone_region, change);
      if (!planned) {
        return std::unexpected(planned.error());
      }
      if (planned->current) {
        auto key = contactKey(database_, db, tenant, planned->current->id);
        if (!key) {
          return std::unexpected(key.error());
        }
        planned->key = std::move(*key);
      }
      plans.push_back(std::move(*planned));
    }
    return plans;
  });
}

Result<std::vector<ContactChangeOutcome>> SqliteContactStore::planContactChanges(
    const TenantId& tenant, const std::vector<ContactChanges>& changes) {
  auto plans = plan(tenant, changes);
  if (!plans) {
    return std::unexpected(plans.error());
  }
  std::vector<ContactChangeOutcome> outcomes;
  outcomes.reserve(plans->size());
  for (PlannedChange& planned : *plans) {
    outcomes.push_back(std::move(planned.outcome));
  }
  return outcomes;
}

namespace {

// A planned change sealed on the caller's thread, so that the writer runs SQL alone.
struct SealedChange {
  size_t index = 0;  // its outcome's
  bool create = false;
  Contact contact;       // as it will be
  SealedContact sealed;  // its key, fields, look-ups and audit copies (an update's: of changes)
  std::array<std::optional<std::string>, 5> expected;  // an update's row as planned
  std::vector<std::string> relooked;                   // an update's look-up kinds to replace
  struct Identity {
    std::string channel, index, sealed;
  };
  std::vector<Identity> identities;
};

// The contact as the change leaves it: the fields the plan found changed are set ("" clears), the
// rest kept (a phone given in another form stays as it was written).
Contact changedContact(const TenantId& tenant, const ContactChanges& change,
                       const std::optional<Contact>& current, const ContactId& new_id,
                       const std::vector<std::string>& changed, TimePoint now) {
  Contact contact =
      current ? *current : Contact{.tenant_id = tenant, .id = new_id, .created_at = now};
  const auto isChanged = [&](std::string_view field) {
    return std::find(changed.begin(), changed.end(), field) != changed.end();
  };
  for (auto [name, wanted, field] : {std::tuple{"name", &change.name, &contact.name},
                                     std::tuple{"email", &change.email, &contact.email},
                                     std::tuple{"phone", &change.phone, &contact.phone}}) {
    if (*wanted && isChanged(name)) {
      *field = (*wanted)->empty() ? std::nullopt : *wanted;
    }
  }
  for (const auto& [name, value] : change.attributes) {
    if (!isChanged("attributes." + name)) {
      continue;
    }
    if (value.empty()) {
      contact.attributes.erase(name);
    } else {
      contact.attributes[name] = value;
    }
  }
  return contact;
}

// Only crypto: runs on the caller's thread. A new contact comes with its new key.
SealedChange sealPlannedChange(const std::optional<NewContactKey>& new_key,
                               const privacy::SecretKey& tenant_key, const TenantId& tenant,
                               std::string_view phone_region, const ContactChanges& change,
                               const std::optional<Contact>& current,
                               const privacy::SecretKey& current_key,
                               const std::vector<std::string>& changed,
                               const std::vector<std::pair<std::string, std::string>>& identities,
                               TimePoint now) {
  SealedChange sealed;
  sealed.create = !current;
  sealed.contact = changedContact(tenant, change, current, new_key ? new_key->contact : ContactId{},
                                  changed, now);
  const Contact& contact = sealed.contact;
  const std::string& id = contact.id.value;
  if (sealed.create) {
    sealed.sealed = sealContact(*new_key, tenant_key, contact, phone_region);
  } else {
    const privacy::SecretKey& key = current_key;
    SealedContact& fields = sealed.sealed;
    fields.key = key;
    fields.name = sealOptional(key, tenant, kContactEntity, id, "name", contact.name);
    fields.email = sealOptional(key, tenant, kContactEntity, id, "email", contact.email);
    fields.phone = sealOptional(key, tenant, kContactEntity, id, "phone", contact.phone);
    if (!contact.attributes.empty()) {
      fields.attributes = sealField(key, tenant, kContactEntity, id, "attributes",
                                    encodeAttributes(contact.attributes));
    }
    const auto isChanged = [&](std::string_view field) {
      return std::find(changed.begin(), changed.end(), field) != changed.end();
    };
    for (const char* kind : {"name", "email", "phone"}) {
      if (isChanged(kind)) {
        sealed.relooked.emplace_back(kind);
      }
    }
    for (auto& lookup :
         contactLookups(privacy::Keyring::tenantIndexKey(tenant_key), contact, phone_region)) {
      if (isChanged(lookup.first)) {
        fields.lookups.push_back(std::move(lookup));
      }
    }
    for (const std::string& field : changed) {
      if (field.starts_with("identity.")) {
        continue;  // below
      }
      std::string value;
      if (field.starts_with("attributes.")) {
        const auto now_value = contact.attributes.find(field.substr(sizeof("attributes.") - 1));
        value = now_value == contact.attributes.end() ? "" : now_value->second;
      } else {
        const auto& now_value = field == "name"    ? contact.name
                                : field == "email" ? contact.email
                                                   : contact.phone;
        value = now_value.value_or("");
      }
      fields.changes.push_back(auditChange(key, tenant, kContactEntity, id, field, value));
    }
  }
  const privacy::SecretKey index_key = privacy::Keyring::tenantIndexKey(tenant_key);
  for (const auto& [channel, address] : identities) {
    const std::string attribute = "identity." + channel;
    sealed.identities.push_back(
        {channel, identityIndex(index_key, channel, address),
         sealField(sealed.sealed.key, tenant, kContactEntity, id, attribute, address)});
    sealed.sealed.changes.push_back(
        auditChange(sealed.sealed.key, tenant, kContactEntity, id, attribute, address));
  }
  return sealed;
}

// Whether the contact's row is still as the plan read it; the caller fails the change if not.
Result<bool> unchangedSincePlan(Connection& db, const SealedChange& change) {
  auto query = db.statement(
      "SELECT key_id, name_enc, email_enc, phone_enc, attributes_enc, merged_into "
      "FROM contacts WHERE tenant_id = ? AND id = ?");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, change.contact.tenant_id.value).bind(2, change.contact.id.value);
  if (!scope->step()) {
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return false;
  }
  for (int column = 0; column < 5; ++column) {
    if (scope->optionalBlob(column) != change.expected[column]) {
      return false;
    }
  }
  return scope->isNull(5);
}

Result<void> updateContactRow(WriteContext& context, const SealedChange& change, TimePoint now,
                              const Actor& actor) {
  const TenantId& tenant = change.contact.tenant_id;
  const std::string& id = change.contact.id.value;
  Connection& db = context.db;
  auto update = db.statement(
      "UPDATE contacts SET name_enc = ?, email_enc = ?, phone_enc = ?, attributes_enc = ?, "
      "updated_at = ? WHERE tenant_id = ? AND id = ?");
  auto forget = db.statement(
      "DELETE FROM contact_lookup WHERE tenant_id = ? AND contact_id = ? AND kind = ?");
  auto lookup = db.statement(
      "INSERT OR IGNORE INTO contact_lookup (tenant_id, kind, blind_index, contact_id) "
      "VALUES (?,?,?,?)");
  if (!update || !forget || !lookup) {
    return fail(ErrorCode::Internal, "bad SQL: " + db.lastError());
  }
  {
    StatementScope scope(**update);
    scope->bindOptional(1, change.sealed.name)
        .bindOptional(2, change.sealed.email)
        .bindOptional(3, change.sealed.phone)
        .bindOptional(4, change.sealed.attributes)
        .bind(5, toUnixMillis(now))
        .bind(6, tenant.value)
        .bind(7, id);
    if (auto updated = scope->run(); !updated) {
      return updated;
    }
  }
  for (const std::string& kind : change.relooked) {
    StatementScope scope(**forget);
    scope->bind(1, tenant.value).bind(2, id).bind(3, kind);
    if (auto forgotten = scope->run(); !forgotten) {
      return forgotten;
    }
  }
  for (const auto& [kind, index] : change.sealed.lookups) {
    StatementScope scope(**lookup);
    scope->bind(1, tenant.value).bind(2, kind).bindBlob(3, index).bind(4, id);
    if (auto inserted = scope->run(); !inserted) {
      return inserted;
    }
  }
  for (const AuditChange& audit : change.sealed.changes) {
    if (auto appended = context.audit.append(db, tenant, actor, now, audit); !appended) {
      return appended;
    }
  }
  return {};
}

// One sealed change in the writer; its outcome failed when it cannot be made now.
Result<void> writeChange(WriteContext& context, const SealedChange& change,
                         ContactChangeOutcome& outcome, TimePoint now, const Actor& actor) {
  const TenantId& tenant = change.contact.tenant_id;
  for (const SealedChange::Identity& identity : change.identities) {
    auto owner = findIdentity(context.db, tenant, identity.channel, identity.index);
    if (!owner) {
      return std::unexpected(owner.error());
    }
    if (*owner && **owner != change.contact.id) {
      outcome = {.action = ContactChangeOutcome::Action::Failed,
                 .error = "identity." + identity.channel + " became another contact's meanwhile"};
      return {};
    }
  }
  if (change.create) {
    if (auto inserted = insertContact(context, change.contact, change.sealed, actor); !inserted) {
      return inserted;
    }
  } else {
    auto unchanged = unchangedSincePlan(context.db, change);
    if (!unchanged) {
      return std::unexpected(unchanged.error());
    }
    if (!*unchanged) {
      outcome = {.action = ContactChangeOutcome::Action::Failed,
                 .error = "the contact was changed, merged or erased meanwhile: try again"};
      return {};
    }
    if (auto updated = updateContactRow(context, change, now, actor); !updated) {
      return updated;
    }
  }
  for (const SealedChange::Identity& identity : change.identities) {
    auto inserted = insertContactIdentity(context.db, tenant, identity.channel, identity.index,
                                          change.contact.id, identity.sealed, now);
    if (!inserted) {
      return inserted;
    }
  }
  return {};  // the identities' audit copies went with the fields'
}

}  // namespace

void SqliteContactStore::applyContactChanges(TenantId tenant, std::vector<ContactChanges> changes,
                                             Actor actor,
                                             Done<std::vector<ContactChangeOutcome>> done) {
  auto tenant_key = database_.tenantKey(tenant);
  if (!tenant_key) {
    done(std::unexpected(tenant_key.error()));
    return;
  }
  auto settings = database_.read([&](Connection& db) { return readPrivacySettings(db, tenant); });
  if (!settings) {
    done(std::unexpected(settings.error()));
    return;
  }
  auto plans = plan(tenant, changes);
  if (!plans) {
    done(std::unexpected(plans.error()));
    return;
  }
  const TimePoint now = database_.clock().now();
  std::vector<ContactChangeOutcome> outcomes;
  std::vector<SealedChange> sealed;
  std::set<std::string> targets;  // the contacts changed by this call so far
  for (size_t i = 0; i < plans->size(); ++i) {
    PlannedChange& planned = (*plans)[i];
    if (planned.current && !targets.insert(planned.current->id.value).second) {
      planned.outcome = {.action = Action::Deferred, .contact = planned.current->id};
    }
    if (planned.outcome.action == Action::Created || planned.outcome.action == Action::Updated) {
      std::optional<NewContactKey> new_key;
      if (!planned.current) {
        auto made = database_.contactKeys().newContactKey(tenant, *tenant_key);
        if (!made) {
          done(std::unexpected(made.error()));
          return;
        }
        new_key = std::move(*made);
      }
      SealedChange change = sealPlannedChange(new_key, *tenant_key, tenant, settings->phone_region,
                                              changes[i], planned.current, planned.key,
                                              planned.outcome.changed, planned.new_identities, now);
      change.index = i;
      change.expected = planned.read_columns;
      planned.outcome.contact = change.contact.id;
      sealed.push_back(std::move(change));
    }
    outcomes.push_back(std::move(planned.outcome));
  }
  database_.write<std::vector<ContactChangeOutcome>>(
      [sealed = std::move(sealed), outcomes = std::move(outcomes), now, actor = std::move(actor)](
          WriteContext& context) mutable -> Result<std::vector<ContactChangeOutcome>> {
        for (const SealedChange& change : sealed) {
          auto written = writeChange(context, change, outcomes[change.index], now, actor);
          if (!written) {
            return std::unexpected(written.error());
          }
        }
        return std::move(outcomes);
      },
      std::move(done));
}

Result<std::vector<ContactRecord>> SqliteContactStore::listContacts(const TenantId& tenant,
                                                                    const ContactId& after,
                                                                    size_t limit) {
  return database_.read([&](Connection& db) -> Result<std::vector<ContactRecord>> {
    auto query = db.statement(PARLEY_SELECT_CONTACT
                              "WHERE c.tenant_id = ? AND c.id > ? AND c.key_id IS NOT NULL "
                              "AND c.merged_into IS NULL ORDER BY c.id LIMIT ?");
    auto identities = db.statement(
        "SELECT channel, identity_enc FROM contact_identities "
        "INDEXED BY contact_identities_by_contact WHERE tenant_id = ? AND contact_id = ? "
        "ORDER BY channel, created_at");
    if (!query || !identities) {
      return fail(ErrorCode::Internal, "bad SQL: " + db.lastError());
    }
    std::vector<ContactRecord> records;
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, after.value).bind(3, static_cast<int64_t>(limit));
    while (scope->step()) {
      auto contact = contactFromRow(database_, db, *scope);
      if (!contact) {
        return std::unexpected(contact.error());
      }
      auto key = contactKey(database_, db, tenant, contact->id);
      if (!key) {
        return std::unexpected(key.error());
      }
      ContactRecord record{.contact = std::move(*contact)};
      StatementScope rows(**identities);
      rows->bind(1, tenant.value).bind(2, record.contact.id.value);
      while (rows->step()) {
        std::string channel = rows->text(0);
        auto address = openField(*key, tenant, kContactEntity, record.contact.id.value,
                                 "identity." + channel, rows->blob(1));
        if (!address) {
          return std::unexpected(address.error());
        }
        record.identities.emplace_back(std::move(channel), std::move(*address));
      }
      if (rows->error()) {
        return std::unexpected(*rows->error());
      }
      records.push_back(std::move(record));
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return records;
  });
}

}  // namespace parley::storage::sqlite
