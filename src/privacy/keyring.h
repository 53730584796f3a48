#pragma once
// Envelope encryption (P5, P10): the master key wraps one key per tenant, a tenant key wraps one
// key per contact, and personal fields are sealed under the narrowest of those. Destroying a
// contact's wrapped key erases that contact's data everywhere it was copied, backups included.
//
// Thread-safe. The master key never leaves this object.

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/error.h"
#include "core/ids.h"
#include "privacy/crypto.h"

namespace parley::privacy {

class Keyring {
 public:
  explicit Keyring(SecretKey master);

  // The master key comes from `master_hex` (64 hex digits, e.g. PARLEY_MASTER_KEY) when given,
  // otherwise from DATA_DIR/master.key, which is created with mode 0600 when missing. Fails on a
  // malformed key or a key file readable by others.
  [[nodiscard]] static Result<std::unique_ptr<Keyring>> open(
      const std::filesystem::path& data_dir, const std::optional<std::string>& master_hex);
  // The same without making a key: `master_hex` when given, otherwise the key file at
  // `key_file`, which must exist (checking or restoring a backup must not invent a key).
  [[nodiscard]] static Result<std::unique_ptr<Keyring>> openExisting(
      const std::filesystem::path& key_file, const std::optional<std::string>& master_hex);
  // The master key as the key file holds it (64 hex digits and a newline), for a restored data
  // directory.
  std::string masterKeyFileText() const;

  struct WrappedKey {
    SecretKey key;
    std::string wrapped;  // what storage keeps
  };

  WrappedKey newTenantKey(const TenantId& tenant) const;
  // Unwraps (and caches) a tenant key. Fails if `wrapped` was not made by this master key for this
  // tenant.
  [[nodiscard]] Result<SecretKey> tenantKey(const TenantId& tenant, std::string_view wrapped) const;
  // The tenant key if it was unwrapped before, without touching storage.
  std::optional<SecretKey> cachedTenantKey(const TenantId& tenant) const;
  void forgetTenantKey(const TenantId& tenant) const;

  // A contact's key, wrapped under its tenant's key and bound to the key's id
  // (storage/sqlite/contact_key_store.h keeps them).
  WrappedKey newContactKey(const SecretKey& tenant_key, const TenantId& tenant,
                           const ContactKeyId& id) const;
  [[nodiscard]] Result<SecretKey> contactKey(const SecretKey& tenant_key, const TenantId& tenant,
                                             const ContactKeyId& id,
                                             std::string_view wrapped) const;

  // Key for blind indexes within one tenant (contacts' email, phone, channel identities).
  static SecretKey tenantIndexKey(const SecretKey& tenant_key);
  // Key for the one node-wide blind index: users' sign-in email.
  const SecretKey& userEmailIndexKey() const { return user_email_index_key_; }
  // Key that chains the audit log, so a reader of the database cannot forge links.
  const SecretKey& auditChainKey() const { return audit_chain_key_; }
  // Key that signs web chat visitors' tokens, so a visitor cannot pose as another.
  const SecretKey& widgetVisitorKey() const { return widget_visitor_key_; }
  // Signs the links providers fetch agents' files through (channels/media_link.h).
  const SecretKey& mediaLinkKey() const { return media_link_key_; }
  // Signs the challenge between a password and its second factor (api/sign_in_challenge.h), so
  // any node can check it.
  const SecretKey& signInChallengeKey() const { return sign_in_challenge_key_; }
  // Encrypts backups (backup/backup_archive.h), so a backup file alone reveals nothing.
  const SecretKey& backupKey() const { return backup_key_; }

 private:
  SecretKey master_;
  SecretKey user_email_index_key_;
  SecretKey audit_chain_key_;
  SecretKey widget_visitor_key_;
  SecretKey media_link_key_;
  SecretKey sign_in_challenge_key_;
  SecretKey backup_key_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<TenantId, SecretKey> tenant_keys_;
};

}  // namespace parley::privacy
