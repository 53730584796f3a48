#pragma once

#include "storage/sqlite/database.h"

namespace parley::storage::sqlite {

class SqliteTwoFactorStore final : public TwoFactorStore {
 public:
  explicit SqliteTwoFactorStore(Database& database) : database_(database) {}

  // TwoFactorStore
  Result<SecondFactor> findSecondFactor(const TenantId& tenant, const UserId& user) override;
  void startEnrolment(const TenantId& tenant, const UserId& user, std::string secret,
                      Done<void> done) override;
  void confirmEnrolment(const TenantId& tenant, const UserId& user, const std::string& secret,
                        int64_t step, std::vector<std::string> recovery_codes, Actor actor,
                        Done<void> done) override;
  void useStep(const TenantId& tenant, const UserId& user, int64_t step, Done<void> done) override;
  void useRecoveryCode(const TenantId& tenant, const UserId& user, std::string code, Actor actor,
                       Done<size_t> done) override;
  void replaceRecoveryCodes(const TenantId& tenant, const UserId& user,
                            std::vector<std::string> codes, Actor actor, Done<void> done) override;
  void removeSecondFactor(const TenantId& tenant, const UserId& user, Actor actor,
                          Done<void> done) override;
  Result<TwoFactorPolicy> twoFactorPolicy(const TenantId& tenant) override;
  void setTwoFactorPolicy(const TenantId& tenant, TwoFactorPolicy policy, Actor actor,
                          Done<TwoFactorPolicy> done) override;

 private:
  Database& database_;
};

}  // namespace parley::storage::sqlite
