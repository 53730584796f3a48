#pragma once

#include "storage/sqlite/database.h"

namespace parley::storage::sqlite {

class SqliteApiTokenStore final : public ApiTokenStore {
 public:
  explicit SqliteApiTokenStore(Database& database) : database_(database) {}

  // ApiTokenStore
  void createToken(ApiToken token, std::string secret_hash, Actor actor,
                   Done<ApiToken> done) override;
  Result<ApiToken> findTokenBySecretHash(std::string_view secret_hash) override;
  Result<std::vector<ApiToken>> listTokens(const TenantId& tenant) override;
  void touchToken(const TenantId& tenant, const ApiTokenId& token, TimePoint at) override;
  void revokeToken(const TenantId& tenant, const ApiTokenId& token, Actor actor,
                   Done<void> done) override;

 private:
  Database& database_;
};

}  // namespace parley::storage::sqlite
