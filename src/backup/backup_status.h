#pragma once
// What the API knows of backups (backup_schedule.h runs them): header-only, so the API does not
// depend on the storage engine that backups read.

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/error.h"

namespace parley::backup {

struct BackupStatus {
  std::optional<int> daily_at_minute;  // minutes after midnight UTC; nullopt: no daily backups
  size_t keep = 0;
  size_t keep_keys = 0;
  bool running = false;
  std::optional<TimePoint> next_at;
  // The newest backup in the directory (made by the server or by `parley admin backup`).
  std::optional<TimePoint> last_success_at;
  uint64_t last_success_bytes = 0;
  Millis last_success_took{0};  // zero when this server did not make it
  // The server's last attempt that failed, when no backup succeeded after it.
  std::optional<TimePoint> last_failure_at;
  std::string last_error;
  uint64_t failures = 0;  // since start
  uint64_t successes = 0;
};

class BackupControl {
 public:
  virtual ~BackupControl() = default;
  virtual BackupStatus status() const = 0;
  // Starts a backup now, in the background. Conflict when one is running.
  [[nodiscard]] virtual Result<void> runNow() = 0;
};

}  // namespace parley::backup
