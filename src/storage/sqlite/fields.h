#pragma once
// How personal fields are sealed for storage: each ciphertext is bound to its tenant, entity, row
// and field, so it cannot be copied into another row and still open.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/ids.h"
#include "privacy/crypto.h"
#include "storage/sqlite/audit_appender.h"

namespace parley::storage::sqlite {

std::string fieldContext(const TenantId& tenant, std::string_view entity, std::string_view id,
                         std::string_view field);

std::string sealField(const privacy::SecretKey& key, const TenantId& tenant,
                      std::string_view entity, std::string_view id, std::string_view field,
                      std::string_view plaintext);
std::optional<std::string> sealOptional(const privacy::SecretKey& key, const TenantId& tenant,
                                        std::string_view entity, std::string_view id,
                                        std::string_view field,
                                        const std::optional<std::string>& plaintext);
[[nodiscard]] Result<std::string> openField(const privacy::SecretKey& key, const TenantId& tenant,
                                            std::string_view entity, std::string_view id,
                                            std::string_view field, std::string_view sealed);
[[nodiscard]] Result<std::optional<std::string>> openOptional(
    const privacy::SecretKey& key, const TenantId& tenant, std::string_view entity,
    std::string_view id, std::string_view field, const std::optional<std::string>& sealed);

// The audit copy of a new value, sealed under the same key as the data it describes.
AuditChange auditChange(const privacy::SecretKey& key, const TenantId& tenant,
                        std::string_view entity, std::string_view id, std::string_view attribute,
                        std::string_view value);
std::string auditContext(const TenantId& tenant, std::string_view entity, std::string_view id,
                         std::string_view attribute);

// Length-prefixed encoding of a string map (attributes), the plaintext that gets sealed.
std::string encodeAttributes(const std::map<std::string, std::string>& attributes);
[[nodiscard]] Result<std::map<std::string, std::string>> decodeAttributes(std::string_view bytes);

}  // namespace parley::storage::sqlite
