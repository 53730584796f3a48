#pragma once
// Reports from the hourly aggregates that report_counts.h keeps, and the same report recounted
// from the raw rows: the reference the aggregates are tested (report_store_test.cc) and benchmarked
// (bench/report_bench.cc) against.

#include "storage/report_store.h"
#include "storage/sqlite/database.h"

namespace parley::storage::sqlite {

class SqliteReportStore final : public ReportStore {
 public:
  explicit SqliteReportStore(Database& database) : database_(database) {}
  Result<reports::ConversationReport> conversationReport(
      const TenantId& tenant, const reports::ReportQuery& query) override;

 private:
  Database& database_;
};

// From conversations and routing decisions as stored, row by row. Agrees with the aggregates for
// conversations that were never reopened, requeued, recategorised or closed while offered: the
// raw rows keep only their last state.
[[nodiscard]] Result<reports::ConversationReport> recountConversationReport(
    Database& database, const TenantId& tenant, const reports::ReportQuery& query);

}  // namespace parley::storage::sqlite
