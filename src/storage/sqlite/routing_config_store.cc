#include "storage/sqlite/routing_config_store.h"

#include <algorithm>
#include <initializer_list>

#include "storage/sqlite/fields.h"
#include "storage/sqlite/json_columns.h"

namespace parley::storage::sqlite {
namespace {

constexpr std::string_view kSettingsEntity = "tenant_settings";
constexpr size_t kMaxSkillName = 100;
#define PARLEY_SELECT_CATEGORY                                                                  \
  "SELECT tenant_id, id, name, priority, position, skills, relaxation, "                        \
  "offer_timeout_seconds, channels, keywords, entry_points, created_at, window_boost_seconds, " \
  "window_boost_priority FROM categories "
#define PARLEY_SELECT_AGENT_ROUTING                                                            \
  "SELECT tenant_id, user_id, capacity, presence, auto_allocate, skills, presence_changed_at " \
  "FROM agent_routing "

Result<Category> categoryFromRow(const Statement& row) {
  auto skills = decodeIds<SkillTag>(row.text(5));
  auto relaxation = decodeRelaxation(row.text(6));
  auto channels = decodeStrings(row.text(8));
  auto keywords = decodeStrings(row.text(9));
  auto entry_points = decodeStrings(row.text(10));
  if (!skills || !relaxation || !channels || !keywords || !entry_points) {
    return fail(ErrorCode::Internal, "category record is corrupt");
  }
  return Category{.tenant_id = TenantId{row.text(0)},
                  .id = CategoryId{row.text(1)},
                  .name = row.text(2),
                  .priority = static_cast<int>(row.integer(3)),
                  .position = static_cast<int>(row.integer(4)),
                  .skills = std::move(*skills),
                  .relaxation = std::move(*relaxation),
                  .offer_timeout_seconds = static_cast<int>(row.integer(7)),
                  .window_boost_seconds = static_cast<int>(row.integer(12)),
                  .window_boost_priority = static_cast<int>(row.integer(13)),
                  .channels = std::move(*channels),
                  .keywords = std::move(*keywords),
                  .entry_points = std::move(*entry_points),
                  .created_at = fromUnixMillis(row.integer(11))};
}

Result<AgentRouting> agentRoutingFromRow(const Statement& row) {
  auto skills = decodeAgentSkills(row.text(5));
  if (!skills) {
    return std::unexpected(skills.error());
  }
  return AgentRouting{.tenant_id = TenantId{row.text(0)},
                      .user_id = UserId{row.text(1)},
                      .capacity = static_cast<int>(row.integer(2)),
                      .presence = row.text(3),
                      .auto_allocate = row.integer(4) != 0,
                      .skills = std::move(*skills),
                      .presence_changed_at = fromUnixMillis(row.integer(6))};
}

template <class T, class FromRow>
Result<std::vector<T>> rowsOf(Statement& query, FromRow fromRow) {
  std::vector<T> rows;
  while (query.step()) {
    auto row = fromRow(query);
    if (!row) {
      return std::unexpected(row.error());
    }
    rows.push_back(std::move(*row));
  }
  if (query.error()) {
    return std::unexpected(*query.error());
  }
  return rows;
}

// Runs a statement whose parameters are all text, bound in order.
Result<void> runWith(Connection& db, const char* sql,
                     std::initializer_list<std::string_view> parameters) {
  auto statement = db.statement(sql);
  if (!statement) {
    return std::unexpected(statement.error());
  }
  StatementScope scope(**statement);
  int index = 0;
  for (std::string_view parameter : parameters) {
    scope->bind(++index, parameter);
  }
  return scope->run();
}

// The skill's alternatives lose it; one that named only it goes, and so does a step left with none
// ("French or Spanish" without French is "Spanish", not "anyone").
std::vector<RelaxationStepConfig> withoutSkill(std::vector<RelaxationStepConfig> steps,
                                               const SkillId& skill) {
  std::vector<RelaxationStepConfig> kept;
  for (RelaxationStepConfig& step : steps) {
    std::vector<std::vector<SkillId>> alternatives;
    for (std::vector<SkillId>& alternative : step.any_of) {
      if (std::erase(alternative, skill) > 0 && alternative.empty()) {
        continue;
      }
      alternatives.push_back(std::move(alternative));
    }
    if (!step.any_of.empty() && alternatives.empty()) {
      continue;
    }
    step.any_of = std::move(alternatives);
    kept.push_back(std::move(step));
  }
  return kept;
}

// Rows that mention the skill are found by its quoted id in their JSON (ids need no escaping).
Result<void> dropFromAgents(Connection& db, const TenantId& tenant, const SkillId& skill) {
  auto query =
      db.statement(PARLEY_SELECT_AGENT_ROUTING "WHERE tenant_id = ? AND instr(skills, ?) > 0");
  if (!query) {
    return std::unexpected(query.error());
  }
  Result<std::vector<AgentRouting>> agents;
  {
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, "\"" + skill.value + "\"");
    agents = rowsOf<AgentRouting>(*scope, agentRoutingFromRow);
  }
  if (!agents) {
    return std::unexpected(agents.error());
  }
  for (AgentRouting& agent : *agents) {
    std::erase_if(agent.skills, [&](const auto& entry) { return entry.first == skill; });
    auto updated =
        runWith(db, "UPDATE agent_routing SET skills = ? WHERE tenant_id = ? AND user_id = ?",
                {encodeAgentSkills(agent.skills), tenant.value, agent.user_id.value});
    if (!updated) {
      return updated;
    }
  }
  return {};
}

Result<void> dropFromCategories(Connection& db, const TenantId& tenant, const SkillId& skill) {
  auto query = db.statement(PARLEY_SELECT_CATEGORY
                            "WHERE tenant_id = ?1 AND (instr(skills, ?2) > 0 "
                            "OR instr(relaxation, ?2) > 0)");
  if (!query) {
    return std::unexpected(query.error());
  }
  Result<std::vector<Category>> categories;
  {
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, "\"" + skill.value + "\"");
    categories = rowsOf<Category>(*scope, categoryFromRow);
  }
  if (!categories) {
    return std::unexpected(categories.error());
  }
  for (Category& category : *categories) {
    std::erase(category.skills, skill);
    auto updated = runWith(db,
                           "UPDATE categories SET skills = ?, relaxation = ? "
                           "WHERE tenant_id = ? AND id = ?",
                           {encodeIds(category.skills),
                            encodeRelaxation(withoutSkill(std::move(category.relaxation), skill)),
                            tenant.value, category.id.value});
    if (!updated) {
      return updated;
    }
  }
  return {};
}

// Inserts, or replaces keeping the stored creation time; NotFound when replacing a missing one.
Result<Category> storeCategory(Connection& db, Category category, bool creating) {
  if (!creating) {
    auto query = db.statement("SELECT created_at FROM categories WHERE tenant_id = ? AND id = ?");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, category.tenant_id.value).bind(2, category.id.value);
    if (!scope->step()) {
      if (scope->error()) {
        return std::unexpected(*scope->error());
      }
      return fail(ErrorCode::NotFound, "no such category");
    }
    category.created_at = fromUnixMillis(scope->integer(0));
  }
  auto insert = db.statement(
      "INSERT OR REPLACE INTO categories (tenant_id, id, name, priority, position, skills, "
      "relaxation, offer_timeout_seconds, channels, keywords, entry_points, created_at, "
      "window_boost_seconds, window_boost_priority) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!insert) {
    return std::unexpected(insert.error());
  }
  StatementScope scope(**insert);
  scope->bind(1, category.tenant_id.value)
      .bind(2, category.id.value)
      .bind(3, category.name)
      .bind(4, int64_t{category.priority})
      .bind(5, int64_t{category.position})
      .bind(6, encodeIds(category.skills))
      .bind(7, encodeRelaxation(category.relaxation))
      .bind(8, int64_t{category.offer_timeout_seconds})
      .bind(9, encodeStrings(category.channels))
      .bind(10, encodeStrings(category.keywords))
      .bind(11, encodeStrings(category.entry_points))
      .bind(12, toUnixMillis(category.created_at))
      .bind(13, int64_t{category.window_boost_seconds})
      .bind(14, int64_t{category.window_boost_priority});
  if (auto stored = scope->run(); !stored) {
    return std::unexpected(stored.error());
  }
  return category;
}

Result<void> requireUser(Connection& db, const TenantId& tenant, const UserId& user) {
  auto query = db.statement("SELECT 1 FROM users WHERE tenant_id = ? AND id = ?");
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
  return {};
}

}  // namespace

void SqliteRoutingConfigStore::createSkill(TenantId tenant, std::string name, Done<Skill> done) {
  if (name.empty() || name.size() > kMaxSkillName) {
    done(fail(ErrorCode::ValidationFailed, "a skill name must be 1 to 100 characters"));
    return;
  }
  if (auto key = database_.tenantKey(tenant); !key) {
    done(std::unexpected(key.error()));
    return;
  }
  Skill skill{std::move(tenant), privacy::newId<SkillTag>(), std::move(name),
              database_.clock().now()};
  database_.write<Skill>(
      [skill = std::move(skill)](WriteContext& context) -> Result<Skill> {
        auto insert = context.db.statement(
            "INSERT INTO skills (tenant_id, id, name, created_at) VALUES (?,?,?,?)");
        if (!insert) {
          return std::unexpected(insert.error());
        }
        StatementScope scope(**insert);
        scope->bind(1, skill.tenant_id.value)
            .bind(2, skill.id.value)
            .bind(3, skill.name)
            .bind(4, toUnixMillis(skill.created_at));
        if (auto inserted = scope->run(); !inserted) {
          if (inserted.error().code == ErrorCode::Conflict) {
            return fail(ErrorCode::Conflict, "a skill with that name exists");
          }
          return std::unexpected(inserted.error());
        }
        return skill;
      },
      std::move(done));
}

Result<std::vector<Skill>> SqliteRoutingConfigStore::listSkills(const TenantId& tenant) {
  return database_.read([&](Connection& db) -> Result<std::vector<Skill>> {
    auto query = db.statement(
        "SELECT id, name, created_at FROM skills WHERE tenant_id = ? "
        "ORDER BY name COLLATE NOCASE, id");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value);
    return rowsOf<Skill>(*scope, [&](const Statement& row) -> Result<Skill> {
      return Skill{tenant, SkillId{row.text(0)}, row.text(1), fromUnixMillis(row.integer(2))};
    });
  });
}

void SqliteRoutingConfigStore::renameSkill(TenantId tenant, SkillId skill, std::string name,
                                           Done<Skill> done) {
  if (name.empty() || name.size() > kMaxSkillName) {
    done(fail(ErrorCode::ValidationFailed, "a skill name must be 1 to 100 characters"));
    return;
  }
  database_.write<Skill>(
      [tenant = std::move(tenant), skill = std::move(skill),
       name = std::move(name)](WriteContext& context) -> Result<Skill> {
        auto update = context.db.statement(
            "UPDATE skills SET name = ? WHERE tenant_id = ? AND id = ? RETURNING created_at");
        if (!update) {
          return std::unexpected(update.error());
        }
        StatementScope scope(**update);
        scope->bind(1, name).bind(2, tenant.value).bind(3, skill.value);
        if (!scope->step()) {
          if (scope->error()) {
            if (scope->error()->code == ErrorCode::Conflict) {
              return fail(ErrorCode::Conflict, "a skill with that name exists");
            }
            return std::unexpected(*scope->error());
          }
          return fail(ErrorCode::NotFound, "no such skill");
        }
        Skill renamed{tenant, skill, name, fromUnixMillis(scope->integer(0))};
        scope->step();  // to the end, so the statement finishes
        return renamed;
      },
      std::move(done));
}

void SqliteRoutingConfigStore::deleteSkill(TenantId tenant, SkillId skill, Done<void> done) {
  database_.write<void>(
      [tenant = std::move(tenant),
       skill = std::move(skill)](WriteContext& context) -> Result<void> {
        auto deleted = runWith(context.db, "DELETE FROM skills WHERE tenant_id = ? AND id = ?",
                               {tenant.value, skill.value});
        if (!deleted) {
          return deleted;
        }
        if (context.db.changes() == 0) {
          return fail(ErrorCode::NotFound, "no such skill");
        }
        if (auto dropped = dropFromAgents(context.db, tenant, skill); !dropped) {
          return dropped;
        }
        return dropFromCategories(context.db, tenant, skill);
      },
      std::move(done));
}

void SqliteRoutingConfigStore::saveCategory(Category category, Done<Category> done) {
  if (auto key = database_.tenantKey(category.tenant_id); !key) {
    done(std::unexpected(key.error()));
    return;
  }
  const bool creating = category.id.empty();
  if (creating) {
    category.id = privacy::newId<CategoryTag>();
    category.created_at = database_.clock().now();
  }
  database_.write<Category>(
      [category = std::move(category), creating](WriteContext& context) -> Result<Category> {
        return storeCategory(context.db, category, creating);
      },
      std::move(done));
}

Result<std::vector<Category>> SqliteRoutingConfigStore::listCategories(const TenantId& tenant) {
  return database_.read([&](Connection& db) -> Result<std::vector<Category>> {
    auto query = db.statement(PARLEY_SELECT_CATEGORY
                              "WHERE tenant_id = ? ORDER BY position, created_at, id");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value);
    return rowsOf<Category>(*scope, categoryFromRow);
  });
}

void SqliteRoutingConfigStore::deleteCategory(TenantId tenant, CategoryId category,
                                              Done<void> done) {
  database_.write<void>(
      [tenant = std::move(tenant),
       category = std::move(category)](WriteContext& context) -> Result<void> {
        auto deleted = runWith(context.db, "DELETE FROM categories WHERE tenant_id = ? AND id = ?",
                               {tenant.value, category.value});
        if (!deleted) {
          return deleted;
        }
        if (context.db.changes() == 0) {
          return fail(ErrorCode::NotFound, "no such category");
        }
        return runWith(context.db,
                       "UPDATE conversations SET category_id = NULL "
                       "WHERE tenant_id = ? AND category_id = ?",
                       {tenant.value, category.value});
      },
      std::move(done));
}

void SqliteRoutingConfigStore::saveAgentRouting(AgentRouting routing, Done<AgentRouting> done) {
  database_.write<AgentRouting>(
      [routing = std::move(routing)](WriteContext& context) -> Result<AgentRouting> {
        if (auto exists = requireUser(context.db, routing.tenant_id, routing.user_id); !exists) {
          return std::unexpected(exists.error());
        }
        auto upsert = context.db.statement(
            "INSERT OR REPLACE INTO agent_routing (tenant_id, user_id, capacity, presence, "
            "auto_allocate, skills, presence_changed_at) VALUES (?,?,?,?,?,?,?)");
        if (!upsert) {
          return std::unexpected(upsert.error());
        }
        StatementScope scope(**upsert);
        scope->bind(1, routing.tenant_id.value)
            .bind(2, routing.user_id.value)
            .bind(3, int64_t{routing.capacity})
            .bind(4, routing.presence)
            .bind(5, int64_t{routing.auto_allocate})
            .bind(6, encodeAgentSkills(routing.skills))
            .bind(7, toUnixMillis(routing.presence_changed_at));
        if (auto stored = scope->run(); !stored) {
          return std::unexpected(stored.error());
        }
        return routing;
      },
      std::move(done));
}

Result<AgentRouting> SqliteRoutingConfigStore::findAgentRouting(const TenantId& tenant,
                                                                const UserId& user) {
  return database_.read([&](Connection& db) -> Result<AgentRouting> {
    auto query = db.statement(PARLEY_SELECT_AGENT_ROUTING "WHERE tenant_id = ? AND user_id = ?");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, user.value);
    if (!scope->step()) {
      if (scope->error()) {
        return std::unexpected(*scope->error());
      }
      return fail(ErrorCode::NotFound, "no routing settings for that user");
    }
    return agentRoutingFromRow(*scope);
  });
}

Result<std::vector<AgentRouting>> SqliteRoutingConfigStore::listAgentRouting(
    const TenantId& tenant) {
  return database_.read([&](Connection& db) -> Result<std::vector<AgentRouting>> {
    // Deactivated and deleted users are routed nothing (A3).
    auto query = db.statement(PARLEY_SELECT_AGENT_ROUTING
                              "WHERE tenant_id = ? AND user_id IN (SELECT id FROM users u WHERE "
                              "u.tenant_id = agent_routing.tenant_id AND u.deactivated_at IS NULL "
                              "AND u.deleted_at IS NULL) ORDER BY user_id");
    if (!query) {
      return std::unexpected(query.error());
    }
    StatementScope scope(**query);
    scope->bind(1, tenant.value);
    return rowsOf<AgentRouting>(*scope, agentRoutingFromRow);
  });
}

Result<TenantSettings> SqliteRoutingConfigStore::findSettings(const TenantId& tenant) {
  return database_.read([&](Connection& db) { return readSettings(db, tenant); });
}

Result<TenantSettings> SqliteRoutingConfigStore::readSettings(Connection& db,
                                                              const TenantId& tenant) {
  auto query = db.statement(
      "SELECT reopen_window_seconds, offline_grace_seconds, api_webhook_url, "
      "api_webhook_secret_enc, api_enabled FROM tenant_settings WHERE tenant_id = ?");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant.value);
  TenantSettings settings{.tenant_id = tenant};
  if (!scope->step()) {
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return settings;
  }
  settings.reopen_window_seconds = static_cast<int>(scope->integer(0));
  settings.offline_grace_seconds = static_cast<int>(scope->integer(1));
  settings.api_webhook_url = scope->text(2);
  settings.api_enabled = scope->integer(4) != 0;
  if (auto sealed = scope->optionalBlob(3)) {
    auto key = database_.tenantKey(db, tenant);
    if (!key) {
      return std::unexpected(key.error());
    }
    auto secret =
        openField(*key, tenant, kSettingsEntity, tenant.value, "apiWebhookSecret", *sealed);
    if (!secret) {
      return fail(ErrorCode::Internal, "tenant settings do not decrypt");
    }
    settings.api_webhook_secret = std::move(*secret);
  }
  return settings;
}

namespace {

// What an audit entry keeps of each setting that changed: its new value, or for the webhook's
// secret only whether one is set.
std::vector<std::pair<std::string_view, std::string>> changedSettings(const TenantSettings& before,
                                                                      const TenantSettings& after) {
  std::vector<std::pair<std::string_view, std::string>> changed;
  if (before.reopen_window_seconds != after.reopen_window_seconds) {
    changed.emplace_back("reopenWindowSeconds", std::to_string(after.reopen_window_seconds));
  }
  if (before.offline_grace_seconds != after.offline_grace_seconds) {
    changed.emplace_back("offlineGraceSeconds", std::to_string(after.offline_grace_seconds));
  }
  if (before.api_webhook_url != after.api_webhook_url) {
    changed.emplace_back("apiWebhookUrl", after.api_webhook_url);
  }
  if (before.api_webhook_secret != after.api_webhook_secret) {
    changed.emplace_back("apiWebhookSecret", after.api_webhook_secret.empty() ? "" : "new secret");
  }
  if (before.api_enabled != after.api_enabled) {
    changed.emplace_back("apiEnabled", after.api_enabled ? "true" : "false");
  }
  return changed;
}

}  // namespace

void SqliteRoutingConfigStore::updateSettings(TenantId tenant, Actor actor, SettingsChange change,
                                              Done<TenantSettings> done) {
  const TimePoint now = database_.clock().now();
  database_.write<TenantSettings>(
      [this, tenant = std::move(tenant), actor = std::move(actor), change = std::move(change),
       now](WriteContext& context) -> Result<TenantSettings> {
        auto before = readSettings(context.db, tenant);
        if (!before) {
          return before;
        }
        TenantSettings settings = *before;
        change(settings);
        settings.tenant_id = tenant;
        if (settings.reopen_window_seconds < 0 || settings.offline_grace_seconds < 0) {
          return fail(ErrorCode::ValidationFailed, "durations cannot be negative");
        }
        auto key = database_.tenantKey(context.db, tenant);
        if (!key) {
          return std::unexpected(key.error());
        }
        std::optional<std::string> secret;
        if (!settings.api_webhook_secret.empty()) {
          secret = sealField(*key, tenant, kSettingsEntity, tenant.value, "apiWebhookSecret",
                             settings.api_webhook_secret);
        }
        auto upsert = context.db.statement(
            "INSERT OR REPLACE INTO tenant_settings (tenant_id, reopen_window_seconds, "
            "offline_grace_seconds, api_webhook_url, api_webhook_secret_enc, updated_at, "
            "api_enabled) VALUES (?,?,?,?,?,?,?)");
        if (!upsert) {
          return std::unexpected(upsert.error());
        }
        StatementScope scope(**upsert);
        scope->bind(1, tenant.value)
            .bind(2, int64_t{settings.reopen_window_seconds})
            .bind(3, int64_t{settings.offline_grace_seconds})
            .bind(4, settings.api_webhook_url)
            .bindOptional(5, secret)
            .bind(6, toUnixMillis(now))
            .bind(7, int64_t{settings.api_enabled ? 1 : 0});
        if (auto stored = scope->run(); !stored) {
          return std::unexpected(stored.error());
        }
        for (const auto& [attribute, value] : changedSettings(*before, settings)) {
          const AuditChange audit =
              auditChange(*key, tenant, kSettingsEntity, tenant.value, attribute, value);
          if (auto audited = context.audit.append(context.db, tenant, actor, now, audit);
              !audited) {
            return std::unexpected(audited.error());
          }
        }
        return settings;
      },
      std::move(done));
}

}  // namespace parley::storage::sqlite
