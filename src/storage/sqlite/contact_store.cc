#include "storage/sqlite/contact_store.h"

#include "privacy/blind_index.h"
#include "storage/sqlite/fields.h"
#include "storage/sqlite/privacy_store.h"
#include "storage/sqlite/sealed_contact.h"

namespace parley::storage::sqlite {
namespace {

constexpr std::string_view kEntity = kContactEntity;

}  // namespace

Result<privacy::SecretKey> contactKey(Database& database, Connection& db, const TenantId& tenant,
                                      const ContactId& id) {
  auto tenant_key = database.tenantKey(db, tenant);
  if (!tenant_key) {
    return std::unexpected(tenant_key.error());
  }
  auto query = db.statement("SELECT key_id FROM contacts WHERE tenant_id = ? AND id = ?");
  if (!query) {
    return std::unexpected(query.error());
  }
  std::optional<std::string> key_id;
  {
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, id.value);
    if (scope->step()) {
      key_id = scope->optionalText(0);
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
  }
  if (key_id) {
    auto key = database.contactKeys().key(tenant, *tenant_key, ContactKeyId{*key_id});
    if (!key) {
      return std::unexpected(key.error());
    }
    if (*key) {
      return std::move(**key);
    }
  }
  return fail(ErrorCode::NotFound, "no key for that contact");
}

Result<Contact> contactFromRow(Database& database, Connection& db, const Statement& row) {
  Contact contact;
  contact.tenant_id = TenantId{row.text(0)};
  contact.id = ContactId{row.text(1)};
  contact.created_at = fromUnixMillis(row.integer(7));
  if (!row.isNull(8)) {
    contact.merged_into = ContactId{row.text(8)};
  }
  auto tenant_key = database.tenantKey(db, contact.tenant_id);
  if (!tenant_key) {
    return std::unexpected(tenant_key.error());
  }
  auto key_id = row.optionalText(2);
  if (!key_id) {
    return contact;  // erased: the key is gone, and the fields with it
  }
  auto key =
      database.contactKeys().key(contact.tenant_id, *tenant_key, ContactKeyId{std::move(*key_id)});
  if (!key) {
    return std::unexpected(key.error());
  }
  if (!*key) {
    return contact;  // destroyed by an erase this read did not see yet
  }
  const TenantId& tenant = contact.tenant_id;
  const std::string& id = contact.id.value;
  auto name = openOptional(**key, tenant, kEntity, id, "name", row.optionalBlob(3));
  auto email = openOptional(**key, tenant, kEntity, id, "email", row.optionalBlob(4));
  auto phone = openOptional(**key, tenant, kEntity, id, "phone", row.optionalBlob(5));
  auto attributes = openOptional(**key, tenant, kEntity, id, "attributes", row.optionalBlob(6));
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
  auto settings =
      database_.read([&](Connection& db) { return readPrivacySettings(db, contact.tenant_id); });
  if (!settings) {
    done(std::unexpected(settings.error()));
    return;
  }
  auto key = database_.contactKeys().newContactKey(contact.tenant_id, *tenant_key);
  if (!key) {
    done(std::unexpected(key.error()));
    return;
  }
  contact.id = key->contact;
  contact.created_at = database_.clock().now();
  SealedContact sealed = sealContact(*key, *tenant_key, contact, settings->phone_region);
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
    return contactFromRow(database_, db, *scope);
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
    auto settings = readPrivacySettings(db, tenant);
    if (!settings) {
      return std::unexpected(settings.error());
    }
    const std::string index =
        privacy::blindIndex(privacy::Keyring::tenantIndexKey(*tenant_key), contactLookupKind(key),
                            normalizedContactValue(key, value, settings->phone_region));
    auto query = db.statement(PARLEY_SELECT_CONTACT
                              "JOIN contact_lookup l ON l.tenant_id = c.tenant_id "
                              "AND l.contact_id = c.id WHERE l.tenant_id = ? AND l.kind = ? "
                              "AND l.blind_index = ? ORDER BY c.created_at LIMIT 100");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, contactLookupKind(key)).bindBlob(3, index);
    std::vector<Contact> contacts;
    while (scope->step()) {
      auto contact = contactFromRow(database_, db, *scope);
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
