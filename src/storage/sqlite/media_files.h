#pragma once
// The media store's files: DATA_DIR/media/<tenant>/<media id>, each holding one sealed file (the
// rows say whose key opens it). A file is written whole or not at all (a temporary file, fsync,
// rename, fsync of the folder), before the row that names it is committed; files and folders are
// the owner's only (0600, 0700).

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/conversation.h"
#include "core/error.h"
#include "core/ids.h"

namespace parley::storage::sqlite {

class MediaFiles {
 public:
  explicit MediaFiles(std::filesystem::path root) : root_(std::move(root)) {}

  // Internal when the disk refuses; BadRequest for an id that is not one of ours.
  [[nodiscard]] Result<void> write(const TenantId& tenant, const MediaId& id,
                                   std::string_view sealed) const;
  // NotFound when there is no such file.
  [[nodiscard]] Result<std::string> read(const TenantId& tenant, const MediaId& id) const;
  // Best effort: a file that is not there is fine. `temporary`: the half-written file of a write
  // that never finished.
  void remove(const TenantId& tenant, const MediaId& id, bool temporary = false) const;
  // Every file of the tenant: a destroyed tenant's.
  void removeTenant(const TenantId& tenant) const;

  struct Entry {
    TenantId tenant;
    MediaId id;
    bool temporary = false;  // a write that never finished (the process died in it)
    std::chrono::system_clock::time_point written;
  };
  // Every file there is, by its folder and name; anything that is not a name of ours is skipped.
  std::vector<Entry> list() const;

 private:
  Result<std::filesystem::path> pathOf(const TenantId& tenant, const MediaId& id) const;
  std::filesystem::path root_;
};

}  // namespace parley::storage::sqlite
