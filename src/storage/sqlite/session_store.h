#pragma once

#include "storage/sqlite/database.h"

namespace parley::storage::sqlite {

class SqliteSessionStore final : public SessionStore {
 public:
  explicit SqliteSessionStore(Database& database) : database_(database) {}

  // SessionStore
  void createSession(Session session, std::string secret_hash, Done<Session> done) override;
  Result<Session> findSessionBySecretHash(std::string_view secret_hash) override;
  Result<std::vector<Session>> listSessions(const TenantId& tenant, const UserId& user) override;
  void touchSession(const TenantId& tenant, const SessionId& session, TimePoint at) override;
  void revokeSession(const TenantId& tenant, const UserId& user, const SessionId& session,
                     Done<void> done) override;

 private:
  Result<Session> sessionFromRow(Connection& db, const Statement& row);
  Database& database_;
};

}  // namespace parley::storage::sqlite
