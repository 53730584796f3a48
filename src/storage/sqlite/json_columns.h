#pragma once
// Structured routing configuration in one column each (skill lists, relaxation steps, channels,
// keywords), as JSON text: readable in the sqlite3 shell, and what a jsonb column will hold in
// Postgres. None of it is personal data. A writer and a strict reader for exactly these shapes, so
// storage needs no JSON library:
//
//   strings, ids   ["a","b"]
//   relaxation     [{"after_seconds":60,"any_of":[["skl_a"],["skl_b","skl_c"]]}]
//   agent skills   [{"skill":"skl_a","active":true}]

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/conversation.h"
#include "core/error.h"

namespace parley::storage::sqlite {

std::string encodeStrings(const std::vector<std::string>& values);
// Internal when the text is not an array of strings.
[[nodiscard]] Result<std::vector<std::string>> decodeStrings(std::string_view json);

std::string encodeRelaxation(const std::vector<RelaxationStepConfig>& steps);
[[nodiscard]] Result<std::vector<RelaxationStepConfig>> decodeRelaxation(std::string_view json);

std::string encodeAgentSkills(const std::vector<std::pair<SkillId, bool>>& skills);
[[nodiscard]] Result<std::vector<std::pair<SkillId, bool>>> decodeAgentSkills(
    std::string_view json);

template <class Tag>
std::string encodeIds(const std::vector<Id<Tag>>& ids) {
  std::vector<std::string> values;
  values.reserve(ids.size());
  for (const Id<Tag>& id : ids) {
    values.push_back(id.value);
  }
  return encodeStrings(values);
}

template <class Tag>
[[nodiscard]] Result<std::vector<Id<Tag>>> decodeIds(std::string_view json) {
  auto values = decodeStrings(json);
  if (!values) {
    return std::unexpected(values.error());
  }
  std::vector<Id<Tag>> ids;
  ids.reserve(values->size());
  for (std::string& value : *values) {
    ids.push_back(Id<Tag>{std::move(value)});
  }
  return ids;
}

}  // namespace parley::storage::sqlite
