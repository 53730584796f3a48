// Fuzz target: backup files as `parley admin verify-backup` and `restore` read them. The input is
// either a whole file (the preamble, the encryption framing) or, past the encryption, the records
// inside a validly sealed stream (names, sizes, pieces, the manifest). Any input must give a
// manifest that matches what was read, or a ValidationFailed error; never a crash, a hang or a
// name that leaves the directory.

#include <cstdlib>
#include <string>
#include <vector>

#include "backup/backup_archive.h"

namespace {

const parley::privacy::SecretKey& fuzzKey() {
  static const parley::privacy::SecretKey key(std::string(32, 'k'));
  return key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) {
    return 0;
  }
  parley::privacy::initCrypto();
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const parley::backup::ArchiveHeader header{parley::backup::ArchiveKind::Data,
                                             parley::TimePoint{}};
  const std::string bytes = data[0] % 2 == 0
                                ? parley::backup::sealRecordsForTesting(fuzzKey(), header, input)
                                : std::string(input);
  auto manifest = parley::backup::readArchiveBytes(bytes, fuzzKey());
  if (manifest) {
    for (const auto& file : manifest->files) {
      if (file.name.empty() || file.name.front() == '/' ||
          file.name.find("..") != std::string::npos) {
        std::abort();
      }
    }
  } else if (manifest.error().code != parley::ErrorCode::ValidationFailed) {
    std::abort();
  }
  return 0;
}

std::vector<std::string> fuzzSeeds() {
  const std::string manifest =
      R"({"kind":"data","createdAt":"1970-01-01T00:00:00.000Z","files":[{"name":"a","bytes":2},)"
      R"({"name":"parley.db","bytes":8}]})";
  const auto u32 = [](uint32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); };
  const auto u64 = [](uint64_t v) { return std::string(reinterpret_cast<const char*>(&v), 8); };
  const std::string records = "F" + std::string("\x01\x00", 2) + "a" + u64(2) + "hi" + "P" +
                              std::string("\x09\x00", 2) + "parley.db" + u32(4) + u64(4) + "wxyz" +
                              u32(0) + u64(8) + "M" + u32(manifest.size()) + manifest;
  const std::string sealed(1, '\0');  // a first byte that asks for the records to be sealed
  return {sealed + records, sealed + records.substr(0, 20), "\x01PARLEY-BACKUP",
          sealed + "M" + u32(2) + "{}"};
}
