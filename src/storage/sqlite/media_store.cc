#include "storage/sqlite/media_store.h"

#include "storage/sqlite/contact_store.h"
#include "storage/sqlite/fields.h"

namespace parley::storage::sqlite {
namespace {

constexpr std::string_view kMediaEntity = "media";

}  // namespace

std::string mediaKeyContext(const TenantId& tenant, std::string_view media_id) {
  return fieldContext(tenant, kMediaEntity, media_id, "key");
}

std::string sealMediaKey(const privacy::SecretKey& contact_key, const TenantId& tenant,
                         const MediaId& id, std::string_view file_key) {
  return sealField(contact_key, tenant, kMediaEntity, id.value, "key", file_key);
}

Result<StagedMedia> SqliteMediaStore::stage(const TenantId& tenant, std::string_view mime_type,
                                            std::string_view name, std::string_view bytes) {
  const privacy::SecretKey file_key = privacy::SecretKey::random();
  StagedMedia staged{.id = privacy::newId<MediaTag>(),
                     .mime_type = std::string(mime_type),
                     .size = bytes.size(),
                     .file_key = std::string(file_key.view())};
  staged.name_sealed = sealField(file_key, tenant, kMediaEntity, staged.id.value, "name", name);
  auto written =
      files_.write(tenant, staged.id,
                   sealField(file_key, tenant, kMediaEntity, staged.id.value, "bytes", bytes));
  if (!written) {
    return std::unexpected(written.error());
  }
  return staged;
}

void SqliteMediaStore::discard(const TenantId& tenant, const MediaId& id) {
  files_.remove(tenant, id);
}

Result<std::pair<StoredMedia, std::string>> SqliteMediaStore::readMedia(const TenantId& tenant,
                                                                        const MediaId& id) {
  struct Found {
    StoredMedia media;
    privacy::SecretKey file_key;
  };
  auto found = database_.read([&](Connection& db) -> Result<Found> {
    auto query = db.statement(
        "SELECT contact_id, conversation_id, message_id, mime_type, size, key_enc, name_enc, "
        "created_at FROM media WHERE tenant_id = ? AND id = ?");
    if (!query) {
      return std::unexpected(query.error());
    }
    StoredMedia media;
    std::string key_sealed;
    std::string name_sealed;
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
                          .conversation_id = ConversationId{scope->text(1)},
                          .message_id = MessageId{scope->text(2)},
                          .mime_type = scope->text(3),
                          .size = static_cast<size_t>(scope->integer(4)),
                          .created_at = fromUnixMillis(scope->integer(7))};
      key_sealed = scope->blob(5);
      name_sealed = scope->blob(6);
    }
    auto contact_key = contactKey(database_, db, tenant, media.contact_id);
    if (!contact_key) {
      // An erased contact's files stay sealed for good.
      return contact_key.error().code == ErrorCode::NotFound
                 ? fail(ErrorCode::NotFound, "no such media")
                 : Result<Found>(std::unexpected(contact_key.error()));
    }
    auto file_key = openField(*contact_key, tenant, kMediaEntity, id.value, "key", key_sealed);
    if (!file_key || file_key->size() != privacy::kKeyBytes) {
      return fail(ErrorCode::Internal, "a media key does not open");
    }
    const privacy::SecretKey key(*file_key);
    auto name = openField(key, tenant, kMediaEntity, id.value, "name", name_sealed);
    if (!name) {
      return std::unexpected(name.error());
    }
    media.name = std::move(*name);
    return Found{std::move(media), key};
  });
  if (!found) {
    return std::unexpected(found.error());
  }
  auto sealed = files_.read(tenant, id);
  if (!sealed) {
    return std::unexpected(sealed.error());
  }
  auto bytes = openField(found->file_key, tenant, kMediaEntity, id.value, "bytes", *sealed);
  if (!bytes) {
    return std::unexpected(bytes.error());
  }
  return std::pair(std::move(found->media), std::move(*bytes));
}

size_t SqliteMediaStore::sweepUnclaimed(TimePoint staged_before) {
  size_t removed = 0;
  for (const MediaFiles::Entry& file : files_.list()) {
    if (file.written >= staged_before) {
      continue;
    }
    if (!file.temporary) {
      auto claimed = database_.read([&](Connection& db) -> Result<bool> {
        auto query = db.statement("SELECT 1 FROM media WHERE tenant_id = ? AND id = ?");
        if (!query) {
          return std::unexpected(query.error());
        }
        StatementScope scope(**query);
        scope->bind(1, file.tenant.value).bind(2, file.id.value);
        const bool found = scope->step();
        if (scope->error()) {
          return std::unexpected(*scope->error());
        }
        return found;
      });
      if (!claimed || *claimed) {
        continue;  // a message names it (or the database cannot say: kept)
      }
    }
    files_.remove(file.tenant, file.id, file.temporary);
    ++removed;
  }
  return removed;
}

}  // namespace parley::storage::sqlite
