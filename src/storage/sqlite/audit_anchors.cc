#include "storage/sqlite/audit_anchors.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <sstream>

namespace parley::storage::sqlite {
namespace {

constexpr std::chrono::seconds kWriteEvery{5};

std::string anchorMac(const privacy::SecretKey& key, std::string_view tenant, int64_t seq,
                      std::string_view hash) {
  return privacy::keyedHash(key, "audit-anchor\n" + std::string(tenant) + "\n" +
                                     std::to_string(seq) + "\n" + std::string(hash));
}

}  // namespace

AuditAnchors::AuditAnchors(std::filesystem::path path, const privacy::SecretKey& chain_key)
    : path_(std::move(path)), chain_key_(chain_key), thread_([this] { run(); }) {}

AuditAnchors::~AuditAnchors() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  flush();
}

void AuditAnchors::note(const std::string& tenant, int64_t seq, const std::string& hash) {
  std::lock_guard lock(mutex_);
  noted_.insert_or_assign(tenant, std::pair{seq, hash});
}

void AuditAnchors::flush() {
  std::map<std::string, std::pair<int64_t, std::string>> heads;
  {
    std::lock_guard lock(mutex_);
    heads.swap(noted_);
  }
  if (!heads.empty()) {
    write(std::move(heads));
  }
}

void AuditAnchors::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, kWriteEvery, [this] { return stopping_; });
    lock.unlock();
    flush();
    lock.lock();
  }
}

void AuditAnchors::write(std::map<std::string, std::pair<int64_t, std::string>> heads) {
  std::string lines;
  for (const auto& [tenant, head] : heads) {
    lines += tenant + " " + std::to_string(head.first) + " " + privacy::toHex(head.second) + " " +
             privacy::toHex(anchorMac(chain_key_, tenant, head.first, head.second)) + "\n";
  }
  std::lock_guard lock(write_mutex_);
  const int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    spdlog::error("audit anchors: cannot open {}", path_.string());
    return;
  }
  // The server and an operator's command may both append: one at a time.
  if (::flock(fd, LOCK_EX) == 0) {
    // A line a crash cut short goes first, or the next one would be glued to it.
    off_t end = ::lseek(fd, 0, SEEK_END);
    char last = '\n';
    while (end > 0 && ::pread(fd, &last, 1, end - 1) == 1 && last != '\n') {
      --end;
    }
    if (end >= 0 && ::ftruncate(fd, end) == 0 &&
        ::pwrite(fd, lines.data(), lines.size(), end) == static_cast<ssize_t>(lines.size()) &&
        ::fdatasync(fd) == 0) {
      ::close(fd);  // releases the lock
      return;
    }
  }
  spdlog::error("audit anchors: cannot write {}", path_.string());
  ::close(fd);
}

Result<AnchoredHeads> readAuditAnchors(const std::filesystem::path& path,
                                       const privacy::SecretKey& chain_key) {
  AnchoredHeads anchors;
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return anchors;
  }
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  // A last line without its newline is a write a crash cut short: not an anchor.
  text.erase(text.find_last_of('\n') == std::string::npos ? 0 : text.find_last_of('\n') + 1);
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    std::istringstream fields(line);
    std::string tenant, hash_hex, mac_hex;
    int64_t seq = 0;
    if (!(fields >> tenant >> seq >> hash_hex >> mac_hex)) {
      return fail(ErrorCode::Internal,
                  "audit anchors: line " + std::to_string(number) + " is malformed");
    }
    auto hash = privacy::fromHex(hash_hex);
    auto mac = privacy::fromHex(mac_hex);
    if (!hash || !mac ||
        !privacy::equalsConstantTime(*mac, anchorMac(chain_key, tenant, seq, *hash))) {
      return fail(ErrorCode::Internal,
                  "audit anchors: line " + std::to_string(number) + " was altered");
    }
    anchors[tenant].insert_or_assign(seq, std::move(*hash));
  }
  return anchors;
}

}  // namespace parley::storage::sqlite
