#include "storage/sqlite/invite_store.h"

#include "privacy/blind_index.h"
#include "privacy/crypto.h"
#include "storage/sqlite/fields.h"
#include "storage/sqlite/personal_keys.h"
#include "storage/sqlite/user_store.h"

namespace parley::storage::sqlite {
namespace {

constexpr std::string_view kEntity = "invite";
// One string literal per full query: cached statements are keyed by its address.
#define PARLEY_SELECT_INVITE                                                                     \
  "SELECT tenant_id, id, email_enc, display_name_enc, role, created_by, created_at, expires_at " \
  "FROM invites "
#define PARLEY_INVITE_PENDING "used_at IS NULL AND revoked_at IS NULL AND expires_at > ?"

}  // namespace

Result<Invite> SqliteInviteStore::inviteFromRow(Connection& db, const Statement& row) {
  const TenantId tenant{row.text(0)};
  const std::string id = row.text(1);
  auto key = database_.tenantKey(db, tenant);
  if (!key) {
    return std::unexpected(key.error());
  }
  auto email = openField(*key, tenant, kEntity, id, "email", row.blob(2));
  auto display_name = openField(*key, tenant, kEntity, id, "displayName", row.blob(3));
  auto role = parseRole(row.text(4));
  if (!email || !display_name || !role) {
    return fail(ErrorCode::Internal, "invite record does not decrypt");
  }
  return Invite{tenant,
                InviteId{id},
                std::move(*email),
                std::move(*display_name),
                *role,
                fromUnixMillis(row.integer(6)),
                fromUnixMillis(row.integer(7)),
                row.text(5)};
}

void SqliteInviteStore::createInvite(NewInvite invite, std::string token_hash, Actor actor,
                                     Done<Invite> done) {
  auto key = database_.tenantKey(invite.tenant_id);
  if (!key) {
    done(std::unexpected(key.error()));
    return;
  }
  const TimePoint now = database_.clock().now();
  std::string email = privacy::normalizeEmail(invite.email);
  std::string display_name = invite.display_name.value_or(email.substr(0, email.find('@')));
  Invite created{invite.tenant_id,      privacy::newId<InviteTag>(),
                 std::move(email),      std::move(display_name),
                 invite.role,           now,
                 now + kInviteLifetime, std::move(invite.created_by)};
  const std::string& id = created.id.value;
  const TenantId& tenant = created.tenant_id;
  struct Row {
    std::string token_hash, email_index, email_sealed, name_sealed, personal_key_wrapped;
    std::vector<AuditChange> changes;
  };
  // The audit copies of the invitee's email and name go with the user they become, if deleted.
  PersonalKey personal = newPersonalKey(*key, tenant, kEntity, id);
  Row row{std::move(token_hash),
          userEmailIndex(database_, created.email),
          sealField(*key, tenant, kEntity, id, "email", created.email),
          sealField(*key, tenant, kEntity, id, "displayName", created.display_name),
          std::move(personal.wrapped),
          {auditChange(personal.key, tenant, kEntity, id, "email", created.email),
           auditChange(personal.key, tenant, kEntity, id, "displayName", created.display_name),
           auditChange(*key, tenant, kEntity, id, "role", roleName(created.role))}};
  database_.write<Invite>(
      [created, row = std::move(row), actor](WriteContext& context) -> Result<Invite> {
        auto taken =
            context.db.statement("SELECT 1 FROM users WHERE tenant_id = ? AND email_index = ?");
        auto insert = context.db.statement(
            "INSERT INTO invites (tenant_id, id, token_hash, email_enc, display_name_enc, role, "
            "created_by, created_at, expires_at) VALUES (?,?,?,?,?,?,?,?,?)");
        if (!taken || !insert) {
          return fail(ErrorCode::Internal, "bad SQL: " + context.db.lastError());
        }
        {
          StatementScope scope(**taken);
          scope->bind(1, created.tenant_id.value).bindBlob(2, row.email_index);
          if (scope->step()) {
            return fail(ErrorCode::Conflict, "a user with that email exists");
          }
          if (scope->error()) {
            return std::unexpected(*scope->error());
          }
        }
        StatementScope scope(**insert);
        scope->bind(1, created.tenant_id.value)
            .bind(2, created.id.value)
            .bindBlob(3, row.token_hash)
            .bindBlob(4, row.email_sealed)
            .bindBlob(5, row.name_sealed)
            .bind(6, roleName(created.role))
            .bind(7, created.created_by)
            .bind(8, toUnixMillis(created.created_at))
            .bind(9, toUnixMillis(created.expires_at));
        if (auto inserted = scope->run(); !inserted) {
          return std::unexpected(inserted.error());
        }
        if (auto stored = storePersonalKey(context.db, created.tenant_id, kEntity, created.id.value,
                                           row.personal_key_wrapped);
            !stored) {
          return std::unexpected(stored.error());
        }
        for (const AuditChange& change : row.changes) {
          auto audited = context.audit.append(context.db, created.tenant_id, actor,
                                              created.created_at, change);
          if (!audited) {
            return std::unexpected(audited.error());
          }
        }
        return created;
      },
      std::move(done));
}

Result<std::vector<Invite>> SqliteInviteStore::listPendingInvites(const TenantId& tenant) {
  const int64_t now = toUnixMillis(database_.clock().now());
  return database_.read([&](Connection& db) -> Result<std::vector<Invite>> {
    auto query = db.statement(PARLEY_SELECT_INVITE "WHERE tenant_id = ? AND " PARLEY_INVITE_PENDING
                                                   " ORDER BY created_at DESC, id DESC");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, now);
    std::vector<Invite> invites;
    while (scope->step()) {
      auto invite = inviteFromRow(db, *scope);
      if (!invite) {
        return std::unexpected(invite.error());
      }
      invites.push_back(std::move(*invite));
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return invites;
  });
}

Result<Invite> SqliteInviteStore::findPendingInvite(std::string_view token_hash) {
  const int64_t now = toUnixMillis(database_.clock().now());
  return database_.read([&](Connection& db) -> Result<Invite> {
    auto query = db.statement(
        PARLEY_SELECT_INVITE "WHERE token_hash = ? AND " PARLEY_INVITE_PENDING
                             " AND tenant_id IN (SELECT id FROM tenants WHERE deleted_at IS NULL)");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bindBlob(1, token_hash).bind(2, now);
    if (!scope->step()) {
      if (scope->error()) {
        return std::unexpected(*scope->error());
      }
      return fail(ErrorCode::NotFound, "no such invite, or it was used or has expired");
    }
    return inviteFromRow(db, *scope);
  });
}

void SqliteInviteStore::revokeInvite(const TenantId& tenant, const InviteId& invite, Actor actor,
                                     Done<void> done) {
  const TimePoint now = database_.clock().now();
  // The change is recorded; there is no value (an empty sealed value reads back as null).
  AuditChange change{std::string(kEntity), invite.value, "revoked", ""};
  database_.write<void>(
      [tenant, invite, change = std::move(change), actor,
       now](WriteContext& context) -> Result<void> {
        auto update = context.db.statement(
            "UPDATE invites SET revoked_at = ?1 WHERE tenant_id = ?2 AND id = ?3 AND "
            "used_at IS NULL AND revoked_at IS NULL AND expires_at > ?1");
        if (!update) {
          return std::unexpected(update.error());
        }
        {
          StatementScope scope(**update);
          scope->bind(1, toUnixMillis(now)).bind(2, tenant.value).bind(3, invite.value);
          if (auto updated = scope->run(); !updated) {
            return std::unexpected(updated.error());
          }
        }
        if (context.db.changes() == 0) {
          return fail(ErrorCode::NotFound, "no such invite");
        }
        return context.audit.append(context.db, tenant, actor, now, change);
      },
      std::move(done));
}

void SqliteInviteStore::acceptInvite(std::string token_hash, std::string password_hash,
                                     std::optional<std::string> display_name, Done<User> done) {
  auto invite = findPendingInvite(token_hash);
  if (!invite) {
    done(std::unexpected(invite.error()));
    return;
  }
  auto key = database_.tenantKey(invite->tenant_id);
  if (!key) {
    done(std::unexpected(key.error()));
    return;
  }
  const TimePoint now = database_.clock().now();
  User user{invite->tenant_id, privacy::newId<UserTag>(),
            invite->email,     display_name.value_or(invite->display_name),
            invite->role,      now};
  SealedUser row = sealUser(database_, *key, user, std::move(password_hash));
  AuditChange used =
      auditChange(*key, user.tenant_id, kEntity, invite->id.value, "usedBy", user.id.value);
  database_.write<User>(
      [user, invite_id = invite->id, row = std::move(row),
       used = std::move(used)](WriteContext& context) -> Result<User> {
        auto update = context.db.statement(
            "UPDATE invites SET used_at = ?1, used_by = ?2 WHERE tenant_id = ?3 AND id = ?4 AND "
            "used_at IS NULL AND revoked_at IS NULL AND expires_at > ?1");
        if (!update) {
          return std::unexpected(update.error());
        }
        {
          StatementScope scope(**update);
          scope->bind(1, toUnixMillis(user.created_at))
              .bind(2, user.id.value)
              .bind(3, user.tenant_id.value)
              .bind(4, invite_id.value);
          if (auto updated = scope->run(); !updated) {
            return std::unexpected(updated.error());
          }
        }
        if (context.db.changes() == 0) {  // accepted or revoked in the meantime
          return fail(ErrorCode::NotFound, "no such invite, or it was used or has expired");
        }
        const Actor actor{Actor::Kind::User, user.id.value};
        if (auto inserted = insertUser(context, user, row, actor); !inserted) {
          return std::unexpected(inserted.error());
        }
        if (auto audited =
                context.audit.append(context.db, user.tenant_id, actor, user.created_at, used);
            !audited) {
          return std::unexpected(audited.error());
        }
        return user;
      },
      std::move(done));
}

}  // namespace parley::storage::sqlite
