#pragma once

#include "storage/sqlite/database.h"

namespace parley::storage::sqlite {

// Each contact has its own key, wrapped by the tenant key and kept in the key store
// (contact_key_store.h, P10): destroying it erases the contact's fields and the audit copies of
// them, in the live database and in every backup.
class SqliteContactStore final : public ContactStore {
 public:
  explicit SqliteContactStore(Database& database) : database_(database) {}

  // ContactStore
  void createContact(Contact contact, Actor actor, Done<Contact> done) override;
  Result<Contact> findContact(const TenantId& tenant, const ContactId& id) override;
  Result<std::vector<Contact>> findContacts(const TenantId& tenant, ContactKey key,
                                            std::string_view value) override;
  // In contact_merge.cc.
  void mergeContacts(TenantId tenant, ContactId into, ContactId from, Actor actor,
                     Done<Contact> done) override;
  // In contact_changes.cc.
  Result<std::vector<ContactChangeOutcome>> planContactChanges(
      const TenantId& tenant, const std::vector<ContactChanges>& changes) override;
  void applyContactChanges(TenantId tenant, std::vector<ContactChanges> changes, Actor actor,
                           Done<std::vector<ContactChangeOutcome>> done) override;
  Result<std::vector<ContactRecord>> listContacts(const TenantId& tenant, const ContactId& after,
                                                  size_t limit) override;

 private:
  struct PlannedChange;
  Result<PlannedChange> planOne(Connection& db, const TenantId& tenant,
                                const privacy::SecretKey& index_key, std::string_view phone_region,
                                const ContactChanges& change);
  Result<std::vector<PlannedChange>> plan(const TenantId& tenant,
                                          const std::vector<ContactChanges>& changes);

  Database& database_;
};

// Contact rows as contactFromRow reads them (the table is aliased "c").
#define PARLEY_SELECT_CONTACT                                                  \
  "SELECT c.tenant_id, c.id, c.key_id, c.name_enc, c.email_enc, c.phone_enc, " \
  "c.attributes_enc, c.created_at, c.merged_into FROM contacts c "

// A contact from a PARLEY_SELECT_CONTACT row, its fields opened; an erased contact's are empty.
[[nodiscard]] Result<Contact> contactFromRow(Database& database, Connection& db,
                                             const Statement& row);

// The contact's own key, for readers of data sealed under it (the audit store).
[[nodiscard]] Result<privacy::SecretKey> contactKey(Database& database, Connection& db,
                                                    const TenantId& tenant, const ContactId& id);

}  // namespace parley::storage::sqlite
