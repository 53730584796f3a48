#pragma once
// Keys of one user's, or one invite's, own (table personal_keys), wrapped under the tenant key. The
// audit copies of their email and display name are sealed under it, so that deleting the user
// destroys it and those copies with it (A4): the entries stay, with who did what and when, but
// their values no longer open. Other attributes (role, active…) stay under the tenant key.
//
// A row with an empty key is a destroyed key. No row: a user or invite made before personal keys,
// whose audit copies are under the tenant key; deleting it records a destroyed key all the same,
// and the audit then shows none of its values.

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/ids.h"
#include "privacy/crypto.h"
#include "storage/sqlite/connection.h"

namespace parley::storage::sqlite {

// Whether an audit copy of `attribute` of `entity` is sealed under a personal key.
bool isPersonalAuditAttribute(std::string_view entity, std::string_view attribute);

struct PersonalKey {
  privacy::SecretKey key;
  std::string wrapped;
};
PersonalKey newPersonalKey(const privacy::SecretKey& tenant_key, const TenantId& tenant,
                           std::string_view entity, std::string_view id);
[[nodiscard]] Result<void> storePersonalKey(Connection& db, const TenantId& tenant,
                                            std::string_view entity, std::string_view id,
                                            const std::string& wrapped);

// The key the personal audit copies of (entity, id) are sealed under: its own, the tenant key when
// it has none (made before), nullopt once destroyed.
[[nodiscard]] Result<std::optional<privacy::SecretKey>> personalKey(
    Connection& db, const privacy::SecretKey& tenant_key, const TenantId& tenant,
    std::string_view entity, std::string_view id);

// Destroys it (an empty key stays, so that the audit knows).
[[nodiscard]] Result<void> destroyPersonalKey(Connection& db, const TenantId& tenant,
                                              std::string_view entity, std::string_view id);

}  // namespace parley::storage::sqlite
