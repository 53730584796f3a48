#pragma once
// The SQLite engine: one writer thread with group commit, and a pool of read connections.
//
// Group commit: writes queue up while the previous transaction is being made durable; the writer
// then applies every queued write in one transaction (each in its own savepoint, so one failing
// write does not fail its neighbours), commits once with synchronous=FULL, and only then runs each
// write's `done`. Many concurrent requests share one fsync, and none is answered before its data is
// on disk.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "privacy/keyring.h"
#include "storage/sqlite/audit_anchors.h"
#include "storage/sqlite/audit_appender.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/contact_key_store.h"
#include "storage/sqlite/reader_pool.h"
#include "storage/stores.h"

namespace parley::storage::sqlite {

// What a write sees: the writer's connection inside the open transaction, and the audit chain.
struct WriteContext {
  Connection& db;
  AuditAppender& audit;
};

struct DatabaseStats {
  uint64_t transactions = 0;
  uint64_t writes = 0;
  uint64_t failed_commits = 0;
};

class Database {
 public:
  struct Options {
    std::string path;
    size_t max_readers = 8;
    size_t max_batch = 4096;
  };

  // Opens or creates the database and its contact key store (contact_key_store.h), and brings the
  // schema up to date; contacts' keys still in the data move to the key store.
  // The node's keys are loaded into `keyring` (node_keys.h): Unauthenticated for a wrong master
  // key.
  [[nodiscard]] static Result<std::unique_ptr<Database>> open(Options options,
                                                              privacy::Keyring& keyring,
                                                              const Clock& clock);
  // Finishes every queued write, then stops the writer.
  ~Database();

  // Queues `apply` for the next transaction; `done` runs on the writer thread after the commit (or
  // with the error). `apply` must not block on anything but the database.
  template <class T>
  void write(std::move_only_function<Result<T>(WriteContext&)> apply, Done<T> done);

  // Runs `read` with a pooled read-only connection on the calling thread.
  template <class F>
  auto read(F&& read) -> decltype(read(std::declval<Connection&>()));

  // The tenant's key, unwrapped once and cached. NotFound for an unknown or deleted tenant.
  [[nodiscard]] Result<privacy::SecretKey> tenantKey(Connection& db, const TenantId& tenant);
  // The same from the cache, or through a pooled read connection.
  [[nodiscard]] Result<privacy::SecretKey> tenantKey(const TenantId& tenant);

  const privacy::Keyring& keyring() const { return keyring_; }
  ContactKeyStore& contactKeys() { return *contact_keys_; }
  // At the start of `parley serve` only (ContactKeyStore::collectUnusedKeys).
  [[nodiscard]] Result<ContactKeyStore::Collected> collectUnusedContactKeys(bool accept_lost_keys) {
    return contact_keys_->collectUnusedKeys(options_.path, accept_lost_keys);
  }
  const Clock& clock() const { return clock_; }
  // False once a commit failed and until one succeeds again (disk full, I/O error): /readyz says
  // so.
  bool isWritable() const { return writable_.load(); }
  DatabaseStats stats() const;
  // Soon, on the checkpointer's thread: copies the write-ahead log into the database and empties
  // it, so that no page a write replaced (an erased contact's key) stays readable in it.
  void requestWalTruncation();
  // Where the audit chains' heads are anchored (audit_anchors.h); anchors() writes what is noted.
  std::filesystem::path auditAnchorsPath() const { return options_.path + "-audit-anchors"; }
  AuditAnchors& anchors() { return *anchors_; }

 private:
  struct PendingWrite {
    std::move_only_function<Result<void>(WriteContext&)> apply;
    std::move_only_function<void(Result<void>)> committed;
  };

  Database(Options options, std::unique_ptr<ContactKeyStore> contact_keys,
           std::unique_ptr<Connection> writer, std::unique_ptr<Connection> checkpointer,
           const privacy::Keyring& keyring, const Clock& clock);
  void enqueue(PendingWrite write);
  void runWriter();
  void commitBatch(std::vector<PendingWrite>& batch);

  Options options_;
  const privacy::Keyring& keyring_;
  const Clock& clock_;

  std::unique_ptr<ContactKeyStore> contact_keys_;
  std::unique_ptr<Connection> writer_connection_;
  AuditAppender audit_;
  int64_t data_version_ = -1;  // the writer's view; a change means another process wrote
  std::mutex queue_mutex_;
  std::condition_variable queue_ready_;
  std::deque<PendingWrite> queue_;
  bool stopping_ = false;
  std::atomic<bool> writable_{true};
  std::atomic<uint64_t> transactions_{0};
  std::atomic<uint64_t> writes_{0};
  std::atomic<uint64_t> failed_commits_{0};

  // Checkpoints the WAL into the database file on its own connection, so commits never wait for it.
  void runCheckpointer();
  bool truncateWal();  // true once the log is empty
  std::atomic<bool> truncate_wal_{false};
  std::unique_ptr<Connection> checkpoint_connection_;
  ReaderPool readers_;
  std::condition_variable checkpoint_wake_;

  std::unique_ptr<AuditAnchors> anchors_;
  std::thread writer_thread_;  // last: start after everything they use exists
  std::thread checkpoint_thread_;
};

template <class T>
void Database::write(std::move_only_function<Result<T>(WriteContext&)> apply, Done<T> done) {
  auto outcome = std::make_shared<std::optional<Result<T>>>();
  enqueue(PendingWrite{
      [outcome, apply = std::move(apply)](WriteContext& context) mutable -> Result<void> {
        *outcome = apply(context);
        if (!outcome->value()) {
          return std::unexpected(outcome->value().error());
        }
        return {};
      },
      [outcome, done = std::move(done)](Result<void> committed) mutable {
        if (!committed) {
          done(std::unexpected(committed.error()));
        } else {
          done(std::move(outcome->value()));
        }
      }});
}

template <class F>
auto Database::read(F&& read) -> decltype(read(std::declval<Connection&>())) {
  std::unique_ptr<Connection> reader = readers_.checkout();
  if (!reader) {
    return fail(ErrorCode::Internal, "cannot open a read connection");
  }
  auto result = read(*reader);
  readers_.checkin(std::move(reader));
  return result;
}

}  // namespace parley::storage::sqlite
