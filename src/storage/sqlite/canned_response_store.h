#pragma once

#include "storage/conversation_stores.h"
#include "storage/sqlite/database.h"

namespace parley::storage::sqlite {

// Canned responses, in plain text: they are the tenant's wording, not anyone's personal data.
// Writes for an unknown tenant are NotFound.
class SqliteCannedResponseStore final : public CannedResponseStore {
 public:
  explicit SqliteCannedResponseStore(Database& database) : database_(database) {}

  // CannedResponseStore
  Result<std::vector<CannedResponse>> listCannedResponses(const TenantId& tenant) override;
  void saveCannedResponse(CannedResponse response, Done<CannedResponse> done) override;
  void deleteCannedResponse(TenantId tenant, CannedResponseId id, Done<void> done) override;

 private:
  Database& database_;
};

}  // namespace parley::storage::sqlite
