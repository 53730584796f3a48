#include "storage/sqlite/media_store.h"

#include "storage/sqlite/contact_store.h"
#include "storage/sqlite/fields.h"

namespace parley::storage::sqlite {
namespace {

constexpr std::string_view kMediaEntity = "media";
constexpr std::string_view kBytesField = "bytes";

}  // namespace

std::string sealMedia(const privacy::SecretKey& contact_key, const TenantId& tenant,
                      const MediaId& id, std::string_view bytes) {
  return sealField(contact_key, tenant, kMediaEntity, id.value, kBytesField, bytes);
}

Result<std::pair<StoredMedia, std::string>> SqliteMediaStore::readMedia(const TenantId& tenant,
                                                                        const MediaId& id) {
  using Found = std::pair<StoredMedia, privacy::SecretKey>;
  auto found = database_.read([&](Connection& db) -> Result<Found> {
    auto query = db.statement(
        "SELECT contact_id, message_id, mime_type, name, size, created_at FROM media "
        "WHERE tenant_id = ? AND id = ?");
    if (!query) {
      return std::unexpected(query.error());
    }
    StoredMedia media;
    {
      StatementScope scope(**query);
      scope->bind(1, tenant.value).bind(2, id.value);
      if (!scope->step()) {
        if (scope->error()) {
          return std::unexpected(*scope->error());
        }
        return fail(ErrorCode::NotFound, "no such media");
      }
      media = StoredMedia{.tenant_id = tenant,
                          .id = id,
                          .contact_id = ContactId{scope->text(0)},
                          .message_id = MessageId{scope->text(1)},
                          .mime_type = scope->text(2),
                          .name = scope->text(3),
                          .size = static_cast<size_t>(scope->integer(4)),
                          .created_at = fromUnixMillis(scope->integer(5))};
    }
    auto key = contactKey(database_, db, tenant, media.contact_id);
    if (!key) {
      // An erased contact's files stay sealed for good.
      return key.error().code == ErrorCode::NotFound ? fail(ErrorCode::NotFound, "no such media")
                                                     : Result<Found>(std::unexpected(key.error()));
    }
    return Found(std::move(media), std::move(*key));
  });
  if (!found) {
    return std::unexpected(found.error());
  }
  auto sealed = files_.read(tenant, id);
  if (!sealed) {
    return std::unexpected(sealed.error());
  }
  auto bytes = openField(found->second, tenant, kMediaEntity, id.value, kBytesField, *sealed);
  if (!bytes) {
    return std::unexpected(bytes.error());
  }
  return std::pair(std::move(found->first), std::move(*bytes));
}

}  // namespace parley::storage::sqlite
