#include "storage/sqlite/reader_pool.h"

#include <spdlog/spdlog.h>

namespace parley::storage::sqlite {

std::unique_ptr<Connection> ReaderPool::checkout() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto reader = std::move(idle_.back());
      idle_.pop_back();
      return reader;
    }
  }
  auto opened = Connection::open(path_, Connection::Mode::ReadOnly);
  if (!opened) {
    spdlog::error("storage: {}", opened.error().message);
    return nullptr;
  }
  return std::move(*opened);
}

void ReaderPool::checkin(std::unique_ptr<Connection> reader) {
  std::lock_guard lock(mutex_);
  if (idle_.size() < max_idle_) {
    idle_.push_back(std::move(reader));
  }
}

}  // namespace parley::storage::sqlite
