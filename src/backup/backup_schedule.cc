#include "backup/backup_schedule.h"

#include <spdlog/spdlog.h>

#include <map>

#include "backup/backup_set.h"

namespace parley::backup {

TimePoint nextDailyTime(TimePoint now, int minute) {
  using std::chrono::days;
  using std::chrono::minutes;
  const auto midnight = std::chrono::floor<days>(now);
  TimePoint next = midnight + minutes(minute);
  if (next <= now) {
    next += days(1);
  }
  return next;
}

std::optional<int> parseTimeOfDay(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') {
    return std::nullopt;
  }
  const auto digit = [&text](size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (!digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return std::nullopt;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) {
    return std::nullopt;
  }
  return hours * 60 + minutes;
}

BackupSchedule::BackupSchedule(BackupOptions options, std::optional<int> daily_at_minute,
                               const privacy::Keyring& keyring,
                               std::unique_ptr<Scheduler> scheduler, const Clock& clock)
    : options_(std::move(options)),
      daily_at_minute_(daily_at_minute),
      keyring_(keyring),
      clock_(clock),
      scheduler_(std::move(scheduler)) {
  status_.daily_at_minute = daily_at_minute;
  status_.keep = options_.keep;
  status_.keep_keys = options_.keep_keys;
}

BackupSchedule::~BackupSchedule() {
  stop();
  scheduler_.reset();
}

void BackupSchedule::start() { scheduleNext(); }

void BackupSchedule::stop() { stopped_ = true; }

void BackupSchedule::scheduleNext() {
  if (!daily_at_minute_ || stopped_) {
    return;
  }
  const TimePoint next = nextDailyTime(clock_.now(), *daily_at_minute_);
  {
    std::lock_guard lock(mutex_);
    status_.next_at = next;
  }
  scheduler_->postAt(next, [this] {
    run();
    scheduleNext();
  });
}

Result<void> BackupSchedule::runNow() {
  {
    std::lock_guard lock(mutex_);
    if (status_.running) {
      return fail(ErrorCode::Conflict, "a backup is running");
    }
    status_.running = true;  // at once, so a second request is refused
  }
  scheduler_->post([this] { run(); });
  return {};
}

void BackupSchedule::run() {
  if (stopped_) {
    std::lock_guard lock(mutex_);
    status_.running = false;
    return;
  }
  {
    std::lock_guard lock(mutex_);
    status_.running = true;
  }
  auto made = makeBackup(options_, keyring_, clock_);
  std::lock_guard lock(mutex_);
  status_.running = false;
  if (made) {
    ++status_.successes;
    status_.last_success_at = made->at;
    status_.last_success_bytes = made->bytes;
    status_.last_success_took = made->took;
    status_.last_failure_at.reset();
    status_.last_error.clear();
    spdlog::info("backup {} made: {} bytes, {} files, {} ms; {} older files pruned",
                 made->data_file.filename().string(), made->bytes, made->files, made->took.count(),
                 made->pruned);
  } else {
    ++status_.failures;
    status_.last_failure_at = clock_.now();
    status_.last_error = made.error().message;
    spdlog::error("backup failed: {}", made.error().message);
  }
}

BackupStatus BackupSchedule::status() const {
  BackupStatus status;
  {
    std::lock_guard lock(mutex_);
    status = status_;
  }
  // A backup `parley admin backup` made counts too: the directory says what is there. A data file
  // without its key-store file (a run a crash ended between the two) is not a backup.
  std::map<TimePoint, std::pair<const StoredBackup*, const StoredBackup*>> by_time;
  const std::vector<StoredBackup> stored = listBackups(options_.backup_dir);
  for (const StoredBackup& file : stored) {
    auto& [data, keys] = by_time[file.at];
    (file.kind == ArchiveKind::Data ? data : keys) = &file;
  }
  std::optional<StoredBackup> newest_data;
  uint64_t keys_bytes = 0;
  for (const auto& [at, pair] : by_time) {
    if (pair.first && pair.second) {
      newest_data = *pair.first;
      keys_bytes = pair.second->bytes;
    }
  }
  if (newest_data && (!status.last_success_at || newest_data->at > *status.last_success_at)) {
    status.last_success_at = newest_data->at;
    status.last_success_bytes = newest_data->bytes + keys_bytes;
    status.last_success_took = Millis(0);
  }
  if (status.last_failure_at && status.last_success_at &&
      *status.last_success_at > *status.last_failure_at) {
    status.last_failure_at.reset();
    status.last_error.clear();
  }
  return status;
}

}  // namespace parley::backup
