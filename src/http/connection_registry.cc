#include <vector>

#include "http/server_context.h"

namespace parley::http {

uint64_t ConnectionRegistry::add(Closer closer) {
  std::lock_guard lock(mutex_);
  const uint64_t id = next_id_++;
  closers_.emplace(id, std::move(closer));
  return id;
}

void ConnectionRegistry::remove(uint64_t id) {
  std::lock_guard lock(mutex_);
  closers_.erase(id);
}

void ConnectionRegistry::closeAll() {
  std::vector<Closer> closers;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, closer] : closers_) {
      closers.push_back(closer);
    }
  }
  for (Closer& closer : closers) {
    closer();
  }
}

size_t ConnectionRegistry::size() const {
  std::lock_guard lock(mutex_);
  return closers_.size();
}

}  // namespace parley::http
