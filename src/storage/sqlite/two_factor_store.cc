#include "storage/sqlite/two_factor_store.h"

#include "storage/sqlite/fields.h"

namespace parley::storage::sqlite {
namespace {

constexpr std::string_view kUserEntity = "user";

// Recovery codes carry 60 bits: a keyed hash under the tenant's index key keeps a stolen database
// from being searched for them, and deleting the tenant's key makes them meaningless.
std::string recoveryCodeHash(const privacy::SecretKey& tenant_key, const UserId& user,
                             std::string_view code) {
  return privacy::keyedHash(privacy::Keyring::tenantIndexKey(tenant_key),
                            "recovery-code\n" + user.value + "\n" + std::string(code));
}

Result<void> audit(WriteContext& context, const privacy::SecretKey& key, const TenantId& tenant,
                   const UserId& user, const Actor& actor, TimePoint at, std::string_view what) {
  return context.audit.append(context.db, tenant, actor, at,
                              auditChange(key, tenant, kUserEntity, user.value, "twoFactor", what));
}

Result<void> storeRecoveryCodes(Connection& db, const TenantId& tenant, const UserId& user,
                                const std::vector<std::string>& hashes) {
  auto remove = db.statement("DELETE FROM recovery_codes WHERE tenant_id = ? AND user_id = ?");
  if (!remove) {
    return std::unexpected(remove.error());
  }
  {
    StatementScope scope(**remove);
    scope->bind(1, tenant.value).bind(2, user.value);
    if (auto removed = scope->run(); !removed) {
      return removed;
    }
  }
  auto insert =
      db.statement("INSERT INTO recovery_codes (tenant_id, user_id, code_hash) VALUES (?,?,?)");
  if (!insert) {
    return std::unexpected(insert.error());
  }
  for (const std::string& hash : hashes) {
    StatementScope scope(**insert);
    scope->bind(1, tenant.value).bind(2, user.value).bindBlob(3, hash);
    if (auto inserted = scope->run(); !inserted) {
      return inserted;
    }
  }
  return {};
}

std::string roleList(const std::vector<Role>& roles) {
  std::string list;
  for (Role role : roles) {
    list += (list.empty() ? "" : ",") + std::string(roleName(role));
  }
  return list;
}

}  // namespace

Result<SecondFactor> SqliteTwoFactorStore::findSecondFactor(const TenantId& tenant,
                                                            const UserId& user) {
  return database_.read([&](Connection& db) -> Result<SecondFactor> {
    auto query = db.statement(
        "SELECT secret_enc, confirmed_at, last_step, (SELECT count(*) FROM recovery_codes r "
        "WHERE r.tenant_id = f.tenant_id AND r.user_id = f.user_id AND r.used_at IS NULL) "
        "FROM second_factors f WHERE tenant_id = ? AND user_id = ?");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, user.value);
    if (!scope->step()) {
      if (scope->error()) {
        return std::unexpected(*scope->error());
      }
      return fail(ErrorCode::NotFound, "no second factor");
    }
    auto key = database_.tenantKey(db, tenant);
    if (!key) {
      return std::unexpected(key.error());
    }
    auto secret = openField(*key, tenant, kUserEntity, user.value, "totpSecret", scope->blob(0));
    if (!secret) {
      return std::unexpected(secret.error());
    }
    SecondFactor factor{.secret = std::move(*secret),
                        .last_step = scope->integer(2),
                        .recovery_codes_left = static_cast<size_t>(scope->integer(3))};
    if (!scope->isNull(1)) {
      factor.confirmed_at = fromUnixMillis(scope->integer(1));
    }
    return factor;
  });
}

void SqliteTwoFactorStore::startEnrolment(const TenantId& tenant, const UserId& user,
                                          std::string secret, Done<void> done) {
  auto key = database_.tenantKey(tenant);
  if (!key) {
    done(std::unexpected(key.error()));
    return;
  }
  std::string sealed = sealField(*key, tenant, kUserEntity, user.value, "totpSecret", secret);
  database_.write<void>(
      [tenant, user, sealed = std::move(sealed)](WriteContext& context) -> Result<void> {
        // Replaces a waiting secret, never a confirmed one; the user must exist in the tenant.
        auto upsert = context.db.statement(
            "INSERT INTO second_factors (tenant_id, user_id, secret_enc) "
            "SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM users WHERE tenant_id = ?1 AND id = ?2) "
            "ON CONFLICT (tenant_id, user_id) DO UPDATE SET secret_enc = excluded.secret_enc, "
            "last_step = 0 WHERE confirmed_at IS NULL");
        if (!upsert) {
          return std::unexpected(upsert.error());
        }
        StatementScope scope(**upsert);
        scope->bind(1, tenant.value).bind(2, user.value).bindBlob(3, sealed);
        if (auto saved = scope->run(); !saved) {
          return saved;
        }
        if (context.db.changes() == 0) {
          return fail(ErrorCode::Conflict, "two-factor sign-in is on already");
        }
        return {};
      },
      std::move(done));
}

void SqliteTwoFactorStore::confirmEnrolment(const TenantId& tenant, const UserId& user,
                                            const std::string& secret, int64_t step,
                                            std::vector<std::string> recovery_codes, Actor actor,
                                            Done<void> done) {
  auto key = database_.tenantKey(tenant);
  if (!key) {
    done(std::unexpected(key.error()));
    return;
  }
  std::vector<std::string> hashes;
  for (const std::string& code : recovery_codes) {
    hashes.push_back(recoveryCodeHash(*key, user, code));
  }
  const TimePoint now = database_.clock().now();
  database_.write<void>(
      [tenant, user, secret, step, hashes = std::move(hashes), actor, key = *key,
       now](WriteContext& context) -> Result<void> {
        auto waiting = context.db.statement(
            "SELECT secret_enc FROM second_factors "
            "WHERE tenant_id = ? AND user_id = ? AND confirmed_at IS NULL");
        if (!waiting) {
          return std::unexpected(waiting.error());
        }
        {
          StatementScope scope(**waiting);
          scope->bind(1, tenant.value).bind(2, user.value);
          if (!scope->step()) {
            return fail(ErrorCode::Conflict, "no two-factor enrolment is waiting for a code");
          }
          auto stored =
              openField(key, tenant, kUserEntity, user.value, "totpSecret", scope->blob(0));
          if (!stored || !privacy::equalsConstantTime(*stored, secret)) {
            return fail(ErrorCode::Conflict,
                        "the set-up was started again elsewhere: scan the newest QR code");
          }
        }
        auto confirm = context.db.statement(
            "UPDATE second_factors SET confirmed_at = ?, last_step = ? "
            "WHERE tenant_id = ? AND user_id = ? AND confirmed_at IS NULL AND last_step < ?2");
        if (!confirm) {
          return std::unexpected(confirm.error());
        }
        {
          StatementScope scope(**confirm);
          scope->bind(1, toUnixMillis(now)).bind(2, step).bind(3, tenant.value).bind(4, user.value);
          if (auto confirmed = scope->run(); !confirmed) {
            return confirmed;
          }
        }
        if (context.db.changes() == 0) {
          return fail(ErrorCode::Conflict, "no two-factor enrolment is waiting for a code");
        }
        if (auto stored = storeRecoveryCodes(context.db, tenant, user, hashes); !stored) {
          return stored;
        }
        return audit(context, key, tenant, user, actor, now, "enabled");
      },
      std::move(done));
}

void SqliteTwoFactorStore::useStep(const TenantId& tenant, const UserId& user, int64_t step,
                                   Done<void> done) {
  database_.write<void>(
      [tenant, user, step](WriteContext& context) -> Result<void> {
        auto use = context.db.statement(
            "UPDATE second_factors SET last_step = ? "
            "WHERE tenant_id = ? AND user_id = ? AND confirmed_at IS NOT NULL AND last_step < ?1");
        if (!use) {
          return std::unexpected(use.error());
        }
        StatementScope scope(**use);
        scope->bind(1, step).bind(2, tenant.value).bind(3, user.value);
        if (auto used = scope->run(); !used) {
          return used;
        }
        if (context.db.changes() == 0) {
          return fail(ErrorCode::Conflict, "that code was used already");
        }
        return {};
      },
      std::move(done));
}

void SqliteTwoFactorStore::useRecoveryCode(const TenantId& tenant, const UserId& user,
                                           std::string code, Actor actor, Done<size_t> done) {
  auto key = database_.tenantKey(tenant);
  if (!key) {
    done(std::unexpected(key.error()));
    return;
  }
  std::string hash = recoveryCodeHash(*key, user, code);
  const TimePoint now = database_.clock().now();
  database_.write<size_t>(
      [tenant, user, hash = std::move(hash), actor, key = *key,
       now](WriteContext& context) -> Result<size_t> {
        auto spend = context.db.statement(
            "UPDATE recovery_codes SET used_at = ? "
            "WHERE tenant_id = ? AND user_id = ? AND code_hash = ? AND used_at IS NULL");
        if (!spend) {
          return std::unexpected(spend.error());
        }
        {
          StatementScope scope(**spend);
          scope->bind(1, toUnixMillis(now))
              .bind(2, tenant.value)
              .bind(3, user.value)
              .bindBlob(4, hash);
          if (auto spent = scope->run(); !spent) {
            return std::unexpected(spent.error());
          }
        }
        if (context.db.changes() == 0) {
          return fail(ErrorCode::NotFound, "not an unused recovery code");
        }
        if (auto audited = audit(context, key, tenant, user, actor, now, "recoveryCodeUsed");
            !audited) {
          return std::unexpected(audited.error());
        }
        auto left = context.db.statement(
            "SELECT count(*) FROM recovery_codes "
            "WHERE tenant_id = ? AND user_id = ? AND used_at IS NULL");
        if (!left) {
          return std::unexpected(left.error());
        }
        StatementScope scope(**left);
        scope->bind(1, tenant.value).bind(2, user.value);
        if (!scope->step()) {
          return std::unexpected(scope->error().value_or(Error{ErrorCode::Internal, "no count"}));
        }
        return static_cast<size_t>(scope->integer(0));
      },
      std::move(done));
}

void SqliteTwoFactorStore::replaceRecoveryCodes(const TenantId& tenant, const UserId& user,
                                                std::vector<std::string> codes, Actor actor,
                                                Done<void> done) {
  auto key = database_.tenantKey(tenant);
  if (!key) {
    done(std::unexpected(key.error()));
    return;
  }
  std::vector<std::string> hashes;
  for (const std::string& code : codes) {
    hashes.push_back(recoveryCodeHash(*key, user, code));
  }
  const TimePoint now = database_.clock().now();
  database_.write<void>(
      [tenant, user, hashes = std::move(hashes), actor, key = *key,
       now](WriteContext& context) -> Result<void> {
        auto exists = context.db.statement(
            "SELECT 1 FROM second_factors "
            "WHERE tenant_id = ? AND user_id = ? AND confirmed_at IS NOT NULL");
        if (!exists) {
          return std::unexpected(exists.error());
        }
        {
          StatementScope scope(**exists);
          scope->bind(1, tenant.value).bind(2, user.value);
          if (!scope->step()) {
            return fail(ErrorCode::Conflict, "two-factor sign-in is off");
          }
        }
        if (auto stored = storeRecoveryCodes(context.db, tenant, user, hashes); !stored) {
          return stored;
        }
        return audit(context, key, tenant, user, actor, now, "recoveryCodesReplaced");
      },
      std::move(done));
}

void SqliteTwoFactorStore::removeSecondFactor(const TenantId& tenant, const UserId& user,
                                              Actor actor, Done<void> done) {
  auto key = database_.tenantKey(tenant);
  if (!key) {
    done(std::unexpected(key.error()));
    return;
  }
  const TimePoint now = database_.clock().now();
  database_.write<void>(
      [tenant, user, actor, key = *key, now](WriteContext& context) -> Result<void> {
        for (const char* sql : {"DELETE FROM recovery_codes WHERE tenant_id = ? AND user_id = ?",
                                "DELETE FROM second_factors WHERE tenant_id = ? AND user_id = ?"}) {
          auto remove = context.db.statement(sql);
          if (!remove) {
            return std::unexpected(remove.error());
          }
          StatementScope scope(**remove);
          scope->bind(1, tenant.value).bind(2, user.value);
          if (auto removed = scope->run(); !removed) {
            return removed;
          }
        }
        if (context.db.changes() == 0) {
          return fail(ErrorCode::NotFound, "two-factor sign-in is off");
        }
        return audit(context, key, tenant, user, actor, now, "removed");
      },
      std::move(done));
}

Result<TwoFactorPolicy> SqliteTwoFactorStore::twoFactorPolicy(const TenantId& tenant) {
  return database_.read([&](Connection& db) -> Result<TwoFactorPolicy> {
    auto query = db.statement("SELECT two_factor_roles FROM security_policies WHERE tenant_id = ?");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value);
    TwoFactorPolicy policy;
    if (!scope->step()) {
      if (scope->error()) {
        return std::unexpected(*scope->error());
      }
      return policy;
    }
    const std::string roles = scope->text(0);
    std::string_view list = roles;
    while (!list.empty()) {
      const size_t comma = list.find(',');
      if (auto role = parseRole(list.substr(0, comma))) {
        policy.required_for.push_back(*role);
      }
      list.remove_prefix(comma == std::string_view::npos ? list.size() : comma + 1);
    }
    return policy;
  });
}

void SqliteTwoFactorStore::setTwoFactorPolicy(const TenantId& tenant, TwoFactorPolicy policy,
                                              Actor actor, Done<TwoFactorPolicy> done) {
  auto key = database_.tenantKey(tenant);
  if (!key) {
    done(std::unexpected(key.error()));
    return;
  }
  const TimePoint now = database_.clock().now();
  database_.write<TwoFactorPolicy>(
      [tenant, policy = std::move(policy), actor, key = *key,
       now](WriteContext& context) -> Result<TwoFactorPolicy> {
        const std::string roles = roleList(policy.required_for);
        auto save = context.db.statement(
            "INSERT OR REPLACE INTO security_policies (tenant_id, two_factor_roles, updated_at) "
            "VALUES (?,?,?)");
        if (!save) {
          return std::unexpected(save.error());
        }
        {
          StatementScope scope(**save);
          scope->bind(1, tenant.value).bind(2, roles).bind(3, toUnixMillis(now));
          if (auto saved = scope->run(); !saved) {
            return std::unexpected(saved.error());
          }
        }
        auto audited = context.audit.append(
            context.db, tenant, actor, now,
            auditChange(key, tenant, "tenant", tenant.value, "twoFactorRequiredFor", roles));
        if (!audited) {
          return std::unexpected(audited.error());
        }
        return policy;
      },
      std::move(done));
}

}  // namespace parley::storage::sqlite
