#pragma once

#include "storage/sqlite/database.h"

namespace parley::storage::sqlite {

class SqliteAuditStore final : public AuditStore {
 public:
  explicit SqliteAuditStore(Database& database) : database_(database) {}

  // AuditStore
  void appendReads(std::vector<AuditRead> reads, Done<void> done) override;
  Result<std::vector<AuditEntry>> listAudit(const TenantId& tenant, std::string_view entity,
                                            std::string_view entity_id) override;
  Result<std::vector<AuditEntry>> searchAudit(const TenantId& tenant,
                                              const AuditFilter& filter) override;
  Result<AuditVerification> verifyAudit() override;

 private:
  Result<AuditVerification> verifyChains(Connection& db, AnchoredHeads& anchors);
  Database& database_;
};

}  // namespace parley::storage::sqlite
