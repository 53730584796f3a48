#include "storage/sqlite/fields.h"

#include <cstdint>
#include <cstring>

namespace parley::storage::sqlite {

std::string fieldContext(const TenantId& tenant, std::string_view entity, std::string_view id,
                         std::string_view field) {
  std::string context;
  context.reserve(tenant.value.size() + entity.size() + id.size() + field.size() + 3);
  context.append(tenant.value).append("|").append(entity).append("|").append(id).append("|");
  context.append(field);
  return context;
}

std::string sealField(const privacy::SecretKey& key, const TenantId& tenant,
                      std::string_view entity, std::string_view id, std::string_view field,
                      std::string_view plaintext) {
  return privacy::seal(key, plaintext, fieldContext(tenant, entity, id, field));
}

std::optional<std::string> sealOptional(const privacy::SecretKey& key, const TenantId& tenant,
                                        std::string_view entity, std::string_view id,
                                        std::string_view field,
                                        const std::optional<std::string>& plaintext) {
  if (!plaintext) {
    return std::nullopt;
  }
  return sealField(key, tenant, entity, id, field, *plaintext);
}

Result<std::string> openField(const privacy::SecretKey& key, const TenantId& tenant,
                              std::string_view entity, std::string_view id, std::string_view field,
                              std::string_view sealed) {
  return privacy::unseal(key, sealed, fieldContext(tenant, entity, id, field));
}

Result<std::optional<std::string>> openOptional(const privacy::SecretKey& key,
                                                const TenantId& tenant, std::string_view entity,
                                                std::string_view id, std::string_view field,
                                                const std::optional<std::string>& sealed) {
  if (!sealed) {
    return std::optional<std::string>();
  }
  auto opened = openField(key, tenant, entity, id, field, *sealed);
  if (!opened) {
    return std::unexpected(opened.error());
  }
  return std::optional<std::string>(std::move(*opened));
}

std::string auditContext(const TenantId& tenant, std::string_view entity, std::string_view id,
                         std::string_view attribute) {
  return "audit|" + fieldContext(tenant, entity, id, attribute);
}

AuditChange auditChange(const privacy::SecretKey& key, const TenantId& tenant,
                        std::string_view entity, std::string_view id, std::string_view attribute,
                        std::string_view value) {
  return AuditChange{std::string(entity), std::string(id), std::string(attribute),
                     privacy::seal(key, value, auditContext(tenant, entity, id, attribute))};
}

namespace {

void appendSized(std::string& out, std::string_view text) {
  const uint32_t size = static_cast<uint32_t>(text.size());
  out.append(reinterpret_cast<const char*>(&size), sizeof size);
  out.append(text);
}

bool readSized(std::string_view& in, std::string& out) {
  uint32_t size = 0;
  if (in.size() < sizeof size) {
    return false;
  }
  std::memcpy(&size, in.data(), sizeof size);
  in.remove_prefix(sizeof size);
  if (in.size() < size) {
    return false;
  }
  out.assign(in.substr(0, size));
  in.remove_prefix(size);
  return true;
}

}  // namespace

std::string encodeAttributes(const std::map<std::string, std::string>& attributes) {
  std::string out;
  for (const auto& [name, value] : attributes) {
    appendSized(out, name);
    appendSized(out, value);
  }
  return out;
}

Result<std::map<std::string, std::string>> decodeAttributes(std::string_view bytes) {
  std::map<std::string, std::string> attributes;
  while (!bytes.empty()) {
    std::string name;
    std::string value;
    if (!readSized(bytes, name) || !readSized(bytes, value)) {
      return fail(ErrorCode::Internal, "attributes are corrupt");
    }
    attributes.emplace(std::move(name), std::move(value));
  }
  return attributes;
}

}  // namespace parley::storage::sqlite
