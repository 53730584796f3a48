#pragma once

#include "storage/conversation_stores.h"
#include "storage/sqlite/database.h"

namespace parley::storage::sqlite {

// Skills, categories, agents' routing settings and tenant settings. Lists are JSON text columns
// (json_columns.h); only the API webhook secret is sealed (under the tenant key).
//
// Beyond the interface's contract:
// - Skill names are unique regardless of ASCII case; a name must be 1 to 100 bytes
//   (ValidationFailed).
// - Deleting a skill drops it from categories' required lists, and from their relaxation steps:
//   an alternative that named only that skill is dropped (not widened to "anyone"), and so is a
//   step left with no alternative.
// - Writes for an unknown tenant are NotFound.
class SqliteRoutingConfigStore final : public RoutingConfigStore {
 public:
  explicit SqliteRoutingConfigStore(Database& database) : database_(database) {}

  // RoutingConfigStore
  void createSkill(TenantId tenant, std::string name, Done<Skill> done) override;
  Result<std::vector<Skill>> listSkills(const TenantId& tenant) override;
  void renameSkill(TenantId tenant, SkillId skill, std::string name, Done<Skill> done) override;
  void deleteSkill(TenantId tenant, SkillId skill, Done<void> done) override;
  void saveCategory(Category category, Done<Category> done) override;
  Result<std::vector<Category>> listCategories(const TenantId& tenant) override;
  void deleteCategory(TenantId tenant, CategoryId category, Done<void> done) override;
  void saveAgentRouting(AgentRouting routing, Done<AgentRouting> done) override;
  Result<AgentRouting> findAgentRouting(const TenantId& tenant, const UserId& user) override;
  Result<std::vector<AgentRouting>> listAgentRouting(const TenantId& tenant) override;
  Result<TenantSettings> findSettings(const TenantId& tenant) override;
  void updateSettings(TenantId tenant, Actor actor, SettingsChange change,
                      Done<TenantSettings> done) override;

 private:
  // Works on the reader's and on the writer's connection alike.
  Result<TenantSettings> readSettings(Connection& db, const TenantId& tenant);

  Database& database_;
};

}  // namespace parley::storage::sqlite
