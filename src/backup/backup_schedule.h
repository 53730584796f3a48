#pragma once
// The server's backups: one a day at a set time (UTC), and on demand; what happened last, for the
// Configurator, /readyz and /metrics.

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

#include "backup/backup_maker.h"
#include "backup/backup_status.h"
#include "core/scheduler.h"

namespace parley::backup {

class BackupSchedule final : public BackupControl {
 public:
  BackupSchedule(BackupOptions options, std::optional<int> daily_at_minute,
                 const privacy::Keyring& keyring, std::unique_ptr<Scheduler> scheduler,
                 const Clock& clock);
  ~BackupSchedule() override;

  void start();
  // BackupControl
  [[nodiscard]] Result<void> runNow() override;
  BackupStatus status() const override;
  // Starts no more backups; one running finishes.
  void stop();

 private:
  void scheduleNext();
  void run();

  const BackupOptions options_;
  const std::optional<int> daily_at_minute_;
  const privacy::Keyring& keyring_;
  const Clock& clock_;
  mutable std::mutex mutex_;
  BackupStatus status_;
  std::atomic<bool> stopped_{false};
  std::unique_ptr<Scheduler> scheduler_;  // last: its thread stops before the rest goes
};

// The next time after `now` that is `minute` minutes after a UTC midnight.
TimePoint nextDailyTime(TimePoint now, int minute);
// "03:00" → 180; nullopt for "off" and anything else that is not HH:MM.
std::optional<int> parseTimeOfDay(std::string_view text);

}  // namespace parley::backup
