#include "backup/backup_archive.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/json/json_reader.h"
#include "core/json/json_writer.h"

namespace parley::backup {
namespace {

constexpr std::string_view kMagic{"PARLEY-BACKUP\0v1", 16};
constexpr size_t kChunk = 1 << 20;  // plaintext bytes per chunk
constexpr size_t kMaxHeader = 4096;
constexpr size_t kMaxName = 4096;
constexpr size_t kMaxManifest = 256 << 20;
constexpr size_t kStreamHeader = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
constexpr size_t kTagBytes = crypto_secretstream_xchacha20poly1305_ABYTES;

Error damaged(std::string_view why) {
  return {ErrorCode::ValidationFailed, "not a readable Parley backup: " + std::string(why)};
}

std::string little(uint64_t value, size_t bytes) {
  std::string out(bytes, '\0');
  for (size_t i = 0; i < bytes; ++i) {
    out[i] = static_cast<char>((value >> (8 * i)) & 0xff);
  }
  return out;
}

uint64_t fromLittle(std::string_view bytes) {
  uint64_t value = 0;
  for (size_t i = bytes.size(); i-- > 0;) {
    value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  }
  return value;
}

// Streaming SHA-256 (OpenSSL uses the CPU's SHA instructions).
class Sha256 {
 public:
  Sha256() : context_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(context_, EVP_sha256(), nullptr); }
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  ~Sha256() { EVP_MD_CTX_free(context_); }
  void update(std::string_view bytes) { EVP_DigestUpdate(context_, bytes.data(), bytes.size()); }
  std::string hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(context_, digest, &length);
    return privacy::toHex({reinterpret_cast<const char*>(digest), length});
  }

 private:
  EVP_MD_CTX* context_;
};

std::string headerJson(const ArchiveHeader& header) {
  JsonWriter json;
  json.beginObject()
      .field("kind", archiveKindName(header.kind))
      .field("createdAt", formatRfc3339(header.created_at))
      .endObject();
  return json.take();
}

Result<ArchiveHeader> parseHeader(std::string_view text) {
  auto object = JsonObject::parse(text);
  if (!object) {
    return std::unexpected(damaged("its header is not JSON"));
  }
  auto kind = object->requiredString("kind", 16);
  auto created = object->requiredString("createdAt", 64);
  if (!kind || !created) {
    return std::unexpected(damaged("its header lacks kind or createdAt"));
  }
  ArchiveHeader header;
  if (*kind == "data") {
    header.kind = ArchiveKind::Data;
  } else if (*kind == "keys") {
    header.kind = ArchiveKind::Keys;
  } else {
    return std::unexpected(damaged("unknown kind " + *kind));
  }
  auto at = parseRfc3339(*created);
  if (!at) {
    return std::unexpected(damaged("createdAt is not a time"));
  }
  header.created_at = *at;
  return header;
}

std::string manifestJson(const Manifest& manifest) {
  JsonWriter json;
  json.beginObject()
      .field("kind", archiveKindName(manifest.header.kind))
      .field("createdAt", formatRfc3339(manifest.header.created_at))
      .key("files")
      .beginArray();
  for (const ArchivedFile& file : manifest.files) {
    json.beginObject()
        .field("name", file.name)
        .key("bytes")
        .number(static_cast<int64_t>(file.bytes))
        .endObject();
  }
  json.endArray().endObject();
  return json.take();
}

Result<Manifest> parseManifest(std::string_view text) {
  auto object = JsonObject::parse(text);
  if (!object) {
    return std::unexpected(damaged("its manifest is not JSON"));
  }
  auto header = parseHeader(text);
  if (!header) {
    return std::unexpected(header.error());
  }
  auto files = object->objects("files", 10'000'000);
  if (!files) {
    return std::unexpected(damaged("its manifest lists no files"));
  }
  Manifest manifest{*header, {}};
  for (const JsonObject& entry : *files) {
    auto name = entry.requiredString("name", kMaxName);
    auto bytes = entry.optionalInteger("bytes", 0, INT64_MAX);
    if (!name || !bytes || !*bytes) {
      return std::unexpected(damaged("a manifest entry lacks name or bytes"));
    }
    manifest.files.push_back({*name, static_cast<uint64_t>(**bytes)});
  }
  return manifest;
}

Result<void> writeAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) {
      continue;
    }
    if (written <= 0) {
      return fail(ErrorCode::Internal, std::string("cannot write the backup: ") +
                                           std::strerror(written < 0 ? errno : ENOSPC));
    }
    bytes.remove_prefix(static_cast<size_t>(written));
  }
  return {};
}

class FileWriteSink final : public FileSink {
 public:
  explicit FileWriteSink(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  ~FileWriteSink() override {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  Result<void> write(uint64_t offset, std::string_view bytes) override {
    while (!bytes.empty()) {
      const ssize_t written = ::pwrite(fd_, bytes.data(), bytes.size(), static_cast<off_t>(offset));
      if (written < 0 && errno == EINTR) {
        continue;
      }
      if (written <= 0) {
        return fail(ErrorCode::Internal, "cannot write " + path_.string() + ": " +
                                             std::strerror(written < 0 ? errno : ENOSPC));
      }
      bytes.remove_prefix(static_cast<size_t>(written));
      offset += static_cast<uint64_t>(written);
    }
    return {};
  }
  Result<void> close(uint64_t size) override {
    const bool done = ::ftruncate(fd_, static_cast<off_t>(size)) == 0 && ::fsync(fd_) == 0;
    ::close(fd_);
    fd_ = -1;
    if (!done) {
      return fail(ErrorCode::Internal, "cannot write " + path_.string());
    }
    return {};
  }

 private:
  int fd_;
  std::filesystem::path path_;
};

// Bytes of an archive, from a file or from memory.
class Source {
 public:
  virtual ~Source() = default;
  // Fills `out` with up to `count` bytes; fewer only at the end.
  virtual Result<std::string> read(size_t count) = 0;
};

class FileSource final : public Source {
 public:
  explicit FileSource(int fd) : fd_(fd) {}
  ~FileSource() override { ::close(fd_); }
  Result<std::string> read(size_t count) override {
    std::string out(count, '\0');
    size_t filled = 0;
    while (filled < count) {
      const ssize_t got = ::read(fd_, out.data() + filled, count - filled);
      if (got < 0 && errno == EINTR) {
        continue;
      }
      if (got < 0) {
        return fail(ErrorCode::Internal, std::string("cannot read: ") + std::strerror(errno));
      }
      if (got == 0) {
        break;
      }
      filled += static_cast<size_t>(got);
    }
    out.resize(filled);
    return out;
  }

 private:
  int fd_;
};

class MemorySource final : public Source {
 public:
  explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
  Result<std::string> read(size_t count) override {
    const std::string_view taken = bytes_.substr(0, count);
    bytes_.remove_prefix(taken.size());
    return std::string(taken);
  }

 private:
  std::string_view bytes_;
};

Result<std::string> readExactly(Source& source, size_t count, std::string_view what) {
  auto bytes = source.read(count);
  if (!bytes) {
    return std::unexpected(bytes.error());
  }
  if (bytes->size() != count) {
    return std::unexpected(damaged("it ends inside " + std::string(what)));
  }
  return bytes;
}

// The magic and the plain header; returns the header and the associated data of the first chunk.
Result<std::pair<ArchiveHeader, std::string>> readPreamble(Source& source) {
  auto magic = source.read(kMagic.size());
  if (!magic) {
    return std::unexpected(magic.error());
  }
  if (*magic != kMagic) {
    return std::unexpected(damaged("it does not start as one"));
  }
  auto length = readExactly(source, 4, "its header");
  if (!length) {
    return std::unexpected(length.error());
  }
  const uint64_t header_bytes = fromLittle(*length);
  if (header_bytes > kMaxHeader) {
    return std::unexpected(damaged("its header is too long"));
  }
  auto text = readExactly(source, header_bytes, "its header");
  if (!text) {
    return std::unexpected(text.error());
  }
  auto header = parseHeader(*text);
  if (!header) {
    return std::unexpected(header.error());
  }
  return std::pair{*header, std::string(kMagic) + *length + *text};
}

// The decrypted stream, pulled chunk by chunk.
class PlainReader {
 public:
  PlainReader(Source& source, std::string first_associated)
      : source_(source), associated_(std::move(first_associated)) {}

  Result<void> start(const privacy::SecretKey& key) {
    auto header = readExactly(source_, kStreamHeader, "its encryption header");
    if (!header) {
      return std::unexpected(header.error());
    }
    if (crypto_secretstream_xchacha20poly1305_init_pull(
            &state_, reinterpret_cast<const unsigned char*>(header->data()), key.data()) != 0) {
      return std::unexpected(damaged("its encryption header is invalid"));
    }
    return {};
  }

  // Exactly `count` bytes of plaintext.
  Result<std::string> take(size_t count, std::string_view what) {
    std::string out;
    while (out.size() < count) {
      auto available = next(count - out.size(), what);
      if (!available) {
        return std::unexpected(available.error());
      }
      out.append(*available);
    }
    return out;
  }

  // Up to `most` bytes (at least one) of plaintext.
  Result<std::string_view> next(size_t most, std::string_view what) {
    if (position_ == plain_.size()) {
      if (auto pulled = pull(what); !pulled) {
        return std::unexpected(pulled.error());
      }
      if (plain_.empty()) {  // the final chunk, empty
        return std::unexpected(damaged("it ends inside " + std::string(what)));
      }
    }
    const size_t count = std::min(most, plain_.size() - position_);
    std::string_view out(plain_.data() + position_, count);
    position_ += count;
    return out;
  }

  // The stream is over: its final chunk was read whole and nothing follows it.
  Result<void> finish() {
    if (position_ == plain_.size() && !final_) {  // the final chunk may be an empty one
      if (auto pulled = pull("its end"); !pulled) {
        return std::unexpected(pulled.error());
      }
    }
    if (position_ != plain_.size() || !final_) {
      return std::unexpected(damaged("data follows its manifest"));
    }
    auto more = source_.read(1);
    if (!more) {
      return std::unexpected(more.error());
    }
    if (!more->empty()) {
      return std::unexpected(damaged("bytes follow its end"));
    }
    return {};
  }

 private:
  Result<void> pull(std::string_view what) {
    if (final_) {
      return std::unexpected(damaged("it ends inside " + std::string(what)));
    }
    auto length_bytes = source_.read(4);
    if (!length_bytes) {
      return std::unexpected(length_bytes.error());
    }
    if (length_bytes->size() != 4) {
      return std::unexpected(damaged("it is cut short (inside " + std::string(what) + ")"));
    }
    const uint64_t length = fromLittle(*length_bytes);
    if (length < kTagBytes || length > kChunk + kTagBytes) {
      return std::unexpected(damaged("a chunk has an impossible length"));
    }
    auto cipher = readExactly(source_, length, "a chunk");
    if (!cipher) {
      return std::unexpected(cipher.error());
    }
    plain_.resize(length - kTagBytes);
    unsigned long long plain_length = 0;
    unsigned char tag = 0;
    const auto* associated = reinterpret_cast<const unsigned char*>(associated_.data());
    if (crypto_secretstream_xchacha20poly1305_pull(
            &state_, reinterpret_cast<unsigned char*>(plain_.data()), &plain_length, &tag,
            reinterpret_cast<const unsigned char*>(cipher->data()), cipher->size(), associated,
            associated_.size()) != 0) {
      return std::unexpected(
          damaged("it was made with another master key, or changed after it was written"));
    }
    associated_.clear();
    plain_.resize(plain_length);
    position_ = 0;
    final_ = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    if (plain_.empty() && !final_) {
      return std::unexpected(damaged("an empty chunk"));
    }
    return {};
  }
  Source& source_;
  std::string associated_;
  crypto_secretstream_xchacha20poly1305_state state_{};
  std::string plain_;
  size_t position_ = 0;
  bool final_ = false;
};

bool isSafeName(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find('\0') != std::string_view::npos) {
    return false;
  }
  for (const auto& part : std::filesystem::path(name)) {
    if (part == ".." || part == "." || part.empty()) {
      return false;
    }
  }
  return true;
}

// A record's file name, checked.
Result<std::string> readName(PlainReader& reader) {
  auto name_length = reader.take(2, "a file name");
  if (!name_length) {
    return std::unexpected(name_length.error());
  }
  auto name = reader.take(fromLittle(*name_length), "a file name");
  if (!name) {
    return std::unexpected(name.error());
  }
  if (!isSafeName(*name)) {
    return std::unexpected(damaged("a file name leaves the data directory"));
  }
  return name;
}

// The sink for a file (none when only checking).
Result<std::unique_ptr<FileSink>> sinkFor(const OpenSink& open_sink, const std::string& name,
                                          uint64_t size) {
  if (!open_sink) {
    return nullptr;
  }
  return open_sink(name, size);
}

// `count` bytes of the stream into `sink` (when there is one) from `offset` on.
Result<void> copyInto(PlainReader& reader, FileSink* sink, uint64_t offset, uint64_t count,
                      std::string_view what) {
  for (uint64_t left = count; left > 0;) {
    auto piece = reader.next(std::min<uint64_t>(left, kChunk), what);
    if (!piece) {
      return std::unexpected(piece.error());
    }
    if (sink) {
      if (auto written = sink->write(offset, *piece); !written) {
        return written;
      }
    }
    offset += piece->size();
    left -= piece->size();
  }
  return {};
}

// An 'F' record after its type: returns the file as listed.
Result<ArchivedFile> readWholeFile(PlainReader& reader, const OpenSink& open_sink) {
  auto name = readName(reader);
  if (!name) {
    return std::unexpected(name.error());
  }
  auto size_bytes = reader.take(8, "a file size");
  if (!size_bytes) {
    return std::unexpected(size_bytes.error());
  }
  const uint64_t size = fromLittle(*size_bytes);
  auto sink = sinkFor(open_sink, *name, size);
  if (!sink) {
    return std::unexpected(sink.error());
  }
  if (auto copied = copyInto(reader, sink->get(), 0, size, *name); !copied) {
    return std::unexpected(copied.error());
  }
  if (*sink) {
    if (auto closed = (*sink)->close(size); !closed) {
      return std::unexpected(closed.error());
    }
  }
  return ArchivedFile{*name, size};
}

// A 'P' record after its type.
Result<ArchivedFile> readPiecedFile(PlainReader& reader, const OpenSink& open_sink) {
  auto read_name = readName(reader);
  if (!read_name) {
    return std::unexpected(read_name.error());
  }
  const std::string& name = *read_name;
  auto opened = sinkFor(open_sink, name, 0);
  if (!opened) {
    return std::unexpected(opened.error());
  }
  FileSink* sink = opened->get();
  uint64_t end = 0;
  for (;;) {
    auto length = reader.take(4, "a piece");
    if (!length) {
      return std::unexpected(length.error());
    }
    const uint64_t count = fromLittle(*length);
    if (count == 0) {
      break;
    }
    auto offset_bytes = reader.take(8, "a piece");
    if (!offset_bytes) {
      return std::unexpected(offset_bytes.error());
    }
    const uint64_t offset = fromLittle(*offset_bytes);
    if (offset > (uint64_t{1} << 50) || count > kChunk) {
      return std::unexpected(damaged("a piece of " + name + " lies out of bounds"));
    }
    if (auto copied = copyInto(reader, sink, offset, count, name); !copied) {
      return std::unexpected(copied.error());
    }
    end = std::max(end, offset + count);
  }
  auto size_bytes = reader.take(8, "a file size");
  if (!size_bytes) {
    return std::unexpected(size_bytes.error());
  }
  const uint64_t size = fromLittle(*size_bytes);
  if (end > size) {
    return std::unexpected(damaged("pieces of " + name + " lie beyond its size"));
  }
  if (sink) {
    if (auto closed = sink->close(size); !closed) {
      return std::unexpected(closed.error());
    }
  }
  return ArchivedFile{name, size};
}

Result<Manifest> readRecords(Source& source, const privacy::SecretKey& key,
                             const OpenSink& open_sink) {
  auto preamble = readPreamble(source);
  if (!preamble) {
    return std::unexpected(preamble.error());
  }
  PlainReader reader(source, std::move(preamble->second));
  if (auto started = reader.start(key); !started) {
    return std::unexpected(started.error());
  }
  std::vector<ArchivedFile> seen;
  for (;;) {
    auto type = reader.take(1, "a record");
    if (!type) {
      return std::unexpected(type.error());
    }
    if (*type == "F" || *type == "P") {
      auto file =
          *type == "F" ? readWholeFile(reader, open_sink) : readPiecedFile(reader, open_sink);
      if (!file) {
        return std::unexpected(file.error());
      }
      seen.push_back(std::move(*file));
      continue;
    }
    if (*type != "M") {
      return std::unexpected(damaged("unknown record"));
    }
    auto length = reader.take(4, "the manifest");
    if (!length) {
      return std::unexpected(length.error());
    }
    if (fromLittle(*length) > kMaxManifest) {
      return std::unexpected(damaged("its manifest is too long"));
    }
    auto text = reader.take(fromLittle(*length), "the manifest");
    if (!text) {
      return std::unexpected(text.error());
    }
    if (auto over = reader.finish(); !over) {
      return std::unexpected(over.error());
    }
    auto manifest = parseManifest(*text);
    if (!manifest) {
      return std::unexpected(manifest.error());
    }
    if (manifest->header.kind != preamble->first.kind ||
        manifest->header.created_at != preamble->first.created_at) {
      return std::unexpected(damaged("its manifest and its header disagree"));
    }
    if (manifest->files.size() != seen.size()) {
      return std::unexpected(damaged("its manifest lists other files than it holds"));
    }
    for (size_t i = 0; i < seen.size(); ++i) {
      if (manifest->files[i].name != seen[i].name || manifest->files[i].bytes != seen[i].bytes) {
        return std::unexpected(damaged(seen[i].name + " is not as its manifest lists it"));
      }
    }
    return manifest;
  }
}

}  // namespace

std::string_view archiveKindName(ArchiveKind kind) {
  return kind == ArchiveKind::Data ? "data" : "keys";
}

struct ArchiveWriter::State {
  int fd = -1;
  std::filesystem::path path;
  crypto_secretstream_xchacha20poly1305_state stream{};
  std::string associated;  // for the first chunk only
  std::string plain;       // not yet encrypted: less than a chunk
  std::string cipher;      // one chunk's length and ciphertext, reused
  Sha256 file_hash;
  uint64_t written = 0;
  uint64_t started_writeback = 0;  // bytes below this were sent to the disk
  uint64_t waited_writeback = 0;   // bytes below this are on it
  Manifest manifest;
  std::string pieced_name;  // the 'P' file being written

  ~State() {
    if (fd >= 0) {
      ::close(fd);
    }
  }

  Result<void> emit(std::string_view bytes) {
    file_hash.update(bytes);
    written += bytes.size();
    if (auto done = writeAll(fd, bytes); !done) {
      return done;
    }
    paceWriteback();
    return {};
  }

  // A backup writes as fast as the disk takes it, but never piles up dirty pages: each 2 MiB is
  // sent to the disk as soon as it is written, and the one before is waited for. A gigabyte left
  // for the final fsync (or the kernel's flusher) would stall the server's own commits behind it
  // for half a second; in small steps they interleave.
  void paceWriteback() {
    constexpr uint64_t kStep = 2 << 20;
    if (written - started_writeback < kStep) {
      return;
    }
    ::sync_file_range(fd, static_cast<off_t>(started_writeback),
                      static_cast<off_t>(written - started_writeback), SYNC_FILE_RANGE_WRITE);
    if (started_writeback > waited_writeback) {
      ::sync_file_range(
          fd, static_cast<off_t>(waited_writeback),
          static_cast<off_t>(started_writeback - waited_writeback),
          SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
      // Written and on its way: its pages need not crowd the cache the database reads from.
      ::posix_fadvise(fd, static_cast<off_t>(waited_writeback),
                      static_cast<off_t>(started_writeback - waited_writeback),
                      POSIX_FADV_DONTNEED);
      waited_writeback = started_writeback;
    }
    started_writeback = written;
  }

  // Encrypts `bytes` as the next chunk and writes it at once, while it is in the cache.
  Result<void> push(std::string_view bytes, unsigned char tag) {
    cipher.resize(4 + bytes.size() + kTagBytes);
    unsigned long long cipher_length = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &stream, reinterpret_cast<unsigned char*>(cipher.data() + 4), &cipher_length,
        reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
        reinterpret_cast<const unsigned char*>(associated.data()), associated.size(), tag);
    associated.clear();
    cipher.replace(0, 4, little(cipher_length, 4));
    return emit(std::string_view(cipher).substr(0, 4 + cipher_length));
  }

  Result<void> append(std::string_view bytes) {
    while (!bytes.empty()) {
      const size_t take = std::min(bytes.size(), kChunk - plain.size());
      plain.append(bytes.substr(0, take));
      bytes.remove_prefix(take);
      if (plain.size() == kChunk) {
        if (auto done = push(plain, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE); !done) {
          return done;
        }
        plain.clear();
      }
    }
    return {};
  }
};

ArchiveWriter::ArchiveWriter(std::unique_ptr<State> state) : state_(std::move(state)) {}
ArchiveWriter::~ArchiveWriter() = default;

Result<std::unique_ptr<ArchiveWriter>> ArchiveWriter::create(const std::filesystem::path& path,
                                                             const privacy::SecretKey& key,
                                                             ArchiveHeader header) {
  auto state = std::make_unique<State>();
  state->path = path;
  state->fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (state->fd < 0) {
    return fail(ErrorCode::Internal,
                "cannot create " + path.string() + ": " + std::strerror(errno));
  }
  state->plain.reserve(kChunk);
  state->manifest.header = header;
  const std::string text = headerJson(header);
  const std::string preamble = std::string(kMagic) + little(text.size(), 4) + text;
  std::string stream_header(kStreamHeader, '\0');
  crypto_secretstream_xchacha20poly1305_init_push(
      &state->stream, reinterpret_cast<unsigned char*>(stream_header.data()), key.data());
  state->associated = preamble;
  if (auto done = state->emit(preamble + stream_header); !done) {
    return std::unexpected(done.error());
  }
  return std::unique_ptr<ArchiveWriter>(new ArchiveWriter(std::move(state)));
}

Result<void> ArchiveWriter::addFile(const std::string& name, const std::filesystem::path& source) {
  const int fd = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return fail(ErrorCode::Internal,
                "cannot read " + source.string() + ": " + std::strerror(errno));
  }
  FileSource file(fd);
  struct stat info {};
  ::fstat(fd, &info);
  const auto size = static_cast<uint64_t>(info.st_size);
  if (auto record = state_->append("F" + little(name.size(), 2) + name + little(size, 8));
      !record) {
    return record;
  }
  uint64_t copied = 0;
  while (copied < size) {
    auto piece = file.read(std::min<uint64_t>(kChunk, size - copied));
    if (!piece) {
      return std::unexpected(piece.error());
    }
    if (piece->empty()) {
      break;
    }
    copied += piece->size();
    if (auto done = state_->append(*piece); !done) {
      return done;
    }
  }
  if (copied != size) {
    return fail(ErrorCode::Internal, source.string() + " changed while it was backed up");
  }
  state_->manifest.files.push_back({name, size});
  return {};
}

Result<void> ArchiveWriter::addBytes(const std::string& name, std::string_view bytes) {
  if (auto record = state_->append("F" + little(name.size(), 2) + name + little(bytes.size(), 8));
      !record) {
    return record;
  }
  if (auto done = state_->append(bytes); !done) {
    return done;
  }
  state_->manifest.files.push_back({name, bytes.size()});
  return {};
}

Result<void> ArchiveWriter::beginPieces(const std::string& name) {
  state_->pieced_name = name;
  return state_->append("P" + little(name.size(), 2) + name);
}

Result<void> ArchiveWriter::addPiece(uint64_t offset, std::string_view bytes) {
  while (!bytes.empty()) {
    const std::string_view piece = bytes.substr(0, kChunk);
    if (auto header = state_->append(little(piece.size(), 4) + little(offset, 8)); !header) {
      return header;
    }
    if (auto done = state_->append(piece); !done) {
      return done;
    }
    offset += piece.size();
    bytes.remove_prefix(piece.size());
  }
  return {};
}

Result<void> ArchiveWriter::endPieces(uint64_t size) {
  state_->manifest.files.push_back({state_->pieced_name, size});
  return state_->append(little(0, 4) + little(size, 8));
}

Result<WrittenArchive> ArchiveWriter::finish() {
  const std::string manifest = manifestJson(state_->manifest);
  if (auto done = state_->append("M" + little(manifest.size(), 4) + manifest); !done) {
    return std::unexpected(done.error());
  }
  if (auto done = state_->push(state_->plain, crypto_secretstream_xchacha20poly1305_TAG_FINAL);
      !done) {
    return std::unexpected(done.error());
  }
  state_->plain.clear();
  if (::fsync(state_->fd) != 0) {
    return fail(ErrorCode::Internal, "cannot sync " + state_->path.string());
  }
  ::close(state_->fd);
  state_->fd = -1;
  return WrittenArchive{state_->written, state_->file_hash.hex(), state_->manifest};
}

Result<std::unique_ptr<FileSink>> newFileSink(const std::filesystem::path& path) {
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  if (error) {
    return fail(ErrorCode::Internal, "cannot create " + path.parent_path().string());
  }
  std::filesystem::permissions(path.parent_path(), std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, error);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return fail(ErrorCode::Internal,
                "cannot create " + path.string() + ": " + std::strerror(errno));
  }
  return std::make_unique<FileWriteSink>(fd, path);
}

Result<Manifest> readArchive(const std::filesystem::path& path, const privacy::SecretKey& key,
                             const OpenSink& open_sink) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return fail(ErrorCode::NotFound, "cannot read " + path.string() + ": " + std::strerror(errno));
  }
  FileSource source(fd);
  return readRecords(source, key, open_sink);
}

Result<ArchiveHeader> readArchiveHeader(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return fail(ErrorCode::NotFound, "cannot read " + path.string() + ": " + std::strerror(errno));
  }
  FileSource source(fd);
  auto preamble = readPreamble(source);
  if (!preamble) {
    return std::unexpected(preamble.error());
  }
  return preamble->first;
}

std::string sealRecordsForTesting(const privacy::SecretKey& key, ArchiveHeader header,
                                  std::string_view records) {
  const std::string text = headerJson(header);
  std::string out = std::string(kMagic) + little(text.size(), 4) + text;
  const std::string associated = out;
  std::string stream_header(kStreamHeader, '\0');
  crypto_secretstream_xchacha20poly1305_state state;
  crypto_secretstream_xchacha20poly1305_init_push(
      &state, reinterpret_cast<unsigned char*>(stream_header.data()), key.data());
  out += stream_header;
  bool first = true;
  do {
    const std::string_view piece = records.substr(0, kChunk);
    records.remove_prefix(piece.size());
    std::string cipher(piece.size() + kTagBytes, '\0');
    unsigned long long length = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &state, reinterpret_cast<unsigned char*>(cipher.data()), &length,
        reinterpret_cast<const unsigned char*>(piece.data()), piece.size(),
        first ? reinterpret_cast<const unsigned char*>(associated.data()) : nullptr,
        first ? associated.size() : 0,
        records.empty() ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                        : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
    first = false;
    out += little(length, 4) + cipher.substr(0, length);
  } while (!records.empty());
  return out;
}

Result<Manifest> readArchiveBytes(std::string_view bytes, const privacy::SecretKey& key) {
  MemorySource source(bytes);
  return readRecords(source, key, nullptr);
}

}  // namespace parley::backup
