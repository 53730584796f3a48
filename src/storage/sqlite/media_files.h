#pragma once
// The media store's files: DATA_DIR/media/<tenant>/<media id>, each holding one sealed file (the
// rows say whose key opens it). A file is written whole or not at all (a temporary file, fsync,
// rename, fsync of the folder), before the row that names it is committed.

#include <filesystem>
#include <string>
#include <string_view>

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
  // Best effort: a file that is not there is fine.
  void remove(const TenantId& tenant, const MediaId& id) const;

 private:
  Result<std::filesystem::path> pathOf(const TenantId& tenant, const MediaId& id) const;
  std::filesystem::path root_;
};

}  // namespace parley::storage::sqlite
