#include "storage/sqlite/contact_key_store.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <iterator>

namespace parley::storage::sqlite {
namespace {

// Keys made ahead per tenant, in batches of one transaction each; the next batch is made in the
// background once half of one is left. A batch starts small and doubles each time new customers
// came faster than the background kept up (a caller then waited for a batch), so a quiet tenant
// holds a few keys in memory and a busy one rarely waits.
constexpr size_t kFirstBatch = 16;
constexpr size_t kLargestBatch = 1024;
constexpr size_t kMostIdleReaders = 8;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS contact_keys (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  wrapped_key BLOB NOT NULL,
  made_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;
-- Tenants' contact-wrapping keys, wrapped under their tenant key: a contact key names the one it is
-- wrapped under (contact_keys.wrapping_id; NULL: the tenant key itself). The newest of a tenant's
-- is the one new keys take; a rotation moves every key to a new one, then drops the older ones.
CREATE TABLE IF NOT EXISTS contact_wrapping_keys (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  wrapped_key BLOB NOT NULL,
  made_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;
PRAGMA user_version = 3;
)sql";

// True when the data file exists and names keys (it cannot be used without its key store).
Result<bool> dataNamesKeys(const std::string& data_path) {
  std::error_code error;
  if (!std::filesystem::exists(data_path, error)) {
    return false;
  }
  auto data = Connection::open(data_path, Connection::Mode::ReadOnly);
  if (!data) {
    return std::unexpected(data.error());
  }
  if (!(*data)->hasColumn("contacts", "key_id")) {
    return false;  // older than the key store: its keys are still in it
  }
  auto query = (*data)->statement("SELECT 1 FROM contacts WHERE key_id IS NOT NULL LIMIT 1");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  return scope->step();
}

// The data's database beside the store's own, as "data" (DETACH it when done).
Result<void> attachData(Connection& db, const std::string& data_path) {
  auto attach = db.statement("ATTACH DATABASE ? AS data");
  if (!attach) {
    return std::unexpected(attach.error());
  }
  StatementScope scope(**attach);
  scope->bind(1, data_path);
  return scope->run();
}

bool holdsKeys(Connection& db) {
  Statement* any = db.prepare("SELECT 1 FROM contact_keys LIMIT 1");
  if (!any) {
    return false;
  }
  StatementScope scope(*any);
  return scope->step();
}

// Runs `body` inside BEGIN IMMEDIATE … COMMIT, rolled back when it fails.
template <class Body>
Result<void> inTransaction(Connection& db, Body&& body) {
  if (auto began = db.run("BEGIN IMMEDIATE"); !began) {
    return began;
  }
  Result<void> done = body();
  if (done) {
    done = db.run("COMMIT");
  }
  if (!done && db.inTransaction()) {
    (void)db.run("ROLLBACK");
  }
  return done;
}

}  // namespace

std::string ContactKeyStore::pathBeside(const std::string& data_path) {
  const std::filesystem::path data(data_path);
  return (data.parent_path() / (data.stem().string() + "-keys" + data.extension().string()))
      .string();
}

Result<std::unique_ptr<ContactKeyStore>> ContactKeyStore::open(const std::string& path,
                                                               const std::string& data_path,
                                                               const privacy::Keyring& keyring,
                                                               const Clock& clock) {
  std::error_code error;
  const bool existed = std::filesystem::exists(path, error);
  auto names_keys = dataNamesKeys(data_path);
  if (!names_keys) {
    return std::unexpected(names_keys.error());
  }
  if (*names_keys && !existed) {
    return fail(ErrorCode::Internal,
                path + " is missing, and " + data_path +
                    " cannot be read without it: restore it from its backup beside the data");
  }
  auto writer = Connection::open(path, Connection::Mode::ReadWrite);
  if (!writer) {
    return std::unexpected(writer.error());
  }
  if (auto created = (*writer)->exec(kSchema); !created) {
    return std::unexpected(created.error());
  }
  if (!(*writer)->hasColumn("contact_keys", "wrapping_id")) {
    if (auto added = (*writer)->exec("ALTER TABLE contact_keys ADD COLUMN wrapping_id TEXT");
        !added) {
      return std::unexpected(added.error());
    }
  }
  if (*names_keys && !holdsKeys(**writer)) {
    return fail(ErrorCode::Internal, path + " holds no key, and " + data_path +
                                         " cannot be read without its keys: restore the key "
                                         "store from its backup beside the data");
  }
  return std::unique_ptr<ContactKeyStore>(
      new ContactKeyStore(std::move(*writer), path, keyring, clock));
}

ContactKeyStore::ContactKeyStore(std::unique_ptr<Connection> writer, std::string path,
                                 const privacy::Keyring& keyring, const Clock& clock)
    : path_(std::move(path)),
      keyring_(keyring),
      clock_(clock),
      opened_at_(clock.now()),
      readers_(path_, kMostIdleReaders),
      writer_(std::move(writer)),
      maker_([this] { runMaker(); }) {}

ContactKeyStore::~ContactKeyStore() {
  {
    std::lock_guard lock(spares_mutex_);
    stopping_ = true;
  }
  spares_changed_.notify_all();
  maker_.join();
  // The keys made ahead and never used stay on disk until the next start collects them.
  (void)truncateLog();
}

Result<std::optional<ContactKeyStore::StoredWrappingKey>> ContactKeyStore::currentWrappingKey(
    Connection& db, const TenantId& tenant) {
  auto query = db.statement(
      "SELECT id, wrapped_key FROM contact_wrapping_keys WHERE tenant_id = ? "
      "ORDER BY made_at DESC, id DESC LIMIT 1");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->bind(1, tenant.value);
  if (scope->step()) {
    return StoredWrappingKey{.id = scope->text(0), .wrapped = scope->blob(1)};
  }
  if (scope->error()) {
    return std::unexpected(*scope->error());
  }
  return std::nullopt;
}

Result<privacy::SecretKey> ContactKeyStore::wrappingKey(
    const TenantId& tenant, const privacy::SecretKey& tenant_key,
    const std::optional<StoredWrappingKey>& stored) {
  if (!stored) {
    return tenant_key;  // wrapped before any rotation
  }
  const std::string name = tenant.value + "|" + stored->id;
  if (auto cached = wrapping_keys_.find(name)) {
    return std::move(*cached);
  }
  auto key = keyring_.wrappingKey(tenant_key, tenant, stored->id, stored->wrapped);
  if (!key) {
    return std::unexpected(key.error());
  }
  std::lock_guard lock(wrapping_mutex_);
  // A reader on a snapshot older than a rotation's end may cache a key that rotation just dropped:
  // it opens nothing the store still holds, and goes at the tenant's next rotation or destruction.
  wrapping_names_[tenant].insert(name);
  wrapping_keys_.put(name, *key);
  return key;
}

void ContactKeyStore::forgetWrappingKeys(const TenantId& tenant,
                                         const std::optional<std::string>& keep) {
  std::lock_guard lock(wrapping_mutex_);
  auto names = wrapping_names_.find(tenant);
  if (names == wrapping_names_.end()) {
    return;
  }
  const std::string kept = keep ? tenant.value + "|" + *keep : "";
  for (auto name = names->second.begin(); name != names->second.end();) {
    if (*name == kept) {
      ++name;
      continue;
    }
    wrapping_keys_.erase(*name);
    name = names->second.erase(name);
  }
}

Result<std::vector<NewContactKey>> ContactKeyStore::makeKeys(
    const TenantId& tenant, const privacy::SecretKey& tenant_key, size_t count,
    const std::optional<ContactId>& contact) {
  std::vector<NewContactKey> made;
  made.reserve(count);
  const int64_t now = toUnixMillis(clock_.now());
  std::lock_guard lock(writer_mutex_);
  Connection& db = *writer_;
  auto written = inTransaction(db, [&]() -> Result<void> {
    // Read inside the transaction: a rotation cannot slip between the wrapping and the insert.
    auto current = currentWrappingKey(db, tenant);
    if (!current) {
      return std::unexpected(current.error());
    }
    auto wrapping = wrappingKey(tenant, tenant_key, *current);
    if (!wrapping) {
      return std::unexpected(wrapping.error());
    }
    auto insert = db.statement(
        "INSERT INTO contact_keys (tenant_id, id, contact_id, wrapped_key, made_at, wrapping_id) "
        "VALUES (?,?,?,?,?,?)");
    if (!insert) {
      return std::unexpected(insert.error());
    }
    for (size_t index = 0; index < count; ++index) {
      NewContactKey key{.contact = contact.value_or(privacy::newId<ContactTag>()),
                        .id = privacy::newId<ContactKeyTag>()};
      auto sealed = keyring_.newContactKey(*wrapping, tenant, key.id);
      key.key = sealed.key;
      StatementScope scope(**insert);
      scope->bind(1, tenant.value)
          .bind(2, key.id.value)
          .bind(3, key.contact.value)
          .bindBlob(4, sealed.wrapped)
          .bind(5, now)
          .bindOptionalText(6, *current ? std::optional((*current)->id) : std::nullopt);
      if (auto inserted = scope->run(); !inserted) {
        return inserted;
      }
      made.push_back(std::move(key));
    }
    return {};
  });
  if (!written) {
    return std::unexpected(written.error());
  }
  return made;
}

Result<size_t> ContactKeyStore::rotateWrappingKey(const TenantId& tenant,
                                                  const privacy::SecretKey& tenant_key) {
  // One at a time (two of one tenant would undo each other), and a second is refused rather than
  // queued: it would hold a worker that sign-ins share.
  std::unique_lock rotating(rotation_mutex_, std::try_to_lock);
  if (!rotating.owns_lock()) {
    return fail(ErrorCode::Conflict,
                "contact keys are being rotated already: try again when that rotation ends");
  }
  // 1. A new wrapping key, the one new contacts' keys take from now on.
  const std::string next_id = privacy::randomIdValue("ckw_");
  auto next = keyring_.newWrappingKey(tenant_key, tenant, next_id);
  {
    std::lock_guard lock(writer_mutex_);
    auto insert = writer_->statement(
        "INSERT INTO contact_wrapping_keys (tenant_id, id, wrapped_key, made_at) "
        "VALUES (?,?,?,?)");
    if (!insert) {
      return std::unexpected(insert.error());
    }
    StatementScope scope(**insert);
    scope->bind(1, tenant.value)
        .bind(2, next_id)
        .bindBlob(3, next.wrapped)
        .bind(4, toUnixMillis(clock_.now()));
    if (auto inserted = scope->run(); !inserted) {
      return std::unexpected(inserted.error());
    }
  }
  // 2. Every key under another one moves to it, a batch per short transaction, so that writes
  // (new customers' keys, erasures) wait for a batch at most. Each key names its wrapping key, so
  // a crash between batches leaves every key readable; the next rotation finishes the move.
  constexpr int64_t kBatch = 512;
  size_t rewrapped = 0;
  for (;;) {
    size_t moved = 0;
    std::lock_guard lock(writer_mutex_);
    Connection& db = *writer_;
    auto batch = inTransaction(db, [&]() -> Result<void> {
      struct Row {
        ContactKeyId id;
        std::string wrapped;
        std::optional<StoredWrappingKey> under;
      };
      std::vector<Row> rows;
      {
        auto query = db.statement(
            "SELECT k.id, k.wrapped_key, w.id, w.wrapped_key FROM contact_keys k "
            "LEFT JOIN contact_wrapping_keys w ON w.tenant_id = k.tenant_id AND "
            "w.id = k.wrapping_id WHERE k.tenant_id = ?1 AND k.wrapping_id IS NOT ?2 LIMIT ?3");
        if (!query) {
          return std::unexpected(query.error());
        }
        StatementScope scope(**query);
        scope->bind(1, tenant.value).bind(2, next_id).bind(3, kBatch);
        while (scope->step()) {
          Row row{ContactKeyId{scope->text(0)}, scope->blob(1), std::nullopt};
          if (!scope->isNull(2)) {
            row.under = StoredWrappingKey{.id = scope->text(2), .wrapped = scope->blob(3)};
          }
          rows.push_back(std::move(row));
        }
        if (scope->error()) {
          return std::unexpected(*scope->error());
        }
      }
      auto update = db.statement(
          "UPDATE contact_keys SET wrapped_key = ?, wrapping_id = ? WHERE tenant_id = ? AND id = "
          "?");
      if (!update) {
        return std::unexpected(update.error());
      }
      for (const Row& row : rows) {
        auto wrapping = wrappingKey(tenant, tenant_key, row.under);
        auto key = wrapping ? keyring_.contactKey(*wrapping, tenant, row.id, row.wrapped)
                            : Result<privacy::SecretKey>(std::unexpected(wrapping.error()));
        if (!key) {
          return fail(ErrorCode::Internal,
                      "contact key " + row.id.value + " does not unwrap: " + key.error().message);
        }
        StatementScope scope(**update);
        scope->bindBlob(1, keyring_.wrapContactKey(next.key, tenant, row.id, *key))
            .bind(2, next_id)
            .bind(3, tenant.value)
            .bind(4, row.id.value);
        if (auto updated = scope->run(); !updated) {
          return updated;
        }
      }
      moved = rows.size();
      return {};
    });
    if (!batch) {
      return std::unexpected(batch.error());
    }
    rewrapped += moved;
    if (moved < static_cast<size_t>(kBatch)) {
      break;
    }
  }
  // 3. The older wrapping keys wrap nothing now: they go, from the file and its log.
  {
    std::lock_guard lock(writer_mutex_);
    auto remove = writer_->statement(
        "DELETE FROM contact_wrapping_keys WHERE tenant_id = ?1 AND id != ?2 AND NOT EXISTS "
        "(SELECT 1 FROM contact_keys k WHERE k.tenant_id = ?1 AND k.wrapping_id = "
        "contact_wrapping_keys.id)");
    if (!remove) {
      return std::unexpected(remove.error());
    }
    StatementScope scope(**remove);
    scope->bind(1, tenant.value).bind(2, next_id);
    if (auto removed = scope->run(); !removed) {
      return std::unexpected(removed.error());
    }
  }
  forgetWrappingKeys(tenant, next_id);
  (void)truncateLog();
  return rewrapped;
}

Result<NewContactKey> ContactKeyStore::newContactKey(const TenantId& tenant,
                                                     const privacy::SecretKey& tenant_key) {
  std::unique_lock lock(spares_mutex_);
  Spares& spares =
      spares_.try_emplace(tenant, Spares{.tenant_key = tenant_key, .batch = kFirstBatch})
          .first->second;
  if (spares.keys.empty()) {
    const size_t batch = spares.batch;
    spares.batch = std::min(kLargestBatch, spares.batch * 2);
    lock.unlock();  // two callers may both make a batch: the keys of both are used
    auto made = makeKeys(tenant, tenant_key, batch, std::nullopt);
    if (!made) {
      return std::unexpected(made.error());
    }
    lock.lock();
    Spares& refilled =
        spares_.try_emplace(tenant, Spares{.tenant_key = tenant_key, .batch = kFirstBatch})
            .first->second;
    std::ranges::move(*made, std::back_inserter(refilled.keys));
  }
  Spares& ready = spares_.at(tenant);
  NewContactKey key = std::move(ready.keys.back());
  ready.keys.pop_back();
  if (ready.keys.size() < ready.batch / 2 && !ready.wanted) {
    ready.wanted = true;
    spares_changed_.notify_all();
  }
  return key;
}

Result<NewContactKey> ContactKeyStore::newKeyFor(const TenantId& tenant,
                                                 const privacy::SecretKey& tenant_key,
                                                 const ContactId& contact) {
  auto made = makeKeys(tenant, tenant_key, 1, contact);
  if (!made) {
    return std::unexpected(made.error());
  }
  return std::move(made->front());
}

Result<std::optional<privacy::SecretKey>> ContactKeyStore::key(const TenantId& tenant,
                                                               const privacy::SecretKey& tenant_key,
                                                               const ContactKeyId& id) {
  std::unique_ptr<Connection> reader = readers_.checkout();
  if (!reader) {
    return fail(ErrorCode::Internal, "cannot open the key store " + path_);
  }
  // The key and the wrapping key it names, in one statement (one snapshot).
  std::optional<std::string> wrapped;
  std::optional<StoredWrappingKey> stored;
  std::optional<Error> failure;
  if (auto query =
          reader->statement("SELECT k.wrapped_key, w.id, w.wrapped_key FROM contact_keys k "
                            "LEFT JOIN contact_wrapping_keys w ON w.tenant_id = k.tenant_id "
                            "AND w.id = k.wrapping_id WHERE k.tenant_id = ? AND k.id = ?");
      !query) {
    failure = query.error();
  } else {
    StatementScope scope(**query);
    scope->bind(1, tenant.value).bind(2, id.value);
    if (scope->step()) {
      wrapped = scope->blob(0);
      if (!scope->isNull(1)) {
        stored = StoredWrappingKey{.id = scope->text(1), .wrapped = scope->blob(2)};
      }
    }
    failure = scope->error();
  }
  readers_.checkin(std::move(reader));
  if (failure) {
    return std::unexpected(*failure);
  }
  if (!wrapped) {
    return std::optional<privacy::SecretKey>();
  }
  auto wrapping = wrappingKey(tenant, tenant_key, stored);
  if (!wrapping) {
    return std::unexpected(wrapping.error());
  }
  auto key = keyring_.contactKey(*wrapping, tenant, id, *wrapped);
  if (!key) {
    return std::unexpected(key.error());
  }
  return std::optional(std::move(*key));
}

Result<void> ContactKeyStore::destroy(const TenantId& tenant,
                                      const std::vector<ContactKeyId>& ids) {
  if (ids.empty()) {
    return {};
  }
  if (auto deleted = deleteKeys(tenant, ids); !deleted) {
    std::lock_guard lock(spares_mutex_);
    destroy_pending_.emplace_back(tenant, ids);
    spares_changed_.notify_all();
    return deleted;
  }
  // The log still holds older copies of the keys: the maker thread empties it within a moment,
  // off the caller's path (an erase answers once the keys are gone, one fsync, not two).
  std::lock_guard lock(spares_mutex_);
  truncate_pending_ = true;
  spares_changed_.notify_all();
  return {};
}

Result<void> ContactKeyStore::deleteKeys(const TenantId& tenant,
                                         const std::vector<ContactKeyId>& ids) {
  std::lock_guard lock(writer_mutex_);
  Connection& db = *writer_;
  return inTransaction(db, [&]() -> Result<void> {
    auto remove = db.statement("DELETE FROM contact_keys WHERE tenant_id = ? AND id = ?");
    if (!remove) {
      return std::unexpected(remove.error());
    }
    for (const ContactKeyId& id : ids) {
      StatementScope scope(**remove);
      scope->bind(1, tenant.value).bind(2, id.value);
      if (auto removed = scope->run(); !removed) {
        return removed;
      }
    }
    return {};
  });
}

Result<void> ContactKeyStore::destroyTenant(const TenantId& tenant) {
  {
    std::lock_guard lock(spares_mutex_);
    spares_.erase(tenant);
  }
  {
    std::lock_guard lock(writer_mutex_);
    Connection& db = *writer_;
    auto removed = inTransaction(db, [&]() -> Result<void> {
      for (const char* sql : {"DELETE FROM contact_keys WHERE tenant_id = ?",
                              "DELETE FROM contact_wrapping_keys WHERE tenant_id = ?"}) {
        auto remove = db.statement(sql);
        if (!remove) {
          return std::unexpected(remove.error());
        }
        StatementScope scope(**remove);
        scope->bind(1, tenant.value);
        if (auto ran = scope->run(); !ran) {
          return ran;
        }
      }
      return {};
    });
    if (!removed) {
      return removed;
    }
  }
  forgetWrappingKeys(tenant, std::nullopt);
  return truncateLog();
}

Result<void> ContactKeyStore::truncateLog() {
  bool truncated = false;
  {
    std::lock_guard lock(writer_mutex_);
    // No waiting: a reader still in the log makes it give up, and the maker thread tries again.
    (void)writer_->exec("PRAGMA busy_timeout=0");
    if (Statement* truncate = writer_->prepare("PRAGMA wal_checkpoint(TRUNCATE)")) {
      StatementScope scope(*truncate);
      truncated = scope->step() && scope->integer(0) == 0;
    }
    (void)writer_->exec("PRAGMA busy_timeout=5000");
  }
  if (!truncated) {
    std::lock_guard lock(spares_mutex_);
    truncate_pending_ = true;
    spares_changed_.notify_all();
  }
  return {};
}

void ContactKeyStore::runMaker() {
  std::unique_lock lock(spares_mutex_);
  while (!stopping_) {
    const auto wanted = [this] {
      return std::ranges::any_of(spares_, [](const auto& entry) { return entry.second.wanted; });
    };
    if (truncate_pending_ || !destroy_pending_.empty()) {
      spares_changed_.wait_for(lock, std::chrono::milliseconds(100));
    } else {
      spares_changed_.wait(lock, [&] { return stopping_ || truncate_pending_ || wanted(); });
    }
    if (stopping_) {
      return;
    }
    if (!destroy_pending_.empty()) {
      auto pending = std::exchange(destroy_pending_, {});
      lock.unlock();
      for (const auto& [tenant, ids] : pending) {
        (void)destroy(tenant, ids);  // queued again when it fails again
      }
      lock.lock();
    }
    if (truncate_pending_) {
      truncate_pending_ = false;
      lock.unlock();
      (void)truncateLog();  // sets it again when a reader is still in the log
      lock.lock();
    }
    for (auto& [tenant, spares] : spares_) {
      if (!spares.wanted) {
        continue;
      }
      const TenantId wanted_tenant = tenant;
      const privacy::SecretKey tenant_key = spares.tenant_key;
      const size_t batch = spares.batch;
      lock.unlock();
      auto made = makeKeys(wanted_tenant, tenant_key, batch, std::nullopt);
      lock.lock();
      if (!made) {
        spdlog::error("making contact keys ahead: {}", made.error().message);
      }
      // The tenant may have been destroyed meanwhile: its keys then stay unused on disk until the
      // next start collects them.
      if (auto found = spares_.find(wanted_tenant); found != spares_.end()) {
        found->second.wanted = false;
        if (made) {
          std::ranges::move(*made, std::back_inserter(found->second.keys));
        }
      }
      break;  // the map may have changed while unlocked: look again
    }
  }
}

Result<size_t> ContactKeyStore::importFrom(const std::string& data_path) {
  std::lock_guard lock(writer_mutex_);
  Connection& db = *writer_;
  if (auto attached = attachData(db, data_path); !attached) {
    return std::unexpected(attached.error());
  }
  size_t moved = 0;
  auto copied = inTransaction(db, [&]() -> Result<void> {
    auto copy = db.run(
        "INSERT OR IGNORE INTO contact_keys (tenant_id, id, contact_id, wrapped_key, made_at) "
        "SELECT tenant_id, id, id, wrapped_key, created_at FROM data.contacts "
        "WHERE wrapped_key IS NOT NULL");
    moved = static_cast<size_t>(db.changes());
    return copy;
  });
  (void)db.exec("DETACH DATABASE data");
  if (!copied) {
    return std::unexpected(copied.error());
  }
  return moved;
}

// A contact `c` of the attached data that names a key this store lacks (a destroyed tenant's
// contacts aside: their keys went with it).
#define PARLEY_KEYLESS_CONTACT                                              \
  "c.key_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM main.contact_keys k " \
  "WHERE k.tenant_id = c.tenant_id AND k.id = c.key_id) "                   \
  "AND c.tenant_id NOT IN (SELECT id FROM data.tenants WHERE destroyed_at IS NOT NULL)"

Result<size_t> ContactKeyStore::countKeylessContacts(Connection& db) {
  auto count = db.statement("SELECT count(*) FROM data.contacts c WHERE " PARLEY_KEYLESS_CONTACT);
  if (!count) {
    return std::unexpected(count.error());
  }
  StatementScope scope(**count);
  if (!scope->step()) {
    return std::unexpected(scope->error().value_or(Error{ErrorCode::Internal, "no count"}));
  }
  return static_cast<size_t>(scope->integer(0));
}

Result<ContactKeyStore::Collected> ContactKeyStore::collectUnusedKeys(const std::string& data_path,
                                                                      bool accept_lost_keys) {
  Collected collected;
  {
    std::lock_guard lock(spares_mutex_);
    spares_.clear();  // this process's: never to be handed out now (their rows may go below)
  }
  std::lock_guard lock(writer_mutex_);
  Connection& db = *writer_;
  if (auto attached = attachData(db, data_path); !attached) {
    return std::unexpected(attached.error());
  }
  const auto done = [&](Result<Collected> result) {
    (void)db.exec("DETACH DATABASE data");
    return result;
  };
  auto keyless = countKeylessContacts(db);
  if (!keyless) {
    return done(std::unexpected(keyless.error()));
  }
  collected.keyless_contacts = *keyless;
  if (*keyless > 0 && !accept_lost_keys) {
    return done(fail(ErrorCode::Conflict,
                     std::to_string(*keyless) + " contacts name keys that " + path_ +
                         " does not hold: is it the key store of this data, as recent as it? "
                         "Restore the right one beside the data, or start with "
                         "--accept-lost-contact-keys to mark those contacts erased, for good"));
  }
  // A key is in use when the contact it was made for names it. Only keys made before this
  // process opened the store: a process that is gone made them.
  auto unused = db.statement(
      "DELETE FROM contact_keys WHERE made_at < ? AND NOT EXISTS (SELECT 1 FROM data.contacts c "
      "WHERE c.tenant_id = contact_keys.tenant_id AND c.id = contact_keys.contact_id "
      "AND c.key_id = contact_keys.id)");
  if (!unused) {
    return done(std::unexpected(unused.error()));
  }
  {
    StatementScope scope(**unused);
    scope->bind(1, toUnixMillis(opened_at_));
    if (auto deleted = scope->run(); !deleted) {
      return done(std::unexpected(deleted.error()));
    }
    collected.unused_keys = static_cast<size_t>(db.changes());
  }
  if (*keyless > 0) {
    // As an erase leaves them: no look-ups, identities or consents, then the row without fields.
    for (const char* sql :
         {"DELETE FROM data.contact_lookup WHERE EXISTS (SELECT 1 FROM data.contacts c WHERE "
          "c.tenant_id = contact_lookup.tenant_id AND c.id = contact_lookup.contact_id "
          "AND " PARLEY_KEYLESS_CONTACT ")",
          "DELETE FROM data.contact_identities WHERE EXISTS (SELECT 1 FROM data.contacts c WHERE "
          "c.tenant_id = contact_identities.tenant_id AND c.id = contact_identities.contact_id "
          "AND " PARLEY_KEYLESS_CONTACT ")",
          "DELETE FROM data.contact_consents WHERE EXISTS (SELECT 1 FROM data.contacts c WHERE "
          "c.tenant_id = contact_consents.tenant_id AND c.id = contact_consents.contact_id "
          "AND " PARLEY_KEYLESS_CONTACT ")"}) {
      if (auto removed = db.run(sql); !removed) {
        return done(std::unexpected(removed.error()));
      }
    }
    auto mark = db.statement(
        "UPDATE data.contacts SET key_id = NULL, name_enc = NULL, email_enc = NULL, "
        "phone_enc = NULL, attributes_enc = NULL, erased_at = ?1, updated_at = ?1 "
        "WHERE key_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM main.contact_keys k "
        "WHERE k.tenant_id = contacts.tenant_id AND k.id = contacts.key_id) "
        "AND tenant_id NOT IN (SELECT id FROM data.tenants WHERE destroyed_at IS NOT NULL)");
    if (!mark) {
      return done(std::unexpected(mark.error()));
    }
    StatementScope scope(**mark);
    scope->bind(1, toUnixMillis(clock_.now()));
    if (auto marked = scope->run(); !marked) {
      return done(std::unexpected(marked.error()));
    }
    spdlog::warn(
        "{} contacts named keys that {} does not hold: marked erased, as asked "
        "(--accept-lost-contact-keys); the erasure sweeper removes their rows",
        *keyless, path_);
  }
  if (collected.unused_keys > 0) {
    std::lock_guard spares(spares_mutex_);
    truncate_pending_ = true;  // the maker thread empties the log
    spares_changed_.notify_all();
  }
  return done(std::move(collected));
}

}  // namespace parley::storage::sqlite
