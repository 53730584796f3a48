#include "storage/sqlite/sqlite_stores.h"

#include "storage/sqlite/audit_store.h"
#include "storage/sqlite/canned_response_store.h"
#include "storage/sqlite/channel_store.h"
#include "storage/sqlite/contact_store.h"
#include "storage/sqlite/conversation_store.h"
#include "storage/sqlite/data_tasks.h"
#include "storage/sqlite/idempotency_store.h"
#include "storage/sqlite/invite_store.h"
#include "storage/sqlite/media_store.h"
#include "storage/sqlite/outbox_store.h"
#include "storage/sqlite/privacy_store.h"
#include "storage/sqlite/report_store.h"
#include "storage/sqlite/routing_config_store.h"
#include "storage/sqlite/session_store.h"
#include "storage/sqlite/tenant_store.h"
#include "storage/sqlite/token_store.h"
#include "storage/sqlite/two_factor_store.h"
#include "storage/sqlite/user_store.h"

namespace parley::storage::sqlite {

Result<std::unique_ptr<SqliteStores>> SqliteStores::open(const std::string& path,
                                                         privacy::Keyring& keyring,
                                                         const Clock& clock) {
  auto database = Database::open(Database::Options{.path = path}, keyring, clock);
  if (!database) {
    return std::unexpected(database.error());
  }
  if (auto tasks = runPendingDataTasks(**database); !tasks) {
    return std::unexpected(tasks.error());
  }
  return std::unique_ptr<SqliteStores>(
      new SqliteStores(std::move(*database), std::filesystem::path(path).parent_path() / "media"));
}

SqliteStores::SqliteStores(std::unique_ptr<Database> database, std::filesystem::path media_root)
    : database_(std::move(database)),
      media_files_(std::move(media_root)),
      tenants_(std::make_unique<SqliteTenantStore>(*database_)),
      users_(std::make_unique<SqliteUserStore>(*database_)),
      sessions_(std::make_unique<SqliteSessionStore>(*database_)),
      tokens_(std::make_unique<SqliteApiTokenStore>(*database_)),
      contacts_(std::make_unique<SqliteContactStore>(*database_)),
      audit_(std::make_unique<SqliteAuditStore>(*database_)),
      routing_(std::make_unique<SqliteRoutingConfigStore>(*database_)),
      conversations_(std::make_unique<SqliteConversationStore>(*database_, media_files_)),
      idempotency_(std::make_unique<SqliteIdempotencyStore>(*database_)),
      outbox_(std::make_unique<SqliteOutboxStore>(*database_)),
      invites_(std::make_unique<SqliteInviteStore>(*database_)),
      canned_responses_(std::make_unique<SqliteCannedResponseStore>(*database_)),
      channels_(std::make_unique<SqliteChannelStore>(*database_)),
      media_(std::make_unique<SqliteMediaStore>(*database_, media_files_)),
      privacy_(std::make_unique<SqlitePrivacyStore>(*database_, media_files_)),
      reports_(std::make_unique<SqliteReportStore>(*database_)),
      two_factor_(std::make_unique<SqliteTwoFactorStore>(*database_)) {}

// The database goes first: its destructor finishes queued writes, whose callbacks may use the
// stores.
SqliteStores::~SqliteStores() { database_.reset(); }

Stores SqliteStores::stores() const {
  return Stores{.tenants = tenants_.get(),
                .users = users_.get(),
                .sessions = sessions_.get(),
                .tokens = tokens_.get(),
                .contacts = contacts_.get(),
                .audit = audit_.get(),
                .routing = routing_.get(),
                .conversations = conversations_.get(),
                .idempotency = idempotency_.get(),
                .outbox = outbox_.get(),
                .invites = invites_.get(),
                .canned_responses = canned_responses_.get(),
                .channels = channels_.get(),
                .media = media_.get(),
                .privacy = privacy_.get(),
                .reports = reports_.get(),
                .two_factor = two_factor_.get()};
}

}  // namespace parley::storage::sqlite
