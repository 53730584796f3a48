#pragma once
// Counting conversations for reports (W6) as they change, in the write that changes them, so that
// the hourly aggregates (migration 19) always agree with what was committed: a conversation
// arrives (new, or reopened by its customer), an agent holds it after it waited, it is first
// answered, an offer of it is missed, it is closed after a reply (handled) or without (abandoned).

#include <cstdint>

#include "core/conversation.h"
#include "storage/sqlite/connection.h"

namespace parley::storage::sqlite {

// How report_counts (migration 19) is keyed: the span of a row (an hour, or a UTC day, counted
// since the epoch) and the dimension its value is of. A count goes to every dimension, so the
// rows of one dimension add up to the whole.
enum class ReportSpan { Hour = 0, Day = 1 };
enum class ReportDimension { Channel = 1, Category = 2, Agent = 3 };
inline int64_t reportDayOfHour(int64_t hour) { return hour >= 0 ? hour / 24 : (hour - 23) / 24; }

// Counts what changed from `before` (none: `after` was just created) to `after`.
// REQUIRES: inside the write that stores `after`.
[[nodiscard]] Result<void> countForReports(Connection& db, const Conversation* before,
                                           const Conversation& after);

// Counts every conversation stored before reports existed as if it had just reached its present
// state (its earlier reopenings and missed offers are not known). For migration 19.
[[nodiscard]] Result<void> countStoredConversationsForReports(Connection& db);

}  // namespace parley::storage::sqlite
