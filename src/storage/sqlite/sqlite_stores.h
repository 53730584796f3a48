#pragma once
// The SQLite engine's stores, wired to one Database.

#include <filesystem>
#include <memory>

#include "storage/channel_store.h"
#include "storage/conversation_stores.h"
#include "storage/media_store.h"
#include "storage/outbox_store.h"
#include "storage/privacy_store.h"
#include "storage/report_store.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/media_files.h"

namespace parley::storage::sqlite {

class SqliteStores {
 public:
  // Opens DATA_DIR/parley.db (created and migrated as needed); media files go to DATA_DIR/media.
  [[nodiscard]] static Result<std::unique_ptr<SqliteStores>> open(const std::string& path,
                                                                  privacy::Keyring& keyring,
                                                                  const Clock& clock);
  ~SqliteStores();

  Stores stores() const;
  Database& database() { return *database_; }

 private:
  SqliteStores(std::unique_ptr<Database> database, std::filesystem::path media_root);
  std::unique_ptr<Database> database_;
  MediaFiles media_files_;
  std::unique_ptr<TenantStore> tenants_;
  std::unique_ptr<UserStore> users_;
  std::unique_ptr<SessionStore> sessions_;
  std::unique_ptr<ApiTokenStore> tokens_;
  std::unique_ptr<ContactStore> contacts_;
  std::unique_ptr<AuditStore> audit_;
  std::unique_ptr<RoutingConfigStore> routing_;
  std::unique_ptr<ConversationStore> conversations_;
  std::unique_ptr<IdempotencyStore> idempotency_;
  std::unique_ptr<OutboxStore> outbox_;
  std::unique_ptr<InviteStore> invites_;
  std::unique_ptr<CannedResponseStore> canned_responses_;
  std::unique_ptr<ChannelStore> channels_;
  std::unique_ptr<MediaStore> media_;
  std::unique_ptr<PrivacyStore> privacy_;
  std::unique_ptr<ReportStore> reports_;
  std::unique_ptr<TwoFactorStore> two_factor_;
};

}  // namespace parley::storage::sqlite
