#pragma once
// The built web UI, loaded into memory at start: content type, a strong ETag, and the gzip variant
// that the build wrote beside each file. Unknown paths without a file extension get index.html, so
// the UI's own routes survive a reload. Thread-safe after construction (read-only).

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace parley::http {

struct StaticFile {
  std::string content_type;
  std::string etag;  // quoted, strong
  std::string body;
  std::optional<std::string> gzip_body;
  bool immutable = false;  // hashed asset names never change content
};

class StaticFiles {
 public:
  // Loads every file under `root` (nothing when root is empty or missing).
  explicit StaticFiles(const std::filesystem::path& root);

  const StaticFile* find(std::string_view path) const;
  size_t size() const { return files_.size(); }

 private:
  std::unordered_map<std::string, StaticFile> files_;
};

}  // namespace parley::http
