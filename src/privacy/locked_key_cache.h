#pragma once
// Keys kept for the life of the process once unwrapped (tenant keys, contact-wrapping keys), in
// memory of their own: locked (never swapped out), guarded and wiped (sodium_malloc), a block of
// kKeysPerBlock at a time so that a node with many tenants does not take a guarded mapping per
// key. Names (tenant ids) are not secret and live in ordinary memory. A key handed out is a copy,
// wiped when it goes (SecretKey).
//
// Thread-safe.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "privacy/crypto.h"

namespace parley::privacy {

class LockedKeyCache {
 public:
  LockedKeyCache() = default;
  LockedKeyCache(const LockedKeyCache&) = delete;
  LockedKeyCache& operator=(const LockedKeyCache&) = delete;
  ~LockedKeyCache();

  std::optional<SecretKey> find(const std::string& name) const;
  void put(const std::string& name, const SecretKey& key);
  // Wipes the key's slot.
  void erase(const std::string& name);

  static constexpr size_t kKeysPerBlock = 128;  // 4 KiB: one page

 private:
  struct Slot {
    unsigned char bytes[kKeyBytes];
  };
  struct FreeBlock {
    void operator()(Slot* block) const;
  };
  Slot& slot(size_t index) const {
    return blocks_[index / kKeysPerBlock].get()[index % kKeysPerBlock];
  }

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Slot, FreeBlock>> blocks_;
  std::vector<size_t> free_;
  std::unordered_map<std::string, size_t> slots_;
};

}  // namespace parley::privacy
