#pragma once
// Counting conversations for reports (W6) as they change, in the write that changes them, so that
// the hourly aggregates (migration 19) always agree with what was committed: a conversation
// arrives (new, or reopened by its customer), an agent holds it after it waited, it is first
// answered, an offer of it is missed, it is closed after a reply (handled) or without (abandoned).

#include "core/conversation.h"
#include "storage/sqlite/connection.h"

namespace parley::storage::sqlite {

// Counts what changed from `before` (none: `after` was just created) to `after`.
// REQUIRES: inside the write that stores `after`.
[[nodiscard]] Result<void> countForReports(Connection& db, const Conversation* before,
                                           const Conversation& after);

// Counts every conversation stored before reports existed as if it had just reached its present
// state (its earlier reopenings and missed offers are not known). For migration 19.
[[nodiscard]] Result<void> countStoredConversationsForReports(Connection& db);

}  // namespace parley::storage::sqlite
