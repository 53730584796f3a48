#include "storage/sqlite/database.h"

#include <spdlog/spdlog.h>

#include "storage/sqlite/migrations.h"
#include "storage/sqlite/node_keys.h"

namespace parley::storage::sqlite {

Result<std::unique_ptr<Database>> Database::open(Options options, privacy::Keyring& keyring,
                                                 const Clock& clock) {
  auto contact_keys = ContactKeyStore::open(ContactKeyStore::pathBeside(options.path), options.path,
                                            keyring, clock);
  if (!contact_keys) {
    return std::unexpected(contact_keys.error());
  }
  auto writer = Connection::open(options.path, Connection::Mode::ReadWrite);
  if (!writer) {
    return std::unexpected(writer.error());
  }
  // Data made before the key store holds its contacts' keys: they are copied out (and on disk)
  // before migration 18 drops them from the data, which is then rewritten without them.
  const bool keys_in_data = (*writer)->hasColumn("contacts", "wrapped_key");
  if (keys_in_data) {
    auto moved = (*contact_keys)->importFrom(options.path);
    if (!moved) {
      return std::unexpected(moved.error());
    }
    spdlog::info("moving {} contact keys out of {} into {}", *moved, options.path,
                 ContactKeyStore::pathBeside(options.path));
  }
  if (auto migrated = migrate(**writer); !migrated) {
    return std::unexpected(migrated.error());
  }
  // Before anything uses them (the audit appender takes the chain key below).
  if (auto loaded = loadNodeKeys(**writer, keyring); !loaded) {
    return std::unexpected(loaded.error());
  }
  if (keys_in_data) {
    // No page of the old keys may stay in the file or its log.
    if (auto rewritten = (*writer)->exec("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);"); !rewritten) {
      return std::unexpected(rewritten.error());
    }
  }
  auto checkpointer = Connection::open(options.path, Connection::Mode::ReadWrite);
  if (!checkpointer) {
    return std::unexpected(checkpointer.error());
  }
  return std::unique_ptr<Database>(new Database(std::move(options), std::move(*contact_keys),
                                                std::move(*writer), std::move(*checkpointer),
                                                keyring, clock));
}

Database::Database(Options options, std::unique_ptr<ContactKeyStore> contact_keys,
                   std::unique_ptr<Connection> writer, std::unique_ptr<Connection> checkpointer,
                   const privacy::Keyring& keyring, const Clock& clock)
    : options_(std::move(options)),
      keyring_(keyring),
      clock_(clock),
      contact_keys_(std::move(contact_keys)),
      writer_connection_(std::move(writer)),
      audit_(keyring.auditChainKey()),
      checkpoint_connection_(std::move(checkpointer)),
      readers_(options_.path, options_.max_readers),
      anchors_(std::make_unique<AuditAnchors>(options_.path + "-audit-anchors",
                                              keyring.auditChainKey())),
      writer_thread_([this] { runWriter(); }),
      checkpoint_thread_([this] { runCheckpointer(); }) {}

Database::~Database() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_ready_.notify_one();
  checkpoint_wake_.notify_one();
  writer_thread_.join();
  checkpoint_thread_.join();
  (void)checkpoint_connection_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

void Database::runCheckpointer() {
  std::unique_lock lock(queue_mutex_);
  while (!stopping_) {
    checkpoint_wake_.wait_for(lock, std::chrono::milliseconds(100));
    lock.unlock();
    // PASSIVE never blocks the writer or readers; it copies what it can, so that the writer's own
    // autocheckpoint (every 4000 pages, which keeps the WAL bounded) finds little left to do.
    (void)checkpoint_connection_->exec("PRAGMA wal_checkpoint(PASSIVE)");
    if (truncate_wal_.exchange(false) && !truncateWal()) {
      truncate_wal_ = true;  // a reader was still in the log: again at the next tick
    }
    lock.lock();
  }
}

bool Database::truncateWal() {
  // Without a busy timeout this gives up at once, rather than hold the writer back while it waits,
  // when a reader still reads from the log (its first column then says so): the next tick tries
  // again.
  (void)checkpoint_connection_->exec("PRAGMA busy_timeout=0");
  bool truncated = false;
  if (Statement* truncate = checkpoint_connection_->prepare("PRAGMA wal_checkpoint(TRUNCATE)")) {
    StatementScope scope(*truncate);
    truncated = scope->step() && scope->integer(0) == 0;
  }
  (void)checkpoint_connection_->exec("PRAGMA busy_timeout=5000");
  return truncated;
}

void Database::requestWalTruncation() {
  truncate_wal_ = true;
  checkpoint_wake_.notify_one();
}

void Database::enqueue(PendingWrite write) {
  {
    std::lock_guard lock(queue_mutex_);
    queue_.push_back(std::move(write));
  }
  queue_ready_.notify_one();
}

void Database::runWriter() {
  std::vector<PendingWrite> batch;
  while (true) {
    {
      std::unique_lock lock(queue_mutex_);
      queue_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) {
        return;  // stopping, and every queued write is done
      }
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commitBatch(batch);
    batch.clear();
  }
}

void Database::commitBatch(std::vector<PendingWrite>& batch) {
  Connection& db = *writer_connection_;
  WriteContext context{db, audit_};
  std::vector<Result<void>> outcomes;
  outcomes.reserve(batch.size());

  Result<void> began = db.run("BEGIN IMMEDIATE");
  // An admin command in another process may have appended to an audit chain: re-read the heads.
  // Read once the write lock is held, so no commit of theirs can come in between.
  if (const int64_t version = db.dataVersion(); version != data_version_) {
    audit_.forgetAll();
    data_version_ = version;
  }
  // Once SQLite has rolled the transaction back by itself (disk full, I/O error), nothing more may
  // run: later statements would commit one by one, outside the batch.
  bool aborted = !began;
  for (PendingWrite& write : batch) {
    if (aborted) {
      outcomes.push_back(fail(ErrorCode::Internal, "the transaction was aborted"));
      continue;
    }
    if (auto savepoint = db.run("SAVEPOINT w"); !savepoint) {
      outcomes.push_back(std::unexpected(savepoint.error()));
      aborted = !db.inTransaction();
      continue;
    }
    Result<void> applied = write.apply(context);
    if (applied) {
      audit_.writeSucceeded();
    } else {
      (void)db.run("ROLLBACK TO w");
      audit_.forgetTouched();
    }
    (void)db.run("RELEASE w");
    aborted = !db.inTransaction();
    outcomes.push_back(std::move(applied));
  }

  Result<void> committed =
      aborted ? fail(ErrorCode::Internal, "the transaction was rolled back") : db.run("COMMIT");
  if (!committed) {
    if (db.inTransaction()) {
      (void)db.exec("ROLLBACK");
    }
    audit_.forgetAll();
    ++failed_commits_;
    spdlog::error("storage: transaction of {} writes failed: {}", batch.size(),
                  committed.error().message);
  }
  if (committed) {
    for (auto& [tenant, seq, hash] : audit_.takeCommitted()) {
      anchors_->note(tenant, seq, hash);
    }
  }
  writable_ = committed.has_value();
  ++transactions_;
  writes_ += batch.size();

  for (size_t index = 0; index < batch.size(); ++index) {
    if (!committed) {
      batch[index].committed(fail(ErrorCode::Internal, "the database could not commit"));
    } else {
      batch[index].committed(std::move(outcomes[index]));
    }
  }
}

Result<privacy::SecretKey> Database::tenantKey(Connection& db, const TenantId& tenant) {
  if (auto cached = keyring_.cachedTenantKey(tenant)) {
    return *cached;
  }
  auto query = db.statement("SELECT wrapped_key FROM tenants WHERE id = ? AND deleted_at IS NULL");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant.value);
  if (!scope->step()) {
    if (scope->error()) {
      return std::unexpected(*scope->error());
    }
    return fail(ErrorCode::NotFound, "no such tenant");
  }
  return keyring_.tenantKey(tenant, scope->blob(0));
}

Result<privacy::SecretKey> Database::tenantKey(const TenantId& tenant) {
  if (auto cached = keyring_.cachedTenantKey(tenant)) {
    return *cached;
  }
  return read([&](Connection& db) { return tenantKey(db, tenant); });
}

DatabaseStats Database::stats() const {
  return {transactions_.load(), writes_.load(), failed_commits_.load()};
}

}  // namespace parley::storage::sqlite
