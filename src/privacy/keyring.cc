#include "privacy/keyring.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <new>
#include <sstream>

namespace parley::privacy {
namespace {

constexpr uint64_t kUserEmailIndexSubkey = 1;
constexpr uint64_t kAuditChainSubkey = 2;
constexpr uint64_t kTenantIndexSubkey = 3;
constexpr uint64_t kWidgetVisitorSubkey = 4;
constexpr uint64_t kMediaLinkSubkey = 5;
constexpr uint64_t kSignInChallengeSubkey = 6;
constexpr uint64_t kBackupSubkey = 7;

std::string tenantKeyContext(const TenantId& tenant) { return "tenant-key|" + tenant.value; }

std::string nodeKeyContext(std::string_view name) { return "node-key|" + std::string(name); }

std::string contactKeyContext(const TenantId& tenant, const ContactKeyId& key) {
  return "contact-key|" + tenant.value + "|" + key.value;
}

std::string wrappingKeyContext(const TenantId& tenant, std::string_view id) {
  return "contact-wrapping-key|" + tenant.value + "|" + std::string(id);
}

Result<SecretKey> parseMasterHex(std::string_view hex) {
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r' || hex.back() == ' ')) {
    hex.remove_suffix(1);
  }
  auto raw = fromHex(hex);
  if (!raw || raw->size() != kKeyBytes) {
    return fail(ErrorCode::BadRequest, "master key must be 64 hex digits");
  }
  return SecretKey(*raw);
}

Result<SecretKey> readKeyFile(const std::filesystem::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return fail(ErrorCode::Internal, "cannot read " + path.string());
  }
  if ((info.st_mode & 077) != 0) {
    return fail(ErrorCode::BadRequest,
                path.string() + " is readable by group or others; chmod 600 it");
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return parseMasterHex(text.str());
}

// Writes a new key durably and atomically: a private temporary file, fsynced, then linked into
// place (link fails if another process won the race, and then its key is the one), then the
// directory fsynced. Losing the key file would make every encrypted field unreadable.
Result<SecretKey> createKeyFile(const std::filesystem::path& path) {
  const SecretKey key = SecretKey::random();
  const std::string text = toHex(key.view()) + "\n";
  const std::filesystem::path temporary = path.string() + ".new-" + toHex(randomBytes(6));
  const int file = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (file < 0) {
    return fail(ErrorCode::Internal, "cannot create " + temporary.string());
  }
  const bool written =
      ::write(file, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
      ::fsync(file) == 0;
  ::close(file);
  const bool linked = written && ::link(temporary.c_str(), path.c_str()) == 0;
  ::unlink(temporary.c_str());
  if (!linked) {
    if (written && errno == EEXIST) {
      return readKeyFile(path);
    }
    return fail(ErrorCode::Internal, "cannot write " + path.string());
  }
  const int directory = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY);
  if (directory >= 0) {
    ::fsync(directory);
    ::close(directory);
  }
  return key;
}

Result<SecretKey> loadOrCreateKeyFile(const std::filesystem::path& path) {
  std::error_code error;
  return std::filesystem::exists(path, error) ? readKeyFile(path) : createKeyFile(path);
}

}  // namespace

void Keyring::FreeKeys::operator()(Keys* keys) const {
  keys->~Keys();  // wipes each key
  sodium_free(keys);
}

Keyring::Keyring(SecretKey master) {
  initCrypto();
  void* memory = sodium_malloc(sizeof(Keys));  // guarded and mlock'd
  if (memory == nullptr) {
    std::abort();  // no memory for keys: nothing can work
  }
  keys_.reset(new (memory) Keys{master, deriveKey(master, kUserEmailIndexSubkey, "useremai"),
                                deriveKey(master, kAuditChainSubkey, "auditchn"),
                                deriveKey(master, kWidgetVisitorSubkey, "widgetvt"),
                                deriveKey(master, kMediaLinkSubkey, "medialnk"),
                                deriveKey(master, kSignInChallengeSubkey, "signinch"),
                                deriveKey(master, kBackupSubkey, "backupky")});
}

Result<std::unique_ptr<Keyring>> Keyring::open(const std::filesystem::path& data_dir,
                                               const std::optional<std::string>& master_hex) {
  Result<SecretKey> master =
      master_hex ? parseMasterHex(*master_hex) : loadOrCreateKeyFile(data_dir / "master.key");
  if (!master) {
    return std::unexpected(master.error());
  }
  return std::make_unique<Keyring>(*master);
}

Result<std::unique_ptr<Keyring>> Keyring::openExisting(
    const std::filesystem::path& key_file, const std::optional<std::string>& master_hex) {
  if (!master_hex) {
    std::error_code error;
    if (!std::filesystem::exists(key_file, error)) {
      return fail(ErrorCode::NotFound, "no master key: " + key_file.string() +
                                           " does not exist and PARLEY_MASTER_KEY is not set");
    }
  }
  Result<SecretKey> master = master_hex ? parseMasterHex(*master_hex) : readKeyFile(key_file);
  if (!master) {
    return std::unexpected(master.error());
  }
  return std::make_unique<Keyring>(*master);
}

std::string Keyring::masterKeyFileText() const { return toHex(keys_->master.view()) + "\n"; }

Keyring::WrappedKey Keyring::newTenantKey(const TenantId& tenant) const {
  SecretKey key = SecretKey::random();
  std::string wrapped = seal(keys_->master, key.view(), tenantKeyContext(tenant));
  return {key, std::move(wrapped)};
}

Result<SecretKey> Keyring::tenantKey(const TenantId& tenant, std::string_view wrapped) const {
  if (auto cached = cachedTenantKey(tenant)) {
    return *cached;
  }
  auto key = unsealKey(keys_->master, wrapped, tenantKeyContext(tenant));
  if (!key) {
    return fail(ErrorCode::Internal, "tenant key does not unwrap under this master key");
  }
  tenant_keys_.put(tenant.value, *key);
  return std::move(*key);
}

std::optional<SecretKey> Keyring::cachedTenantKey(const TenantId& tenant) const {
  return tenant_keys_.find(tenant.value);
}

void Keyring::forgetTenantKey(const TenantId& tenant) const { tenant_keys_.erase(tenant.value); }

std::string Keyring::wrapTenantKey(const TenantId& tenant, const SecretKey& key) const {
  return seal(keys_->master, key.view(), tenantKeyContext(tenant));
}

SecretKey Keyring::derivedNodeKey(std::string_view name) const {
  if (name == "user-email-index")
    return deriveKey(keys_->master, kUserEmailIndexSubkey, "useremai");
  if (name == "audit-chain") return deriveKey(keys_->master, kAuditChainSubkey, "auditchn");
  if (name == "widget-visitor") return deriveKey(keys_->master, kWidgetVisitorSubkey, "widgetvt");
  if (name == "media-link") return deriveKey(keys_->master, kMediaLinkSubkey, "medialnk");
  return deriveKey(keys_->master, kSignInChallengeSubkey, "signinch");
}

std::string Keyring::wrapNodeKey(std::string_view name, const SecretKey& key) const {
  return seal(keys_->master, key.view(), nodeKeyContext(name));
}

Result<SecretKey> Keyring::unwrapNodeKey(std::string_view name, std::string_view wrapped) const {
  auto key = unsealKey(keys_->master, wrapped, nodeKeyContext(name));
  if (!key) {
    return fail(ErrorCode::Unauthenticated, "node key does not unwrap under this master key");
  }
  return std::move(*key);
}

void Keyring::useNodeKey(std::string_view name, const SecretKey& key) {
  SecretKey* slot = name == "user-email-index" ? &keys_->user_email_index
                    : name == "audit-chain"    ? &keys_->audit_chain
                    : name == "widget-visitor" ? &keys_->widget_visitor
                    : name == "media-link"     ? &keys_->media_link
                                               : &keys_->sign_in_challenge;
  *slot = key;
}

Keyring::WrappedKey Keyring::newContactKey(const SecretKey& wrapping_key, const TenantId& tenant,
                                           const ContactKeyId& id) const {
  SecretKey key = SecretKey::random();
  std::string wrapped = wrapContactKey(wrapping_key, tenant, id, key);
  return {key, std::move(wrapped)};
}

std::string Keyring::wrapContactKey(const SecretKey& wrapping_key, const TenantId& tenant,
                                    const ContactKeyId& id, const SecretKey& key) const {
  return seal(wrapping_key, key.view(), contactKeyContext(tenant, id));
}

Keyring::WrappedKey Keyring::newWrappingKey(const SecretKey& tenant_key, const TenantId& tenant,
                                            std::string_view id) const {
  SecretKey key = SecretKey::random();
  std::string wrapped = seal(tenant_key, key.view(), wrappingKeyContext(tenant, id));
  return {key, std::move(wrapped)};
}

Result<SecretKey> Keyring::wrappingKey(const SecretKey& tenant_key, const TenantId& tenant,
                                       std::string_view id, std::string_view wrapped) const {
  auto key = unsealKey(tenant_key, wrapped, wrappingKeyContext(tenant, id));
  if (!key) {
    return fail(ErrorCode::Internal, "contact-wrapping key does not unwrap under the tenant key");
  }
  return std::move(*key);
}

Result<SecretKey> Keyring::contactKey(const SecretKey& wrapping_key, const TenantId& tenant,
                                      const ContactKeyId& id, std::string_view wrapped) const {
  auto key = unsealKey(wrapping_key, wrapped, contactKeyContext(tenant, id));
  if (!key) {
    return fail(ErrorCode::Internal, "contact key does not unwrap");
  }
  return std::move(*key);
}

SecretKey Keyring::tenantIndexKey(const SecretKey& tenant_key) {
  return deriveKey(tenant_key, kTenantIndexSubkey, "blindidx");
}

}  // namespace parley::privacy
