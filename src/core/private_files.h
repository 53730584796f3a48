#pragma once
// Small files that must be whole and private: keys, checksums. Each is made new (it must not
// exist), mode 0600, written and synced before the call returns; syncDirectory() then makes its
// name durable.

#include <filesystem>
#include <string_view>

#include "core/error.h"

namespace parley {

// Internal (naming the file) when it exists already or the disk refuses.
[[nodiscard]] Result<void> writePrivateFile(const std::filesystem::path& path,
                                            std::string_view bytes);
// Best effort: a directory that cannot be synced is no worse than before.
void syncDirectory(const std::filesystem::path& directory);

}  // namespace parley
