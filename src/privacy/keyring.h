#pragma once
// Envelope encryption (P5, P10): the master key wraps one key per tenant, a tenant key wraps one
// key per contact, and personal fields are sealed under the narrowest of those. Destroying a
// contact's wrapped key erases that contact's data everywhere it was copied, backups included.
//
// Thread-safe. The master key never leaves this object.

#include <array>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/error.h"
#include "core/ids.h"
#include "privacy/crypto.h"
#include "privacy/locked_key_cache.h"

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
  // Unwraps (and caches, in locked memory) a tenant key. Fails if `wrapped` was not made by this
  // master key for this tenant.
  [[nodiscard]] Result<SecretKey> tenantKey(const TenantId& tenant, std::string_view wrapped) const;
  // The tenant key if it was unwrapped before, without touching storage.
  std::optional<SecretKey> cachedTenantKey(const TenantId& tenant) const;
  void forgetTenantKey(const TenantId& tenant) const;

  // A contact's key, wrapped under `wrapping_key` (its tenant's key, or the tenant's
  // contact-wrapping key once one was made) and bound to the key's id
  // (storage/sqlite/contact_key_store.h keeps them).
  WrappedKey newContactKey(const SecretKey& wrapping_key, const TenantId& tenant,
                           const ContactKeyId& id) const;
  std::string wrapContactKey(const SecretKey& wrapping_key, const TenantId& tenant,
                             const ContactKeyId& id, const SecretKey& key) const;
  [[nodiscard]] Result<SecretKey> contactKey(const SecretKey& wrapping_key, const TenantId& tenant,
                                             const ContactKeyId& id,
                                             std::string_view wrapped) const;

  // A tenant's contact-wrapping key: made by a rotation of the tenant's contact keys, kept in the
  // key store wrapped under the tenant key and bound to tenant and id; it wraps the tenant's
  // contact keys from then on (storage/sqlite/contact_key_store.h).
  WrappedKey newWrappingKey(const SecretKey& tenant_key, const TenantId& tenant,
                            std::string_view id) const;
  [[nodiscard]] Result<SecretKey> wrappingKey(const SecretKey& tenant_key, const TenantId& tenant,
                                              std::string_view id, std::string_view wrapped) const;

  // A tenant key wrapped under this master key (rotate-master-key re-wraps every tenant's).
  std::string wrapTenantKey(const TenantId& tenant, const SecretKey& key) const;

  // The node's own keys (the user-email index, the audit chain, web chat visitors' tokens, media
  // links, sign-in challenges): random keys wrapped under the master key and kept in the data
  // (storage/sqlite/node_keys.h), so that a new master key only re-wraps them. Until the data
  // says otherwise they are derived from the master key, as they were before they were wrapped
  // (data of that time keeps its indexes and chains).
  static constexpr std::array<std::string_view, 5> kNodeKeyNames = {
      "user-email-index", "audit-chain", "widget-visitor", "media-link", "sign-in-challenge"};
  SecretKey derivedNodeKey(std::string_view name) const;
  std::string wrapNodeKey(std::string_view name, const SecretKey& key) const;
  // Fails when `wrapped` was not made under this master key: the sign of a wrong key.
  [[nodiscard]] Result<SecretKey> unwrapNodeKey(std::string_view name,
                                                std::string_view wrapped) const;
  // Puts a node key in place. Only while the data opens, before anything uses the keys.
  void useNodeKey(std::string_view name, const SecretKey& key);

  // Key for blind indexes within one tenant (contacts' email, phone, channel identities).
  static SecretKey tenantIndexKey(const SecretKey& tenant_key);
  // Key for the one node-wide blind index: users' sign-in email.
  const SecretKey& userEmailIndexKey() const { return keys_->user_email_index; }
  // Key that chains the audit log, so a reader of the database cannot forge links.
  const SecretKey& auditChainKey() const { return keys_->audit_chain; }
  // Key that signs web chat visitors' tokens, so a visitor cannot pose as another.
  const SecretKey& widgetVisitorKey() const { return keys_->widget_visitor; }
  // Signs the links providers fetch agents' files through (channels/media_link.h).
  const SecretKey& mediaLinkKey() const { return keys_->media_link; }
  // Signs the challenge between a password and its second factor (api/sign_in_challenge.h), so
  // any node can check it.
  const SecretKey& signInChallengeKey() const { return keys_->sign_in_challenge; }
  // Encrypts backups (backup/backup_archive.h), so a backup file alone reveals nothing. Derived
  // from the master key, not wrapped: a backup must open with the master key alone (after a
  // rotation, older backups need the older key).
  const SecretKey& backupKey() const { return keys_->backup; }

 private:
  // The master key and the node's keys, in memory of their own that is locked (never swapped out)
  // and wiped when it goes (sodium_malloc).
  struct Keys {
    SecretKey master, user_email_index, audit_chain, widget_visitor, media_link, sign_in_challenge,
        backup;
  };
  struct FreeKeys {
    void operator()(Keys* keys) const;
  };
  std::unique_ptr<Keys, FreeKeys> keys_;
  mutable LockedKeyCache tenant_keys_;
};

}  // namespace parley::privacy
