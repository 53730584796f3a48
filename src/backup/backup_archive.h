#pragma once
// One backup file: named files (a database snapshot, media files) and a manifest, encrypted and
// authenticated as one stream, so that a backup alone reveals nothing and any change to it, a cut
// included, is found.
//
// Layout:
//   "PARLEY-BACKUP\0v1" (16 bytes)
//   u32 length, then that many bytes of plain JSON: {"kind":"data"|"keys","createdAt":…}
//   libsodium secretstream (XChaCha20-Poly1305) header, 24 bytes
//   chunks, each a u32 length and that many bytes of ciphertext (1 MiB of plaintext at most); the
//   first binds the magic and the plain header as associated data; the last is tagged final.
// The plaintext is a sequence of records, integers little-endian:
//   'F', u16 name length, name, u64 size, the file's bytes;
//   'P', u16 name length, name, then pieces (u32 length, u64 offset, the bytes) ended by a u32 0,
//        then u64 size: a file written at offsets, a later piece over an earlier one (a database
//        as SQLite streams it, database_snapshot.h);
//   and last 'M', u32 length, the manifest JSON: every file's name and size, and the header's
//   fields.
// The stream authenticates every byte; beside each backup FILE, FILE.sha256 holds the SHA-256 of
// the whole file in `sha256sum` format, to check copies without the key.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "privacy/crypto.h"

namespace parley::backup {

enum class ArchiveKind { Data, Keys };
std::string_view archiveKindName(ArchiveKind kind);

struct ArchiveHeader {
  ArchiveKind kind = ArchiveKind::Data;
  TimePoint created_at;
};

struct ArchivedFile {
  std::string name;  // a relative path within the data directory ("media/<tenant>/<id>")
  uint64_t bytes = 0;
};

struct Manifest {
  ArchiveHeader header;
  std::vector<ArchivedFile> files;
};

struct WrittenArchive {
  uint64_t bytes = 0;  // of the encrypted file
  std::string sha256;  // hex, of the encrypted file
  Manifest manifest;
};

class ArchiveWriter {
 public:
  // Creates `path` (0600; it must not exist).
  [[nodiscard]] static Result<std::unique_ptr<ArchiveWriter>> create(
      const std::filesystem::path& path, const privacy::SecretKey& key, ArchiveHeader header);
  ~ArchiveWriter();

  [[nodiscard]] Result<void> addFile(const std::string& name, const std::filesystem::path& source);
  [[nodiscard]] Result<void> addBytes(const std::string& name, std::string_view bytes);
  // A file given in pieces at offsets, ended by its size.
  [[nodiscard]] Result<void> beginPieces(const std::string& name);
  [[nodiscard]] Result<void> addPiece(uint64_t offset, std::string_view bytes);
  [[nodiscard]] Result<void> endPieces(uint64_t size);
  // Writes the manifest and the final chunk, and syncs the file.
  [[nodiscard]] Result<WrittenArchive> finish();

 private:
  struct State;
  explicit ArchiveWriter(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Where a file's bytes go while an archive is read.
class FileSink {
 public:
  virtual ~FileSink() = default;
  [[nodiscard]] virtual Result<void> write(uint64_t offset, std::string_view bytes) = 0;
  // The file is whole: `size` bytes.
  [[nodiscard]] virtual Result<void> close(uint64_t size) = 0;
};
// Called as each file starts: where its bytes go, or nullptr to only check them.
using OpenSink =
    std::function<Result<std::unique_ptr<FileSink>>(const std::string& name, uint64_t bytes)>;
// A sink writing a new file (0600, its folders 0700), synced when closed.
[[nodiscard]] Result<std::unique_ptr<FileSink>> newFileSink(const std::filesystem::path& path);

// Reads, decrypts and checks the whole archive, handing each file to `open_sink`. Fails with
// ValidationFailed when the file is not a backup, was made under another key, was changed or cut,
// or its manifest does not match what it holds. Sinks may have been written by then: the caller
// removes what they wrote.
[[nodiscard]] Result<Manifest> readArchive(const std::filesystem::path& path,
                                           const privacy::SecretKey& key,
                                           const OpenSink& open_sink);
// Only the plain header (no key needed).
[[nodiscard]] Result<ArchiveHeader> readArchiveHeader(const std::filesystem::path& path);

// An archive around `records` as they are, whatever they hold (tests and the fuzz target: to try
// the record reader past the encryption).
std::string sealRecordsForTesting(const privacy::SecretKey& key, ArchiveHeader header,
                                  std::string_view records);

// The same reading over bytes in memory (for the fuzz target).
[[nodiscard]] Result<Manifest> readArchiveBytes(std::string_view bytes,
                                                const privacy::SecretKey& key);

}  // namespace parley::backup
