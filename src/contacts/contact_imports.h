#pragma once
// Contacts imports (I5): a preview of what a file would do, and imports run in the background in
// batches, one at a time, with their progress kept for people to follow. Every field an import
// creates or changes is audited as made by the person who started it. Progress lives in memory:
// a restart forgets it and stops a running import after its current batch (running the file
// again is safe: what was imported is then unchanged).

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "contacts/import_file.h"
#include "core/clock.h"
#include "storage/privacy_store.h"
#include "storage/stores.h"

namespace parley::contacts {

struct ImportRowOutcome {
  size_t line = 0;
  storage::ContactChangeOutcome outcome;
  size_t same_as_line = 0;  // a preview's row that concerns the customer of an earlier row
};

struct ImportCounts {
  size_t rows = 0, processed = 0, created = 0, updated = 0, unchanged = 0, failed = 0;
};

struct ImportPreview {
  ImportCounts counts;
  std::vector<ImportRowOutcome> sample;  // the first rows that would not stay unchanged
  std::vector<ImportRowOutcome> errors;  // the first rows that would fail
};

struct ImportProgress {
  enum class State { Queued, Running, Done, Failed };
  std::string id;
  TenantId tenant;
  Actor by;
  State state = State::Queued;
  ImportCounts counts;
  std::vector<ImportRowOutcome> errors;  // the first failed rows
  std::string failure;                   // why a failed import stopped
  TimePoint started_at;
  std::optional<TimePoint> finished_at;
};
std::string_view importStateName(ImportProgress::State state);

class ContactImports {
 public:
  static constexpr size_t kBatchRows = 200;
  static constexpr size_t kSampleRows = 50;
  static constexpr size_t kKeptErrors = 1000;
  static constexpr size_t kKeptImports = 20;  // per tenant, the newest

  ContactImports(storage::ContactStore& contacts, storage::PrivacyStore& privacy,
                 const Clock& clock);
  ~ContactImports();  // stops after the running batch

  // What importing the file would do, read now. Blocks: call it off the network threads.
  [[nodiscard]] Result<ImportPreview> preview(const TenantId& tenant, const ImportFile& file);

  // Queues the import; Conflict while another of the tenant's is queued or running.
  [[nodiscard]] Result<ImportProgress> start(const TenantId& tenant, ImportFile file, Actor by);

  [[nodiscard]] std::optional<ImportProgress> find(const TenantId& tenant,
                                                   std::string_view id) const;
  [[nodiscard]] std::vector<ImportProgress> list(const TenantId& tenant) const;  // newest first

 private:
  struct Job {
    std::string id;
    ImportFile file;
  };
  void run();
  void runJob(Job& job);
  void update(const std::string& id, const std::function<void(ImportProgress&)>& change);
  // Each row's keys (id, email, phone, identities) in normalised form, for finding rows about
  // the same customer.
  std::vector<std::vector<std::string>> rowKeys(const TenantId& tenant, const ImportFile& file);

  storage::ContactStore& contacts_;
  storage::PrivacyStore& privacy_;
  const Clock& clock_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  std::deque<ImportProgress> imports_;  // newest first, every tenant's
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace parley::contacts
