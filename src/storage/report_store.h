#pragma once
// What reports (W6) ask of storage: the hourly aggregates of a tenant's conversations, added up
// into a report (reports/conversation_report.h). Same rules as stores.h: every call names its
// tenant.

#include "reports/conversation_report.h"
#include "storage/stores.h"

namespace parley::storage {

class ReportStore {
 public:
  virtual ~ReportStore() = default;
  // REQUIRES: `query` normalised (reports::normaliseQuery).
  [[nodiscard]] virtual Result<reports::ConversationReport> conversationReport(
      const TenantId& tenant, const reports::ReportQuery& query) = 0;
};

}  // namespace parley::storage
