#pragma once

#include "storage/media_store.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/media_files.h"

namespace parley::storage::sqlite {

// Rows in `media`, files in MediaFiles; the rows and files are written by
// SqliteConversationStore::receive.
class SqliteMediaStore final : public MediaStore {
 public:
  SqliteMediaStore(Database& database, const MediaFiles& files)
      : database_(database), files_(files) {}

  Result<std::pair<StoredMedia, std::string>> readMedia(const TenantId& tenant,
                                                        const MediaId& id) override;

 private:
  Database& database_;
  const MediaFiles& files_;
};

// The sealing of a media file's bytes under its contact's key, bound to the tenant and the media
// id.
std::string sealMedia(const privacy::SecretKey& contact_key, const TenantId& tenant,
                      const MediaId& id, std::string_view bytes);

}  // namespace parley::storage::sqlite
