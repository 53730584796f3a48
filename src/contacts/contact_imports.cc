#include "contacts/contact_imports.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "privacy/blind_index.h"
#include "privacy/crypto.h"
#include "privacy/phone_number.h"
#include "storage/wait.h"

namespace parley::contacts {
namespace {

using Action = storage::ContactChangeOutcome::Action;

void count(ImportCounts& counts, const storage::ContactChangeOutcome& outcome) {
  if (outcome.action == Action::Deferred) {
    return;  // it comes again in a later batch
  }
  ++counts.processed;
  switch (outcome.action) {
    case Action::Created:
      ++counts.created;
      break;
    case Action::Updated:
      ++counts.updated;
      break;
    case Action::Unchanged:
      ++counts.unchanged;
      break;
    case Action::Failed:
      ++counts.failed;
      break;
    case Action::Deferred:
      break;
  }
}

storage::ContactChangeOutcome failedRow(const std::string& why) {
  return {.action = Action::Failed, .error = why};
}

}  // namespace

std::string_view importStateName(ImportProgress::State state) {
  switch (state) {
    case ImportProgress::State::Queued:
      return "queued";
    case ImportProgress::State::Running:
      return "running";
    case ImportProgress::State::Done:
      return "done";
    case ImportProgress::State::Failed:
      return "failed";
  }
  return "failed";
}

ContactImports::ContactImports(storage::ContactStore& contacts, storage::PrivacyStore& privacy,
                               const Clock& clock)
    : contacts_(contacts), privacy_(privacy), clock_(clock), worker_([this] { run(); }) {}

ContactImports::~ContactImports() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

std::vector<std::vector<std::string>> ContactImports::rowKeys(const TenantId& tenant,
                                                              const ImportFile& file) {
  std::string region;
  if (auto settings = privacy_.privacySettings(tenant)) {
    region = settings->phone_region;
  }
  std::vector<std::vector<std::string>> keys(file.rows.size());
  for (size_t i = 0; i < file.rows.size(); ++i) {
    const storage::ContactChanges& changes = file.rows[i].changes;
    if (changes.id) {
      keys[i].push_back("id:" + changes.id->value);
    }
    if (changes.email) {
      keys[i].push_back("email:" + privacy::normalizeEmail(*changes.email));
    }
    if (changes.phone) {
      keys[i].push_back("phone:" + privacy::normalizePhone(*changes.phone, region));
    }
    for (const auto& [channel, address] : changes.identities) {
      keys[i].push_back("identity:" + channel + ":" + address);
    }
  }
  return keys;
}

Result<ImportPreview> ContactImports::preview(const TenantId& tenant, const ImportFile& file) {
  ImportPreview preview;
  preview.counts.rows = file.rows.size();
  const auto keys = rowKeys(tenant, file);
  std::unordered_map<std::string, size_t> first_line;  // key → the line that had it first
  std::vector<ImportRowOutcome> outcomes(file.rows.size());
  std::vector<size_t> to_plan;
  for (size_t i = 0; i < file.rows.size(); ++i) {
    const ImportRow& row = file.rows[i];
    outcomes[i].line = row.line;
    if (!row.error.empty()) {
      outcomes[i].outcome = failedRow(row.error);
      continue;
    }
    for (const std::string& key : keys[i]) {
      auto [seen, added] = first_line.emplace(key, row.line);
      if (!added && outcomes[i].same_as_line == 0) {
        outcomes[i].same_as_line = seen->second;
      }
    }
    if (outcomes[i].same_as_line != 0) {
      // Planned against the database, it would find the earlier row's contact missing or as it
      // was: it changes the contact the earlier row makes or matches (counted as an update).
      outcomes[i].outcome = {.action = Action::Updated};
    } else {
      to_plan.push_back(i);
    }
  }
  for (size_t from = 0; from < to_plan.size(); from += kBatchRows) {
    const size_t to = std::min(to_plan.size(), from + kBatchRows);
    std::vector<storage::ContactChanges> batch;
    for (size_t k = from; k < to; ++k) {
      batch.push_back(file.rows[to_plan[k]].changes);
    }
    auto planned = contacts_.planContactChanges(tenant, batch);
    if (!planned) {
      return std::unexpected(planned.error());
    }
    for (size_t k = from; k < to; ++k) {
      outcomes[to_plan[k]].outcome = std::move((*planned)[k - from]);
    }
  }
  for (ImportRowOutcome& row : outcomes) {
    count(preview.counts, row.outcome);
    if (row.outcome.action == Action::Failed && preview.errors.size() < kKeptErrors) {
      preview.errors.push_back(row);
    }
    if (row.outcome.action != Action::Unchanged && preview.sample.size() < kSampleRows) {
      preview.sample.push_back(std::move(row));
    }
  }
  preview.counts.processed = 0;  // nothing was
  return preview;
}

Result<ImportProgress> ContactImports::start(const TenantId& tenant, ImportFile file, Actor by) {
  std::lock_guard lock(mutex_);
  for (const ImportProgress& known : imports_) {
    if (known.tenant == tenant && (known.state == ImportProgress::State::Queued ||
                                   known.state == ImportProgress::State::Running)) {
      return fail(ErrorCode::Conflict,
                  "an import is already running (" + known.id + "): wait for it to finish");
    }
  }
  ImportProgress progress{.id = privacy::randomIdValue("imp_"),
                          .tenant = tenant,
                          .by = std::move(by),
                          .counts = {.rows = file.rows.size()},
                          .started_at = clock_.now()};
  imports_.push_front(progress);
  size_t kept = 0;
  std::erase_if(imports_, [&](const ImportProgress& known) {
    return known.tenant == tenant && ++kept > kKeptImports;
  });
  queue_.push_back(Job{progress.id, std::move(file)});
  wake_.notify_all();
  return progress;
}

std::optional<ImportProgress> ContactImports::find(const TenantId& tenant,
                                                   std::string_view id) const {
  std::lock_guard lock(mutex_);
  for (const ImportProgress& known : imports_) {
    if (known.tenant == tenant && known.id == id) {
      return known;
    }
  }
  return std::nullopt;
}

std::vector<ImportProgress> ContactImports::list(const TenantId& tenant) const {
  std::lock_guard lock(mutex_);
  std::vector<ImportProgress> found;
  for (const ImportProgress& known : imports_) {
    if (known.tenant == tenant) {
      found.push_back(known);
    }
  }
  return found;
}

void ContactImports::update(const std::string& id,
                            const std::function<void(ImportProgress&)>& change) {
  std::lock_guard lock(mutex_);
  for (ImportProgress& known : imports_) {
    if (known.id == id) {
      change(known);
      return;
    }
  }
}

void ContactImports::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) {
      for (const Job& job : queue_) {
        for (ImportProgress& known : imports_) {
          if (known.id == job.id) {
            known.state = ImportProgress::State::Failed;
            known.failure = "the server stopped before the import began";
          }
        }
      }
      return;
    }
    Job job = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    runJob(job);
    lock.lock();
  }
}

void ContactImports::runJob(Job& job) {
  TenantId tenant;
  Actor by;
  update(job.id, [&](ImportProgress& progress) {
    progress.state = ImportProgress::State::Running;
    tenant = progress.tenant;
    by = progress.by;
  });
  const auto finish = [&](ImportProgress::State state, std::string failure) {
    update(job.id, [&](ImportProgress& progress) {
      progress.state = state;
      progress.failure = std::move(failure);
      progress.finished_at = clock_.now();
    });
  };
  const auto record = [&](size_t line, const storage::ContactChangeOutcome& outcome) {
    update(job.id, [&](ImportProgress& progress) {
      count(progress.counts, outcome);
      if (outcome.action == Action::Failed && progress.errors.size() < kKeptErrors) {
        progress.errors.push_back({.line = line, .outcome = outcome});
      }
    });
  };
  const auto keys = rowKeys(tenant, job.file);
  std::vector<size_t> batch;
  std::set<std::string> batch_keys;
  // Writes the batch; false (the import failed) when storage could not. Rows storage deferred
  // (another row of the batch concerned the same contact) begin the next batch.
  const auto flush = [&]() -> bool {
    if (batch.empty()) {
      return true;
    }
    std::vector<storage::ContactChanges> changes;
    for (size_t i : batch) {
      changes.push_back(job.file.rows[i].changes);
    }
    auto outcomes = storage::waitFor<std::vector<storage::ContactChangeOutcome>>([&](auto done) {
      contacts_.applyContactChanges(tenant, std::move(changes), by, std::move(done));
    });
    if (!outcomes) {
      finish(ImportProgress::State::Failed, "stopped at line " +
                                                std::to_string(job.file.rows[batch.front()].line) +
                                                ": " + outcomes.error().message);
      return false;
    }
    std::vector<size_t> deferred;
    for (size_t k = 0; k < batch.size(); ++k) {
      if ((*outcomes)[k].action == Action::Deferred) {
        deferred.push_back(batch[k]);
      } else {
        record(job.file.rows[batch[k]].line, (*outcomes)[k]);
      }
    }
    batch = std::move(deferred);
    batch_keys.clear();
    for (size_t i : batch) {
      batch_keys.insert(keys[i].begin(), keys[i].end());
    }
    return true;
  };
  const auto stopping = [this] {
    std::lock_guard lock(mutex_);
    return stopping_;
  };
  for (size_t i = 0; i < job.file.rows.size(); ++i) {
    const ImportRow& row = job.file.rows[i];
    if (!row.error.empty()) {
      record(row.line, failedRow(row.error));
      continue;
    }
    // Two rows about one customer never share a batch: the second must see what the first did.
    const auto shares = [&] {
      return std::any_of(keys[i].begin(), keys[i].end(),
                         [&](const std::string& key) { return batch_keys.contains(key); });
    };
    // Each flush writes at least the batch's first row, so this ends.
    while (shares() || batch.size() >= kBatchRows) {
      if (!flush()) {
        return;
      }
      if (stopping()) {
        finish(ImportProgress::State::Failed,
               "the server stopped at line " + std::to_string(row.line) +
                   "; run the file again to import the rest (rows already imported stay "
                   "unchanged)");
        return;
      }
    }
    batch.push_back(i);
    batch_keys.insert(keys[i].begin(), keys[i].end());
  }
  while (!batch.empty()) {
    if (!flush()) {
      return;
    }
  }
  finish(ImportProgress::State::Done, "");
}

}  // namespace parley::contacts
