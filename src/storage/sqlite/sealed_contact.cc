#include "storage/sqlite/sealed_contact.h"

#include "privacy/blind_index.h"
#include "storage/sqlite/fields.h"

namespace parley::storage::sqlite {

std::string_view contactLookupKind(ContactKey key) {
  return key == ContactKey::Email ? "email" : "phone";
}

std::string normalizedContactValue(ContactKey key, std::string_view value,
                                   std::string_view phone_region) {
  return key == ContactKey::Email ? privacy::normalizeEmail(value)
                                  : privacy::normalizePhone(value, phone_region);
}

std::vector<std::pair<std::string, std::string>> contactLookups(const privacy::SecretKey& index_key,
                                                                const Contact& contact,
                                                                std::string_view phone_region) {
  std::vector<std::pair<std::string, std::string>> lookups;
  for (ContactKey kind : {ContactKey::Email, ContactKey::Phone}) {
    const auto& value = kind == ContactKey::Email ? contact.email : contact.phone;
    if (value) {
      lookups.emplace_back(contactLookupKind(kind),
                           privacy::blindIndex(index_key, contactLookupKind(kind),
                                               normalizedContactValue(kind, *value, phone_region)));
    }
  }
  if (contact.name) {
    for (const std::string& word : privacy::nameWords(*contact.name)) {
      lookups.emplace_back(kNameLookupKind, privacy::blindIndex(index_key, kNameLookupKind, word));
    }
  }
  return lookups;
}

SealedContact sealContact(const NewContactKey& new_key, const privacy::SecretKey& tenant_key,
                          const Contact& contact, std::string_view phone_region) {
  const TenantId& tenant = contact.tenant_id;
  const std::string& id = contact.id.value;
  SealedContact sealed;
  sealed.key = new_key.key;
  sealed.key_id = new_key.id;
  const privacy::SecretKey& key = sealed.key;
  sealed.name = sealOptional(key, tenant, kContactEntity, id, "name", contact.name);
  sealed.email = sealOptional(key, tenant, kContactEntity, id, "email", contact.email);
  sealed.phone = sealOptional(key, tenant, kContactEntity, id, "phone", contact.phone);
  if (!contact.attributes.empty()) {
    sealed.attributes = sealField(key, tenant, kContactEntity, id, "attributes",
                                  encodeAttributes(contact.attributes));
  }
  sealed.lookups =
      contactLookups(privacy::Keyring::tenantIndexKey(tenant_key), contact, phone_region);
  auto audit = [&](std::string_view attribute, const std::optional<std::string>& value) {
    if (value) {
      sealed.changes.push_back(auditChange(key, tenant, kContactEntity, id, attribute, *value));
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
      "INSERT INTO contacts (tenant_id, id, key_id, name_enc, email_enc, phone_enc, "
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
        .bind(3, sealed.key_id.value)
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

std::string identityIndex(const privacy::SecretKey& index_key, std::string_view channel,
                          std::string_view address) {
  return privacy::blindIndex(index_key, "identity:" + std::string(channel), address);
}

Result<std::optional<ContactId>> findIdentity(Connection& db, const TenantId& tenant,
                                              std::string_view channel, std::string_view index) {
  auto query = db.statement(
      "SELECT i.contact_id FROM contact_identities i JOIN contacts c "
      "ON c.tenant_id = i.tenant_id AND c.id = i.contact_id "
      "WHERE i.tenant_id = ? AND i.channel = ? AND i.identity_index = ? "
      "AND c.key_id IS NOT NULL");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant.value).bind(2, channel).bindBlob(3, index);
  if (!scope->step()) {
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return std::optional<ContactId>();
  }
  return std::optional(ContactId{scope->text(0)});
}

Result<void> insertContactIdentity(Connection& db, const TenantId& tenant, std::string_view channel,
                                   std::string_view index, const ContactId& contact,
                                   std::string_view identity_sealed, TimePoint at) {
  auto insert = db.statement(
      "INSERT OR REPLACE INTO contact_identities (tenant_id, channel, identity_index, contact_id, "
      "identity_enc, created_at) VALUES (?,?,?,?,?,?)");
  if (!insert) {
    return std::unexpected(insert.error());
  }
  StatementScope scope(**insert);
  scope->bind(1, tenant.value)
      .bind(2, channel)
      .bindBlob(3, index)
      .bind(4, contact.value)
      .bindBlob(5, identity_sealed)
      .bind(6, toUnixMillis(at));
  return scope->run();
}

}  // namespace parley::storage::sqlite
