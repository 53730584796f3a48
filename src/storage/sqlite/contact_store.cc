#include "storage/sqlite/contact_store.h"

#include "privacy/blind_index.h"
#include "storage/sqlite/fields.h"

namespace parley::storage::sqlite {
namespace {

constexpr std::string_view kEntity = "contact";
#define PARLEY_SELECT_CONTACT                                                       \
  "SELECT c.tenant_id, c.id, c.wrapped_key, c.name_enc, c.email_enc, c.phone_enc, " \
  "c.attributes_enc, c.created_at FROM contacts c "

std::string_view lookupKind(ContactKey key) { return key == ContactKey::Email ? "email" : "phone"; }

std::string normalized(ContactKey key, std::string_view value) {
  return key == ContactKey::Email ? privacy::normalizeEmail(value) : privacy::normalizePhone(value);
}

// What a new contact's row holds, sealed on the caller's thread so the writer only runs SQL.
struct SealedContact {
  std::string wrapped_key;
  std::optional<std::string> name, email, phone, attributes;
  std::vector<std::pair<std::string, std::string>> lookups;  // kind, blind index
  std::vector<AuditChange> changes;
};

SealedContact sealContact(const Database& database, const privacy::SecretKey& tenant_key,
                          const Contact& contact) {
  const TenantId& tenant = contact.tenant_id;
  const std::string& id = contact.id.value;
  auto contact_key = database.keyring().newContactKey(tenant_key, tenant, contact.id);
  const privacy::SecretKey& key = contact_key.key;
  SealedContact sealed;
  sealed.wrapped_key = std::move(contact_key.wrapped);
  sealed.name = sealOptional(key, tenant, kEntity, id, "name", contact.name);
  sealed.email = sealOptional(key, tenant, kEntity, id, "email", contact.email);
  sealed.phone = sealOptional(key, tenant, kEntity, id, "phone", contact.phone);
  if (!contact.attributes.empty()) {
    sealed.attributes =
        sealField(key, tenant, kEntity, id, "attributes", encodeAttributes(contact.attributes));
  }
  const privacy::SecretKey index_key = privacy::Keyring::tenantIndexKey(tenant_key);
  for (ContactKey kind : {ContactKey::Email, ContactKey::Phone}) {
    const auto& value = kind == ContactKey::Email ? contact.email : contact.phone;
    if (value) {
      sealed.lookups.emplace_back(lookupKind(kind), privacy::blindIndex(index_key, lookupKind(kind),
                                                                        normalized(kind, *value)));
    }
  }
  auto audit = [&](std::string_view attribute, const std::optional<std::string>& value) {
    if (value) {
      sealed.changes.push_back(auditChange(key, tenant, kEntity, id, attribute, *value));
    }
  };
  audit("name", contact.name);
  audit("email", contact.email);
  audit("phone", contact.phone);
  for (const auto& [name, value] : contact.attributes) {
    audit("attributes." + name, value);
  }
  return sealed;
}

Result<void> insertContact(WriteContext& context, const Contact& contact,
                           const SealedContact& sealed, const Actor& actor) {
  auto insert = context.db.statement(
      "INSERT INTO contacts (tenant_id, id, wrapped_key, name_enc, email_enc, phone_enc, "
      "attributes_enc, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?8)");
  auto lookup = context.db.statement(
      "INSERT OR IGNORE INTO contact_lookup (tenant_id, kind, blind_index, contact_id) "
      "VALUES (?,?,?,?)");
  if (!insert || !lookup) {
    return fail(ErrorCode::Internal, "bad SQL: " + context.db.lastError());
  }
  {
    StatementScope scope(**insert);
    scope->bind(1, contact.tenant_id.value)
        .bind(2, contact.id.value)
        .bindBlob(3, sealed.wrapped_key)
        .bindOptional(4, sealed.name)
        .bindOptional(5, sealed.email)
        .bindOptional(6, sealed.phone)
        .bindOptional(7, sealed.attributes)
        .bind(8, toUnixMillis(contact.created_at));
    if (auto inserted = scope->run(); !inserted) {
      return inserted;
    }
  }
  for (const auto& [kind, index] : sealed.lookups) {
    StatementScope scope(**lookup);
    scope->bind(1, contact.tenant_id.value)
        .bind(2, kind)
        .bindBlob(3, index)
        .bind(4, contact.id.value);
    if (auto inserted = scope->run(); !inserted) {
      return inserted;
    }
  }
  for (const AuditChange& change : sealed.changes) {
    auto audited =
        context.audit.append(context.db, contact.tenant_id, actor, contact.created_at, change);
    if (!audited) {
      return audited;
    }
  }
  return {};
}

}  // namespace

Result<privacy::SecretKey> contactKey(Database& database, Connection& db, const TenantId& tenant,
                                      const ContactId& id) {
  auto tenant_key = database.tenantKey(db, tenant);
  if (!tenant_key) {
    return std::unexpected(tenant_key.error());
  }
  auto query = db.statement("SELECT wrapped_key FROM contacts WHERE tenant_id = ? AND id = ?");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant.value).bind(2, id.value);
  if (!scope->step() || scope->isNull(0)) {
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return fail(ErrorCode::NotFound, "no key for that contact");
  }
  return database.keyring().contactKey(*tenant_key, tenant, id, scope->blob(0));
}

Result<Contact> SqliteContactStore::contactFromRow(Connection& db, const Statement& row) {
  Contact contact;
  contact.tenant_id = TenantId{row.text(0)};
  contact.id = ContactId{row.text(1)};
  contact.created_at = fromUnixMillis(row.integer(7));
  auto tenant_key = database_.tenantKey(db, contact.tenant_id);
  if (!tenant_key) {
    return std::unexpected(tenant_key.error());
  }
  auto wrapped = row.optionalBlob(2);
  if (!wrapped) {
    return contact;  // erased: the key is gone, and the fields with it
  }
  auto key = database_.keyring().contactKey(*tenant_key, contact.tenant_id, contact.id, *wrapped);
  if (!key) {
    return std::unexpected(key.error());
  }
  const TenantId& tenant = contact.tenant_id;
  const std::string& id = contact.id.value;
  auto name = openOptional(*key, tenant, kEntity, id, "name", row.optionalBlob(3));
  auto email = openOptional(*key, tenant, kEntity, id, "email", row.optionalBlob(4));
  auto phone = openOptional(*key, tenant, kEntity, id, "phone", row.optionalBlob(5));
  auto attributes = openOptional(*key, tenant, kEntity, id, "attributes", row.optionalBlob(6));
  if (!name || !email || !phone || !attributes) {
    return fail(ErrorCode::Internal, "contact record does not decrypt");
  }
  contact.name = std::move(*name);
  contact.email = std::move(*email);
  contact.phone = std::move(*phone);
  if (*attributes) {
    auto decoded = decodeAttributes(**attributes);
    if (!decoded) {
      return std::unexpected(decoded.error());
    }
    contact.attributes = std::move(*decoded);
  }
  return contact;
}

void SqliteContactStore::createContact(Contact contact, Actor actor, Done<Contact> done) {
  auto tenant_key = database_.tenantKey(contact.tenant_id);
  if (!tenant_key) {
    done(std::unexpected(tenant_key.error()));
    return;
  }
  contact.id = privacy::newId<ContactTag>();
  contact.created_at = database_.clock().now();
  SealedContact sealed = sealContact(database_, *tenant_key, contact);
  database_.write<Contact>(
      [contact = std::move(contact), sealed = std::move(sealed),
       actor = std::move(actor)](WriteContext& context) mutable -> Result<Contact> {
        if (auto inserted = insertContact(context, contact, sealed, actor); !inserted) {
          return std::unexpected(inserted.error());
        }
        return std::move(contact);
      },
      std::move(done));
}

Result<Contact> SqliteContactStore::findContact(const TenantId& tenant, const ContactId& id) {
  return database_.read([&](Connection& db) -> Result<Contact> {
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
      return fail(ErrorCode::NotFound, "no such contact");
    }
    return contactFromRow(db, *scope);
  });
}

Result<std::vector<Contact>> SqliteContactStore::findContacts(const TenantId& tenant,
                                                              ContactKey key,
                                                              std::string_view value) {
  return database_.read([&](Connection& db) -> Result<std::vector<Contact>> {
    auto tenant_key = database_.tenantKey(db, tenant);
    if (!tenant_key) {
      return std::unexpected(tenant_key.error());
    }
    const std::string index = privacy::blindIndex(privacy::Keyring::tenantIndexKey(*tenant_key),
                                                  lookupKind(key), normalized(key, value));
    auto query = db.statement(PARLEY_SELECT_CONTACT
                              "JOIN contact_lookup l ON l.tenant_id = c.tenant_id "
                              "AND l.contact_id = c.id WHERE l.tenant_id = ? AND l.kind = ? "
                              "AND l.blind_index = ? ORDER BY c.created_at LIMIT 100");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, lookupKind(key)).bindBlob(3, index);
    std::vector<Contact> contacts;
    while (scope->step()) {
      auto contact = contactFromRow(db, *scope);
      if (!contact) {
        return std::unexpected(contact.error());
      }
      contacts.push_back(std::move(*contact));
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return contacts;
  });
}

}  // namespace parley::storage::sqlite
