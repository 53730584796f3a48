#pragma once
// Contacts' keys, in a database file of their own beside the data (`parley-keys.db` beside
// `parley.db`), so that a copy of the data, a backup of it included, holds none of them: destroying
// a key here erases its contact's data in every copy (P10, crypto-shredding). The key store is
// backed up on its own, under short-lived keys (docs/architecture.md, "The contact key store").
//
// A contact row names its key by id (`contacts.key_id`); the key row names the contact it was made
// for. Keys are wrapped under the tenant key until the tenant's contact keys are first rotated;
// from then on under a contact-wrapping key of the tenant, which each key names (tables
// `contact_wrapping_keys`, wrapped under the tenant key, and `contact_keys.wrapping_id`). They
// travel with the store, so older data restores beside a newer store.
// SQLite cannot commit two files atomically, so the order of writes keeps every crash safe:
// - a key is on disk before any write that uses it is queued: new contacts take keys made ahead in
//   durable batches, each for a contact id chosen then; a crash leaves only unused keys behind;
// - an erase or an anonymisation changes the contact first and destroys the old key after that
//   commit; a crash in between leaves a key no contact uses.
// `collectUnusedKeys` (at the start of `parley serve`) destroys the keys a crash left behind, and
// refuses to start when a contact's key is missing (a lost key store, or one from an older copy)
// unless the operator accepts that loss.
//
// Thread-safe.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/ids.h"
#include "privacy/keyring.h"
#include "privacy/locked_key_cache.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/reader_pool.h"

namespace parley::storage::sqlite {

// A key made for a new contact, on disk already.
struct NewContactKey {
  ContactId contact;
  ContactKeyId id;
  privacy::SecretKey key;
};

class ContactKeyStore {
 public:
  // Opens or creates the store at `path`. `data_path` is the data's database: when it holds
  // contacts but `path` does not exist, this fails rather than start without their keys.
  [[nodiscard]] static Result<std::unique_ptr<ContactKeyStore>> open(
      const std::string& path, const std::string& data_path, const privacy::Keyring& keyring,
      const Clock& clock);
  ~ContactKeyStore();

  // The key beside a contact's data file: `…/parley.db` → `…/parley-keys.db`.
  static std::string pathBeside(const std::string& data_path);

  // A key for a new contact of `tenant`, from the keys made ahead (a batch is made when none is
  // left; the next is made in the background when half a batch is left).
  [[nodiscard]] Result<NewContactKey> newContactKey(const TenantId& tenant,
                                                    const privacy::SecretKey& tenant_key);
  // A new key for an existing contact (its anonymisation re-keys it), on disk when this returns.
  [[nodiscard]] Result<NewContactKey> newKeyFor(const TenantId& tenant,
                                                const privacy::SecretKey& tenant_key,
                                                const ContactId& contact);
  // The key, unwrapped; nullopt once destroyed.
  [[nodiscard]] Result<std::optional<privacy::SecretKey>> key(const TenantId& tenant,
                                                              const privacy::SecretKey& tenant_key,
                                                              const ContactKeyId& id);
  // Destroys the keys on disk (committed when this returns), and has the maker thread empty the
  // store's write-ahead log within a moment, so that no older copy of them stays in it. When the
  // store cannot be written, says so and tries again every 100 ms in the background.
  [[nodiscard]] Result<void> destroy(const TenantId& tenant, const std::vector<ContactKeyId>& ids);
  // Every key of a tenant whose own key was destroyed, and the ones made ahead for it.
  [[nodiscard]] Result<void> destroyTenant(const TenantId& tenant);

  // Rotates the key that wraps the tenant's contact keys: a new random contact-wrapping key
  // (wrapped under the tenant key, kept here) that new keys take at once, then every contact key
  // of the tenant, made-ahead ones included, re-wrapped under it, 512 per short transaction (each
  // key names its wrapping key, so a crash in between loses nothing; the next rotation finishes
  // the move), then the older wrapping keys dropped and the store's log emptied: the old wrapping
  // key stays only in key-store backups made before. The contacts' data is not rewritten. Safe
  // while the server runs; Conflict while another rotation runs. Returns how many keys were
  // re-wrapped.
  [[nodiscard]] Result<size_t> rotateWrappingKey(const TenantId& tenant,
                                                 const privacy::SecretKey& tenant_key);

  // Moves the keys out of a data file made before the key store (contacts.wrapped_key), keeping
  // each contact's id as its key's id. Safe to run again: keys already here are kept.
  [[nodiscard]] Result<size_t> importFrom(const std::string& data_path);

  struct Collected {
    size_t unused_keys = 0;       // destroyed: made ahead, or replaced, before a crash
    size_t keyless_contacts = 0;  // naming a key the store does not have
  };
  // Only at the start of `parley serve`, which holds the data directory (app/data_dir.h): keys
  // made by a process that is gone are destroyed when no contact names them. Contacts whose key is
  // missing fail it (FailedPrecondition, saying how many) unless `accept_lost_keys`, which marks
  // them erased.
  [[nodiscard]] Result<Collected> collectUnusedKeys(const std::string& data_path,
                                                    bool accept_lost_keys);

 private:
  ContactKeyStore(std::unique_ptr<Connection> writer, std::string path,
                  const privacy::Keyring& keyring, const Clock& clock);
  Result<size_t> countKeylessContacts(Connection& db);

  struct Spares {
    privacy::SecretKey tenant_key;
    std::vector<NewContactKey> keys;
    size_t batch = 0;     // how many the next batch makes (contact_key_store.cc)
    bool wanted = false;  // the maker thread is asked for another batch
  };
  // Makes `count` keys for new contacts of `tenant` and writes them in one transaction.
  Result<std::vector<NewContactKey>> makeKeys(const TenantId& tenant,
                                              const privacy::SecretKey& tenant_key, size_t count,
                                              const std::optional<ContactId>& contact);
  struct StoredWrappingKey {
    std::string id;
    std::string wrapped;
  };
  // The wrapping key new keys of the tenant take (the newest), if the tenant has one.
  static Result<std::optional<StoredWrappingKey>> currentWrappingKey(Connection& db,
                                                                     const TenantId& tenant);
  // The key `stored` is, unwrapped (cached in locked memory); the tenant key for none.
  Result<privacy::SecretKey> wrappingKey(const TenantId& tenant,
                                         const privacy::SecretKey& tenant_key,
                                         const std::optional<StoredWrappingKey>& stored);
  // Drops the tenant's cached wrapping keys but `keep`.
  void forgetWrappingKeys(const TenantId& tenant, const std::optional<std::string>& keep);
  Result<void> truncateLog();
  Result<void> deleteKeys(const TenantId& tenant, const std::vector<ContactKeyId>& ids);
  void runMaker();

  std::string path_;
  const privacy::Keyring& keyring_;
  const Clock& clock_;
  const TimePoint opened_at_;  // keys made before it are a gone process's
  ReaderPool readers_;

  std::mutex writer_mutex_;  // the writer connection, one transaction at a time
  std::unique_ptr<Connection> writer_;

  // Unwrapped contact-wrapping keys, named "tenant|id", and each tenant's names.
  std::mutex wrapping_mutex_;
  std::unordered_map<TenantId, std::set<std::string>> wrapping_names_;
  privacy::LockedKeyCache wrapping_keys_;
  std::mutex rotation_mutex_;  // one rotation at a time

  std::mutex spares_mutex_;
  std::condition_variable spares_changed_;
  std::unordered_map<TenantId, Spares> spares_;
  bool truncate_pending_ = false;
  std::vector<std::pair<TenantId, std::vector<ContactKeyId>>> destroy_pending_;
  bool stopping_ = false;

  std::thread maker_;  // last: starts once everything it uses exists
};

}  // namespace parley::storage::sqlite
