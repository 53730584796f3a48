#include "backup/backup_set.h"

#include <algorithm>
#include <ctime>

namespace parley::backup {
namespace {

constexpr std::string_view kExtension = ".pbk";

std::string_view prefixOf(ArchiveKind kind) {
  return kind == ArchiveKind::Data ? "parley-data-" : "parley-keys-";
}

// "20261207T030000.123Z" and back.
std::string stamp(TimePoint at) {
  const std::string iso = formatRfc3339(at);  // 2026-12-07T03:00:00.123Z
  std::string out;
  for (char c : iso) {
    if (c != '-' && c != ':') {
      out.push_back(c);
    }
  }
  return out;
}

std::optional<TimePoint> parseStamp(std::string_view text) {
  // 20261207T030000.123Z
  if (text.size() != 20 || text[8] != 'T' || text[15] != '.' || text[19] != 'Z') {
    return std::nullopt;
  }
  const std::string iso = std::string(text.substr(0, 4)) + "-" + std::string(text.substr(4, 2)) +
                          "-" + std::string(text.substr(6, 2)) + "T" +
                          std::string(text.substr(9, 2)) + ":" + std::string(text.substr(11, 2)) +
                          ":" + std::string(text.substr(13, 2)) + std::string(text.substr(15));
  return parseRfc3339(iso);
}

}  // namespace

std::filesystem::path backupPath(const std::filesystem::path& directory, ArchiveKind kind,
                                 TimePoint at) {
  return directory / (std::string(prefixOf(kind)) + stamp(at) + std::string(kExtension));
}

std::vector<StoredBackup> listBackups(const std::filesystem::path& directory) {
  std::vector<StoredBackup> found;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(kExtension) || !entry.is_regular_file(error)) {
      continue;
    }
    for (ArchiveKind kind : {ArchiveKind::Data, ArchiveKind::Keys}) {
      const std::string_view prefix = prefixOf(kind);
      if (!name.starts_with(prefix)) {
        continue;
      }
      const std::string_view middle = std::string_view(name).substr(
          prefix.size(), name.size() - prefix.size() - kExtension.size());
      if (auto at = parseStamp(middle)) {
        found.push_back({kind, *at, entry.path(), entry.file_size(error)});
      }
    }
  }
  std::sort(found.begin(), found.end(), [](const StoredBackup& a, const StoredBackup& b) {
    return a.at != b.at ? a.at < b.at : a.kind < b.kind;  // a data file before its key store's
  });
  return found;
}

size_t pruneBackups(const std::filesystem::path& directory, ArchiveKind kind, size_t keep) {
  std::vector<StoredBackup> of_kind;
  for (StoredBackup& backup : listBackups(directory)) {
    if (backup.kind == kind) {
      of_kind.push_back(std::move(backup));
    }
  }
  size_t removed = 0;
  std::error_code error;
  for (size_t i = 0; i + keep < of_kind.size(); ++i) {
    std::filesystem::remove(of_kind[i].path.string() + ".sha256", error);
    if (std::filesystem::remove(of_kind[i].path, error)) {
      ++removed;
    }
  }
  return removed;
}

std::optional<StoredBackup> newestKeysBackup(const std::filesystem::path& directory, TimePoint at) {
  std::optional<StoredBackup> newest;
  for (StoredBackup& backup : listBackups(directory)) {
    if (backup.kind == ArchiveKind::Keys && backup.at >= at) {
      newest = std::move(backup);
    }
  }
  return newest;
}

}  // namespace parley::backup
