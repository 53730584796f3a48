#include "storage/sqlite/personal_keys.h"

namespace parley::storage::sqlite {
namespace {

std::string keyContext(const TenantId& tenant, std::string_view entity, std::string_view id) {
  return "personal-key|" + tenant.value + "|" + std::string(entity) + "|" + std::string(id);
}

}  // namespace

bool isPersonalAuditAttribute(std::string_view entity, std::string_view attribute) {
  return (entity == "user" || entity == "invite") &&
         (attribute == "email" || attribute == "displayName");
}

PersonalKey newPersonalKey(const privacy::SecretKey& tenant_key, const TenantId& tenant,
                           std::string_view entity, std::string_view id) {
  privacy::SecretKey key = privacy::SecretKey::random();
  std::string wrapped = privacy::seal(tenant_key, key.view(), keyContext(tenant, entity, id));
  return {std::move(key), std::move(wrapped)};
}

Result<void> storePersonalKey(Connection& db, const TenantId& tenant, std::string_view entity,
                              std::string_view id, const std::string& wrapped) {
  auto insert = db.statement(
      "INSERT OR REPLACE INTO personal_keys (tenant_id, entity, entity_id, wrapped_key) "
      "VALUES (?,?,?,?)");
  if (!insert) {
    return std::unexpected(insert.error());
  }
  StatementScope scope(**insert);
  scope->bind(1, tenant.value).bind(2, entity).bind(3, id).bindBlob(4, wrapped);
  return scope->run();
}

Result<std::optional<privacy::SecretKey>> personalKey(Connection& db,
                                                      const privacy::SecretKey& tenant_key,
                                                      const TenantId& tenant,
                                                      std::string_view entity,
                                                      std::string_view id) {
  auto query = db.statement(
      "SELECT wrapped_key FROM personal_keys WHERE tenant_id = ? AND entity = ? AND entity_id = ?");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant.value).bind(2, entity).bind(3, id);
  if (!scope->step()) {
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return std::optional(tenant_key);  // made before personal keys
  }
  const std::string wrapped = scope->blob(0);
  if (wrapped.empty()) {
    return std::optional<privacy::SecretKey>();  // destroyed
  }
  auto key = privacy::unsealKey(tenant_key, wrapped, keyContext(tenant, entity, id));
  if (!key) {
    return fail(ErrorCode::Internal, "a personal key does not unwrap under its tenant key");
  }
  return key;
}

Result<void> destroyPersonalKey(Connection& db, const TenantId& tenant, std::string_view entity,
                                std::string_view id) {
  return storePersonalKey(db, tenant, entity, id, "");
}

}  // namespace parley::storage::sqlite
