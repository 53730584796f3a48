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

void SqliteMediaStore::attach(const TenantId& tenant, const ConversationId& conversation,
                              StagedMedia staged,
                              std::move_only_function<void(Result<StoredMedia>)> done) {
  const TimePoint now = database_.clock().now();
  StoredMedia media{.tenant_id = tenant,
                    .id = staged.id,
                    .conversation_id = conversation,
                    .mime_type = staged.mime_type,
                    .size = staged.size,
                    .created_at = now};
  database_.write<StoredMedia>(
      [this, staged, media](WriteContext& context) mutable -> Result<StoredMedia> {
        Connection& db = context.db;
        auto query =
            db.statement("SELECT contact_id FROM conversations WHERE tenant_id = ? AND id = ?");
        if (!query) {
          return std::unexpected(query.error());
        }
        {
          StatementScope scope(**query);
          scope->bind(1, media.tenant_id.value).bind(2, media.conversation_id.value);
          if (!scope->step()) {
            if (scope->error()) {
              return std::unexpected(*scope->error());
            }
            return fail(ErrorCode::NotFound, "no such conversation");
          }
          media.contact_id = ContactId{scope->text(0)};
        }
        auto contact_key = contactKey(database_, db, media.tenant_id, media.contact_id);
        if (!contact_key) {
          return contact_key.error().code == ErrorCode::NotFound
                     ? fail(ErrorCode::Conflict, "the contact was erased")
                     : Result<StoredMedia>(std::unexpected(contact_key.error()));
        }
        auto insert = db.statement(
            "INSERT INTO media (tenant_id, id, contact_id, conversation_id, message_id, "
            "mime_type, size, key_enc, name_enc, created_at) VALUES (?,?,?,?,'',?,?,?,?,?)");
        if (!insert) {
          return std::unexpected(insert.error());
        }
        StatementScope scope(**insert);
        scope->bind(1, media.tenant_id.value)
            .bind(2, media.id.value)
            .bind(3, media.contact_id.value)
            .bind(4, media.conversation_id.value)
            .bind(5, media.mime_type)
            .bind(6, static_cast<int64_t>(media.size))
            .bindBlob(7, sealMediaKey(*contact_key, media.tenant_id, media.id, staged.file_key))
            .bindBlob(8, staged.name_sealed)
            .bind(9, toUnixMillis(media.created_at));
        if (auto inserted = scope->run(); !inserted) {
          return std::unexpected(inserted.error());
        }
        return media;
      },
      [this, tenant, id = staged.id, done = std::move(done)](Result<StoredMedia> stored) mutable {
        if (!stored) {
          files_.remove(tenant, id);
        }
        done(std::move(stored));
      });
}

void SqliteMediaStore::discard(const TenantId& tenant, const MediaId& id) {
  files_.remove(tenant, id);
}

Result<SqliteMediaStore::Opened> SqliteMediaStore::open(const TenantId& tenant, const MediaId& id) {
  return database_.read([&](Connection& db) -> Result<Opened> {
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
                 : Result<Opened>(std::unexpected(contact_key.error()));
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
    return Opened{std::move(media), key};
  });
}

Result<StoredMedia> SqliteMediaStore::findMedia(const TenantId& tenant, const MediaId& id) {
  auto opened = open(tenant, id);
  if (!opened) {
    return std::unexpected(opened.error());
  }
  return std::move(opened->media);
}

Result<std::pair<StoredMedia, std::string>> SqliteMediaStore::readMedia(const TenantId& tenant,
                                                                        const MediaId& id) {
  auto found = open(tenant, id);
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
