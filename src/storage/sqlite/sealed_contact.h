#pragma once
// A new contact's row sealed under its own new key (P10), and its insertion with every personal
// field audited: shared by ContactStore::createContact and ConversationStore::receive, which
// creates the contact behind an unknown channel identity.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "privacy/crypto.h"
#include "privacy/keyring.h"
#include "storage/sqlite/database.h"

namespace parley::storage::sqlite {

inline constexpr std::string_view kContactEntity = "contact";

// The blind index kind of a contact look-up ("email", "phone"), and the value it indexes: phones
// in E.164, national ones read in the tenant's `phone_region` (privacy/phone_number.h).
std::string_view contactLookupKind(ContactKey key);
std::string normalizedContactValue(ContactKey key, std::string_view value,
                                   std::string_view phone_region);
// Each word of a name is a look-up of its own (privacy/text_fold.h): a search for some of the
// words finds the contacts that have all of them.
inline constexpr std::string_view kNameLookupKind = "name";

// A contact's look-ups (kind, blind index): its email, its phone and the words of its name.
std::vector<std::pair<std::string, std::string>> contactLookups(const privacy::SecretKey& index_key,
                                                                const Contact& contact,
                                                                std::string_view phone_region);

struct SealedContact {
  privacy::SecretKey
      key;  // the contact's own key: more of its data may be sealed in the same write
  ContactKeyId key_id;
  std::optional<std::string> name, email, phone, attributes;
  std::vector<std::pair<std::string, std::string>> lookups;  // kind, blind index
  std::vector<AuditChange> changes;
};

// Seals the contact's fields, look-ups and audit copies under its new key (made for it by the key
// store: contact.id is key.contact). Only crypto: call it on the caller's thread, so the writer
// runs SQL alone.
SealedContact sealContact(const NewContactKey& key, const privacy::SecretKey& tenant_key,
                          const Contact& contact, std::string_view phone_region = {});

// Inserts the row and its look-ups, and audits every field set, at the contact's created_at.
// REQUIRES: inside a write.
[[nodiscard]] Result<void> insertContact(WriteContext& context, const Contact& contact,
                                         const SealedContact& sealed, const Actor& actor);

// An identity's blind index: its address on `channel` (a channel id), keyed per tenant.
std::string identityIndex(const privacy::SecretKey& index_key, std::string_view channel,
                          std::string_view address);

// The contact behind an identity; erased contacts do not count (a message from them
// makes a new contact).
[[nodiscard]] Result<std::optional<ContactId>> findIdentity(Connection& db, const TenantId& tenant,
                                                            std::string_view channel,
                                                            std::string_view index);

// Gives the contact an identity (its address on a channel, sealed under its key and blind-indexed
// as `index`). An identity of an erased contact now belongs to this one.
[[nodiscard]] Result<void> insertContactIdentity(Connection& db, const TenantId& tenant,
                                                 std::string_view channel, std::string_view index,
                                                 const ContactId& contact,
                                                 std::string_view identity_sealed, TimePoint at);

}  // namespace parley::storage::sqlite
