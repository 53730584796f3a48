#pragma once
// Work on existing rows that a migration cannot do in SQL because it needs keys
// (pending_data_tasks, filled by migrations). Run once at start-up, before anything else writes.

#include "storage/sqlite/database.h"

namespace parley::storage::sqlite {

[[nodiscard]] Result<void> runPendingDataTasks(Database& database);

}  // namespace parley::storage::sqlite
