#pragma once
// The audit chains' heads, anchored outside the database (P1): a hash chain alone cannot tell that
// its last entries were dropped, or that an older copy of the database was put back. After each
// commit that extended a chain, its new head (tenant, seq, hash) is noted; every few seconds the
// heads noted are appended to a journal beside the database, one line each with a MAC under the
// chain key, and made durable. `verify-audit` then checks every anchored entry against the chain:
// missing (truncated, rolled back) or different (rolled back and written again) is a break. The
// journal is append-only; operators copy it off the machine with their backups.
//
// Threads: note() from the writer; a thread of its own writes the journal.

#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "core/error.h"
#include "privacy/crypto.h"

namespace parley::storage::sqlite {

class AuditAnchors {
 public:
  AuditAnchors(std::filesystem::path path, const privacy::SecretKey& chain_key);
  // Writes what is noted, then stops.
  ~AuditAnchors();

  void note(const std::string& tenant, int64_t seq, const std::string& hash);
  // Writes what is noted now.
  void flush();

 private:
  void run();
  void write(std::map<std::string, std::pair<int64_t, std::string>> heads);

  std::filesystem::path path_;
  privacy::SecretKey chain_key_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::string, std::pair<int64_t, std::string>> noted_;  // tenant -> seq, hash
  bool stopping_ = false;
  std::mutex write_mutex_;  // one writer of the file at a time (flush() and the thread)
  std::thread thread_;      // last: starts once the rest exists
};

// Every anchor of the journal: tenant -> seq -> hash. A missing journal has none; a line whose MAC
// does not hold is an error naming it.
using AnchoredHeads = std::map<std::string, std::map<int64_t, std::string>>;
[[nodiscard]] Result<AnchoredHeads> readAuditAnchors(const std::filesystem::path& path,
                                                     const privacy::SecretKey& chain_key);

}  // namespace parley::storage::sqlite
