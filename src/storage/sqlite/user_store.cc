#include "storage/sqlite/user_store.h"

#include "privacy/blind_index.h"
#include "storage/sqlite/fields.h"
#include "storage/sqlite/personal_keys.h"

namespace parley::storage::sqlite {
namespace {

constexpr std::string_view kEntity = "user";
// A macro so that each full query is one string literal: cached statements are keyed by its
// address.
#define PARLEY_SELECT_USER                                                               \
  "SELECT tenant_id, id, email_enc, display_name_enc, role, password_hash, created_at, " \
  "(SELECT confirmed_at FROM second_factors f WHERE f.tenant_id = users.tenant_id AND "  \
  "f.user_id = users.id), deactivated_at, deleted_at FROM users "

std::string emailIndex(const Database& database, std::string_view email) {
  return privacy::blindIndex(database.keyring().userEmailIndexKey(), "user-email",
                             privacy::normalizeEmail(email));
}

}  // namespace

Result<UserCredentials> SqliteUserStore::userFromRow(Connection& db, const Statement& row) {
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
    return fail(ErrorCode::Internal, "user record does not decrypt");
  }
  User user{tenant, UserId{id}, *email, *display_name, *role, fromUnixMillis(row.integer(6))};
  if (!row.isNull(7)) {
    user.two_factor_since = fromUnixMillis(row.integer(7));
  }
  if (!row.isNull(8)) {
    user.deactivated_at = fromUnixMillis(row.integer(8));
  }
  if (!row.isNull(9)) {
    user.deleted_at = fromUnixMillis(row.integer(9));
  }
  return UserCredentials{std::move(user), row.text(5)};
}

SealedUser sealUser(const Database& database, const privacy::SecretKey& key, const User& user,
                    std::string password_hash) {
  const std::string& id = user.id.value;
  const TenantId& tenant = user.tenant_id;
  PersonalKey personal = newPersonalKey(key, tenant, kEntity, id);
  return SealedUser{
      emailIndex(database, user.email),
      sealField(key, tenant, kEntity, id, "email", user.email),
      sealField(key, tenant, kEntity, id, "displayName", user.display_name),
      std::move(password_hash),
      std::move(personal.wrapped),
      auditChange(personal.key, tenant, kEntity, id, "email", user.email),
      auditChange(personal.key, tenant, kEntity, id, "displayName", user.display_name)};
}

namespace {

// The audit copy of a user's email or name, under the user's personal key. NotFound once the user
// is deleted (the key is gone).
Result<AuditChange> personalChange(Connection& db, const privacy::SecretKey& tenant_key,
                                   const TenantId& tenant, const UserId& user,
                                   std::string_view attribute, std::string_view value) {
  auto key = personalKey(db, tenant_key, tenant, kEntity, user.value);
  if (!key) {
    return std::unexpected(key.error());
  }
  if (!*key) {
    return fail(ErrorCode::NotFound, "no such user");
  }
  return auditChange(**key, tenant, kEntity, user.value, attribute, value);
}

// Blanks the email and name of the invites `user` came in by and destroys their personal keys.
template <class SealEmail, class SealName>
Result<void> forgetInvitesOf(Connection& db, const TenantId& tenant, const UserId& user,
                             const SealEmail& email_sealed, const SealName& name_sealed) {
  std::vector<std::string> invites;
  {
    auto query = db.statement("SELECT id FROM invites WHERE tenant_id = ? AND used_by = ?");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, user.value);
    while (scope->step()) {
      invites.push_back(scope->text(0));
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
  }
  for (const std::string& invite : invites) {
    auto update = db.statement(
        "UPDATE invites SET email_enc = ?, display_name_enc = ? WHERE tenant_id = ? AND id = ?");
    if (!update) {
      return std::unexpected(update.error());
    }
    {
      StatementScope scope(**update);
      scope->bindBlob(1, email_sealed(invite))
          .bindBlob(2, name_sealed(invite))
          .bind(3, tenant.value)
          .bind(4, invite);
      if (auto updated = scope->run(); !updated) {
        return updated;
      }
    }
    if (auto destroyed = destroyPersonalKey(db, tenant, "invite", invite); !destroyed) {
      return destroyed;
    }
  }
  return {};
}

}  // namespace

Result<void> insertUser(WriteContext& context, const User& user, const SealedUser& row,
                        const Actor& actor) {
  auto insert = context.db.statement(
      "INSERT INTO users (tenant_id, id, email_index, email_enc, display_name_enc, role, "
      "password_hash, created_at) VALUES (?,?,?,?,?,?,?,?)");
  if (!insert) {
    return std::unexpected(insert.error());
  }
  StatementScope scope(**insert);
  scope->bind(1, user.tenant_id.value)
      .bind(2, user.id.value)
      .bindBlob(3, row.email_index)
      .bindBlob(4, row.email_sealed)
      .bindBlob(5, row.name_sealed)
      .bind(6, roleName(user.role))
      .bind(7, row.password_hash)
      .bind(8, toUnixMillis(user.created_at));
  if (auto inserted = scope->run(); !inserted) {
    if (inserted.error().code == ErrorCode::Conflict) {
      return fail(ErrorCode::Conflict, "a user with that email exists");
    }
    return std::unexpected(inserted.error());
  }
  if (auto stored = storePersonalKey(context.db, user.tenant_id, kEntity, user.id.value,
                                     row.personal_key_wrapped);
      !stored) {
    return stored;
  }
  for (const AuditChange* change : {&row.email_change, &row.name_change}) {
    auto audited =
        context.audit.append(context.db, user.tenant_id, actor, user.created_at, *change);
    if (!audited) {
      return std::unexpected(audited.error());
    }
  }
  return {};
}

std::string userEmailIndex(const Database& database, std::string_view email) {
  return emailIndex(database, email);
}

void SqliteUserStore::createUser(NewUser user, Actor actor, Done<User> done) {
  auto key = database_.tenantKey(user.tenant_id);
  if (!key) {
    done(std::unexpected(key.error()));
    return;
  }
  User created{user.tenant_id,
               privacy::newId<UserTag>(),
               privacy::normalizeEmail(user.email),
               user.display_name,
               user.role,
               database_.clock().now()};
  SealedUser row = sealUser(database_, *key, created, std::move(user.password_hash));
  database_.write<User>(
      [created, row = std::move(row), actor](WriteContext& context) -> Result<User> {
        if (auto inserted = insertUser(context, created, row, actor); !inserted) {
          return std::unexpected(inserted.error());
        }
        return created;
      },
      std::move(done));
}

Result<User> SqliteUserStore::findUser(const TenantId& tenant, const UserId& user) {
  return database_.read([&](Connection& db) -> Result<User> {
    auto query = db.statement(PARLEY_SELECT_USER "WHERE tenant_id = ? AND id = ?");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, user.value);
    if (!scope->step()) {
      if (scope->error()) {
        return std::unexpected(*scope->error());
      }
      return fail(ErrorCode::NotFound, "no such user");
    }
    auto found = userFromRow(db, *scope);
    if (!found) {
      return std::unexpected(found.error());
    }
    return std::move(found->user);
  });
}

Result<std::vector<UserCredentials>> SqliteUserStore::findUsersByEmail(std::string_view email) {
  const std::string index = emailIndex(database_, email);
  return database_.read([&](Connection& db) -> Result<std::vector<UserCredentials>> {
    auto query = db.statement(PARLEY_SELECT_USER
                              "WHERE email_index = ?"
                              " AND tenant_id IN (SELECT id FROM tenants WHERE deleted_at IS NULL)"
                              " ORDER BY created_at, tenant_id");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bindBlob(1, index);
    std::vector<UserCredentials> users;
    while (scope->step()) {
      auto found = userFromRow(db, *scope);
      if (!found) {
        return std::unexpected(found.error());
      }
      users.push_back(std::move(*found));
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return users;
  });
}

Result<std::vector<User>> SqliteUserStore::listUsers(const TenantId& tenant) {
  return database_.read([&](Connection& db) -> Result<std::vector<User>> {
    auto query = db.statement(PARLEY_SELECT_USER
                              "WHERE tenant_id = ? AND deleted_at IS NULL ORDER BY created_at, id");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value);
    std::vector<User> users;
    while (scope->step()) {
      auto found = userFromRow(db, *scope);
      if (!found) {
        return std::unexpected(found.error());
      }
      users.push_back(std::move(found->user));
    }
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return users;
  });
}

void SqliteUserStore::setPassword(std::string_view email, std::optional<TenantId> tenant,
                                  std::string password_hash, Actor actor, Done<User> done) {
  auto found = findUsersByEmail(email);
  if (!found) {
    done(std::unexpected(found.error()));
    return;
  }
  if (tenant) {
    std::erase_if(*found,
                  [&](const UserCredentials& each) { return each.user.tenant_id != *tenant; });
  }
  if (found->empty()) {
    done(fail(ErrorCode::NotFound, "no user with that email"));
    return;
  }
  if (found->size() > 1) {
    done(fail(ErrorCode::Conflict, "that email signs in to several tenants: name one"));
    return;
  }
  const User user = std::move(found->front().user);
  const int64_t now = toUnixMillis(database_.clock().now());
  // The change is recorded; the value is not (an empty sealed value reads back as null).
  AuditChange change{std::string(kEntity), user.id.value, "password", ""};
  database_.write<User>(
      [user, password_hash = std::move(password_hash), change = std::move(change), actor,
       now](WriteContext& context) -> Result<User> {
        auto update = context.db.statement(
            "UPDATE users SET password_hash = ? WHERE tenant_id = ? AND id = ?");
        auto revoke = context.db.statement(
            "UPDATE sessions SET revoked_at = ? WHERE tenant_id = ? AND user_id = ? "
            "AND revoked_at IS NULL");
        if (!update || !revoke) {
          return fail(ErrorCode::Internal, "bad SQL: " + context.db.lastError());
        }
        {
          StatementScope scope(**update);
          scope->bind(1, password_hash).bind(2, user.tenant_id.value).bind(3, user.id.value);
          if (auto updated = scope->run(); !updated) {
            return std::unexpected(updated.error());
          }
        }
        {
          StatementScope scope(**revoke);
          scope->bind(1, now).bind(2, user.tenant_id.value).bind(3, user.id.value);
          if (auto revoked = scope->run(); !revoked) {
            return std::unexpected(revoked.error());
          }
        }
        auto audited =
            context.audit.append(context.db, user.tenant_id, actor, fromUnixMillis(now), change);
        if (!audited) {
          return std::unexpected(audited.error());
        }
        return user;
      },
      std::move(done));
}

void SqliteUserStore::updateDisplayName(const TenantId& tenant, const UserId& user,
                                        std::string display_name, Actor actor, Done<User> done) {
  auto key = database_.tenantKey(tenant);
  if (!key) {
    done(std::unexpected(key.error()));
    return;
  }
  const TimePoint now = database_.clock().now();
  std::string sealed = sealField(*key, tenant, kEntity, user.value, "displayName", display_name);
  // The updated user is read back inside the transaction, so the answer is exactly what committed.
  database_.write<User>(
      [this, tenant, user, sealed = std::move(sealed), key = *key,
       display_name = std::move(display_name), actor, now](WriteContext& context) -> Result<User> {
        auto change = personalChange(context.db, key, tenant, user, "displayName", display_name);
        if (!change) {
          return std::unexpected(change.error());
        }
        auto update = context.db.statement(
            "UPDATE users SET display_name_enc = ? WHERE tenant_id = ? AND id = ?");
        if (!update) {
          return std::unexpected(update.error());
        }
        {
          StatementScope scope(**update);
          scope->bindBlob(1, sealed).bind(2, tenant.value).bind(3, user.value);
          if (auto updated = scope->run(); !updated) {
            return std::unexpected(updated.error());
          }
        }
        if (context.db.changes() == 0) {
          return fail(ErrorCode::NotFound, "no such user");
        }
        if (auto audited = context.audit.append(context.db, tenant, actor, now, *change);
            !audited) {
          return std::unexpected(audited.error());
        }
        return userInTransaction(context.db, tenant, user);
      },
      std::move(done));
}

Result<User> SqliteUserStore::userInTransaction(Connection& db, const TenantId& tenant,
                                                const UserId& user) {
  auto query = db.statement(PARLEY_SELECT_USER "WHERE tenant_id = ? AND id = ?");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant.value).bind(2, user.value);
  if (!scope->step()) {
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return fail(ErrorCode::NotFound, "no such user");
  }
  auto found = userFromRow(db, *scope);
  if (!found) {
    return std::unexpected(found.error());
  }
  return std::move(found->user);
}

namespace {

// Refuses to leave the tenant without an active admin: `current` stops being one (demoted,
// deactivated or deleted). REQUIRES: inside the write transaction.
Result<void> keepsAnAdmin(Connection& db, const TenantId& tenant, const User& current) {
  if (current.role != Role::Admin || !current.active()) {
    return {};
  }
  auto count = db.statement(
      "SELECT count(*) FROM users WHERE tenant_id = ? AND role = 'admin' AND "
      "deactivated_at IS NULL AND deleted_at IS NULL");
  if (!count) {
    return std::unexpected(count.error());
  }
  StatementScope scope(**count);
  scope->bind(1, tenant.value);
  if (!scope->step()) {
    return std::unexpected(scope->error().value_or(Error{ErrorCode::Internal, "no row"}));
  }
  if (scope->integer(0) <= 1) {
    return fail(ErrorCode::Conflict, "the tenant would be left without an admin");
  }
  return {};
}

// The ids of the tenant's live API tokens that act for `user`.
Result<std::vector<std::string>> tokensActingFor(Connection& db, const TenantId& tenant,
                                                 const UserId& user) {
  auto query = db.statement(
      "SELECT id FROM api_tokens WHERE tenant_id = ? AND created_by = ? AND revoked_at IS NULL");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant.value).bind(2, user.value);
  std::vector<std::string> ids;
  while (scope->step()) {
    ids.push_back(scope->text(0));
  }
  if (scope->error()) {
    return std::unexpected(*scope->error());
  }
  return ids;
}

// What a user who stops being active leaves behind, in the same transaction: their sessions
// (signed out everywhere), the API tokens that act for them (revoked, each in the audit log by
// `actor`), the invites they made that are still pending (a link they kept would let them back
// in as someone else), and their stored presence (offline: a reactivated agent is not offered
// conversations before they connect). REQUIRES: inside the write transaction.
Result<void> retireUser(WriteContext& context, const TenantId& tenant, const UserId& user,
                        const Actor& actor, TimePoint at) {
  const int64_t now = toUnixMillis(at);
  auto tokens = tokensActingFor(context.db, tenant, user);
  if (!tokens) {
    return std::unexpected(tokens.error());
  }
  for (const std::string& token : *tokens) {
    auto audited = context.audit.append(context.db, tenant, actor, at,
                                        AuditChange{"token", token, "revoked", ""});
    if (!audited) {
      return audited;
    }
  }
  for (const char* sql :
       {"UPDATE sessions SET revoked_at = ?1 WHERE tenant_id = ?2 AND user_id = ?3 AND "
        "revoked_at IS NULL",
        "UPDATE api_tokens SET revoked_at = ?1 WHERE tenant_id = ?2 AND created_by = ?3 AND "
        "revoked_at IS NULL",
        "UPDATE invites SET revoked_at = ?1 WHERE tenant_id = ?2 AND created_by = ?3 AND "
        "used_at IS NULL AND revoked_at IS NULL",
        "UPDATE agent_routing SET presence = 'offline', presence_changed_at = ?1 WHERE "
        "tenant_id = ?2 AND user_id = ?3"}) {
    auto statement = context.db.statement(sql);
    if (!statement) {
      return std::unexpected(statement.error());
    }
    StatementScope scope(**statement);
    scope->bind(1, now).bind(2, tenant.value).bind(3, user.value);
    if (auto done = scope->run(); !done) {
      return done;
    }
  }
  return {};
}

}  // namespace

void SqliteUserStore::updateUser(const TenantId& tenant, const UserId& user, UserPatch patch,
                                 Actor actor, Done<User> done) {
  auto key = database_.tenantKey(tenant);
  if (!key) {
    done(std::unexpected(key.error()));
    return;
  }
  const TimePoint now = database_.clock().now();
  std::optional<std::string> name_sealed;
  std::vector<AuditChange> changes;
  if (patch.display_name) {
    name_sealed = sealField(*key, tenant, kEntity, user.value, "displayName", *patch.display_name);
  }
  std::optional<AuditChange> role_change;
  if (patch.role) {
    role_change = auditChange(*key, tenant, kEntity, user.value, "role", roleName(*patch.role));
  }
  database_.write<User>(
      [this, tenant, user, role = patch.role, name_sealed = std::move(name_sealed),
       display_name = std::move(patch.display_name), key = *key, changes = std::move(changes),
       role_change = std::move(role_change), actor,
       now](WriteContext& context) mutable -> Result<User> {
        auto current = userInTransaction(context.db, tenant, user);
        if (!current) {
          return std::unexpected(current.error());
        }
        if (!current->active()) {
          return fail(ErrorCode::Conflict, "the user is deactivated or deleted");
        }
        if (display_name) {
          auto change = personalChange(context.db, key, tenant, user, "displayName", *display_name);
          if (!change) {
            return std::unexpected(change.error());
          }
          changes.push_back(std::move(*change));
        }
        if (role && *role != current->role) {
          if (auto kept = *role == Role::Admin ? Result<void>{}
                                               : keepsAnAdmin(context.db, tenant, *current);
              !kept) {
            return std::unexpected(kept.error());
          }
          changes.push_back(std::move(*role_change));
        }
        auto update = context.db.statement(
            "UPDATE users SET role = coalesce(?, role), "
            "display_name_enc = coalesce(?, display_name_enc) WHERE tenant_id = ? AND id = ?");
        if (!update) {
          return std::unexpected(update.error());
        }
        {
          StatementScope scope(**update);
          scope
              ->bindOptionalText(1,
                                 role ? std::optional(std::string(roleName(*role))) : std::nullopt)
              .bindOptional(2, name_sealed)
              .bind(3, tenant.value)
              .bind(4, user.value);
          if (auto updated = scope->run(); !updated) {
            return std::unexpected(updated.error());
          }
        }
        for (const AuditChange& change : changes) {
          if (auto audited = context.audit.append(context.db, tenant, actor, now, change);
              !audited) {
            return std::unexpected(audited.error());
          }
        }
        return userInTransaction(context.db, tenant, user);
      },
      std::move(done));
}

void SqliteUserStore::setUserActive(const TenantId& tenant, const UserId& user, bool active,
                                    Actor actor, Done<User> done) {
  auto key = database_.tenantKey(tenant);
  if (!key) {
    done(std::unexpected(key.error()));
    return;
  }
  const TimePoint now = database_.clock().now();
  AuditChange change =
      auditChange(*key, tenant, kEntity, user.value, "active", active ? "true" : "false");
  database_.write<User>(
      [this, tenant, user, active, change = std::move(change), actor,
       now](WriteContext& context) -> Result<User> {
        auto current = userInTransaction(context.db, tenant, user);
        if (!current) {
          return std::unexpected(current.error());
        }
        if (current->deleted_at) {
          return fail(ErrorCode::NotFound, "no such user");
        }
        if (current->active() == active) {
          return current;  // nothing to change
        }
        if (!active) {
          if (auto kept = keepsAnAdmin(context.db, tenant, *current); !kept) {
            return std::unexpected(kept.error());
          }
          if (auto revoked = retireUser(context, tenant, user, actor, now); !revoked) {
            return std::unexpected(revoked.error());
          }
        }
        auto update = context.db.statement(
            "UPDATE users SET deactivated_at = ? WHERE tenant_id = ? AND id = ?");
        if (!update) {
          return std::unexpected(update.error());
        }
        {
          StatementScope scope(**update);
          scope->bindOptionalInteger(1, active ? std::nullopt : std::optional(toUnixMillis(now)))
              .bind(2, tenant.value)
              .bind(3, user.value);
          if (auto updated = scope->run(); !updated) {
            return std::unexpected(updated.error());
          }
        }
        if (auto audited = context.audit.append(context.db, tenant, actor, now, change); !audited) {
          return std::unexpected(audited.error());
        }
        return userInTransaction(context.db, tenant, user);
      },
      std::move(done));
}

void SqliteUserStore::deleteUser(const TenantId& tenant, const UserId& user, Actor actor,
                                 Done<User> done) {
  auto key = database_.tenantKey(tenant);
  if (!key) {
    done(std::unexpected(key.error()));
    return;
  }
  const TimePoint now = database_.clock().now();
  // What stays: the id, the role, when it was made and deleted. The email's index becomes a
  // random value (the email is free for someone new), the email and the password go, the name
  // becomes a placeholder that colleagues see in old conversations.
  const std::string index = privacy::randomBytes(32);
  const std::string email_sealed = sealField(*key, tenant, kEntity, user.value, "email", "");
  const std::string name_sealed =
      sealField(*key, tenant, kEntity, user.value, "displayName", kDeletedUserName);
  AuditChange change{std::string(kEntity), user.value, "deleted", ""};
  database_.write<User>(
      [this, tenant, user, index, email_sealed, name_sealed, change = std::move(change), actor, now,
       key = *key](WriteContext& context) -> Result<User> {
        // The invites the user came in by keep their email and name too: blanked, and their
        // personal keys destroyed (each invite's fields are bound to its own id).
        const auto invite_email_sealed = [&](const std::string& invite) {
          return sealField(key, tenant, "invite", invite, "email", "");
        };
        const auto invite_name_sealed = [&](const std::string& invite) {
          return sealField(key, tenant, "invite", invite, "displayName", kDeletedUserName);
        };
        auto current = userInTransaction(context.db, tenant, user);
        if (!current) {
          return std::unexpected(current.error());
        }
        if (current->deleted_at) {
          return fail(ErrorCode::NotFound, "no such user");
        }
        if (auto kept = keepsAnAdmin(context.db, tenant, *current); !kept) {
          return std::unexpected(kept.error());
        }
        const int64_t at = toUnixMillis(now);
        if (auto revoked = retireUser(context, tenant, user, actor, now); !revoked) {
          return std::unexpected(revoked.error());
        }
        for (const char* sql : {"DELETE FROM recovery_codes WHERE tenant_id = ? AND user_id = ?",
                                "DELETE FROM second_factors WHERE tenant_id = ? AND user_id = ?"}) {
          auto erase = context.db.statement(sql);
          if (!erase) {
            return std::unexpected(erase.error());
          }
          StatementScope scope(**erase);
          scope->bind(1, tenant.value).bind(2, user.value);
          if (auto erased = scope->run(); !erased) {
            return std::unexpected(erased.error());
          }
        }
        auto update = context.db.statement(
            "UPDATE users SET email_index = ?, email_enc = ?, display_name_enc = ?, "
            "password_hash = '', deactivated_at = coalesce(deactivated_at, ?), deleted_at = ? "
            "WHERE tenant_id = ? AND id = ?");
        if (!update) {
          return std::unexpected(update.error());
        }
        {
          StatementScope scope(**update);
          scope->bindBlob(1, index)
              .bindBlob(2, email_sealed)
              .bindBlob(3, name_sealed)
              .bind(4, at)
              .bind(5, at)
              .bind(6, tenant.value)
              .bind(7, user.value);
          if (auto updated = scope->run(); !updated) {
            return std::unexpected(updated.error());
          }
        }
        if (auto forgotten =
                forgetInvitesOf(context.db, tenant, user, invite_email_sealed, invite_name_sealed);
            !forgotten) {
          return std::unexpected(forgotten.error());
        }
        if (auto destroyed = destroyPersonalKey(context.db, tenant, kEntity, user.value);
            !destroyed) {
          return std::unexpected(destroyed.error());
        }
        if (auto audited = context.audit.append(context.db, tenant, actor, now, change); !audited) {
          return std::unexpected(audited.error());
        }
        return userInTransaction(context.db, tenant, user);
      },
      [this, done = std::move(done)](Result<User> deleted) mutable {
        if (deleted) {
          // The log still holds the user's row and their personal key as they were.
          database_.requestWalTruncation();
        }
        done(std::move(deleted));
      });
}

}  // namespace parley::storage::sqlite
