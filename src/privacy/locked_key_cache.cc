#include "privacy/locked_key_cache.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>

namespace parley::privacy {

void LockedKeyCache::FreeBlock::operator()(Slot* block) const {
  sodium_free(block);  // wipes it
}

LockedKeyCache::~LockedKeyCache() = default;

std::optional<SecretKey> LockedKeyCache::find(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto found = slots_.find(name);
  if (found == slots_.end()) {
    return std::nullopt;
  }
  const Slot& key = slot(found->second);
  return SecretKey(std::string_view(reinterpret_cast<const char*>(key.bytes), kKeyBytes));
}

void LockedKeyCache::put(const std::string& name, const SecretKey& key) {
  std::lock_guard lock(mutex_);
  auto found = slots_.find(name);
  if (found == slots_.end()) {
    if (free_.empty()) {
      initCrypto();                                                   // sodium_malloc needs it
      void* memory = sodium_allocarray(kKeysPerBlock, sizeof(Slot));  // guarded and mlock'd
      if (memory == nullptr) {
        std::abort();  // no memory for keys: nothing can work
      }
      const size_t first = blocks_.size() * kKeysPerBlock;
      blocks_.emplace_back(static_cast<Slot*>(memory));
      for (size_t index = first + kKeysPerBlock; index > first; --index) {
        free_.push_back(index - 1);
      }
    }
    found = slots_.emplace(name, free_.back()).first;
    free_.pop_back();
  }
  std::memcpy(slot(found->second).bytes, key.data(), kKeyBytes);
}

void LockedKeyCache::erase(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto found = slots_.find(name);
  if (found == slots_.end()) {
    return;
  }
  sodium_memzero(slot(found->second).bytes, kKeyBytes);
  free_.push_back(found->second);
  slots_.erase(found);
}

}  // namespace parley::privacy
