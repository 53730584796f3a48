#pragma once

#include "privacy/crypto.h"
#include "storage/media_store.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/media_files.h"

namespace parley::storage::sqlite {

// Files in MediaFiles, rows in `media` (written by SqliteConversationStore::receive).
class SqliteMediaStore final : public MediaStore {
 public:
  SqliteMediaStore(Database& database, const MediaFiles& files)
      : database_(database), files_(files) {}

  Result<StagedMedia> stage(const TenantId& tenant, std::string_view mime_type,
                            std::string_view name, std::string_view bytes) override;
  void attach(const TenantId& tenant, const ConversationId& conversation, StagedMedia staged,
              std::move_only_function<void(Result<StoredMedia>)> done) override;
  void discard(const TenantId& tenant, const MediaId& id) override;
  Result<StoredMedia> findMedia(const TenantId& tenant, const MediaId& id) override;
  Result<std::pair<StoredMedia, std::string>> readMedia(const TenantId& tenant,
                                                        const MediaId& id) override;
  size_t sweepUnclaimed(TimePoint staged_before) override;

 private:
  struct Opened {
    StoredMedia media;
    privacy::SecretKey file_key;
  };
  // The row, its name and the file's key, opened with the contact's key.
  Result<Opened> open(const TenantId& tenant, const MediaId& id);

  Database& database_;
  const MediaFiles& files_;
};

// A file's key sealed under its contact's key, as its row holds it (also what a merge re-seals).
std::string sealMediaKey(const privacy::SecretKey& contact_key, const TenantId& tenant,
                         const MediaId& id, std::string_view file_key);
std::string mediaKeyContext(const TenantId& tenant, std::string_view media_id);

}  // namespace parley::storage::sqlite
