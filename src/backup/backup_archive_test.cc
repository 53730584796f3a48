#include "backup/backup_archive.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

namespace parley::backup {
namespace {

class ArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    privacy::initCrypto();
    dir_ =
        std::filesystem::temp_directory_path() / ("parley-archive-" + privacy::randomIdValue(""));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  }
  void writeFile(const std::filesystem::path& path, std::string_view bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  }

  // An archive holding `files`, written through both ways of adding a file.
  std::filesystem::path write(const std::map<std::string, std::string>& files) {
    const auto path = dir_ / "backup.pbk";
    auto writer = ArchiveWriter::create(path, key_, {ArchiveKind::Data, at_});
    EXPECT_TRUE(writer.has_value());
    bool from_disk = false;
    for (const auto& [name, bytes] : files) {
      if (from_disk) {
        writeFile(dir_ / "source", bytes);
        EXPECT_TRUE((*writer)->addFile(name, dir_ / "source").has_value());
        std::filesystem::remove(dir_ / "source");
      } else {
        EXPECT_TRUE((*writer)->addBytes(name, bytes).has_value());
      }
      from_disk = !from_disk;
    }
    auto written = (*writer)->finish();
    EXPECT_TRUE(written.has_value());
    EXPECT_EQ(written->bytes, std::filesystem::file_size(path));
    return path;
  }

  // Every file of the archive, read back.
  Result<std::map<std::string, std::string>> read(const std::filesystem::path& path,
                                                  const privacy::SecretKey& key) {
    std::map<std::string, std::string> files;
    struct Collect final : FileSink {
      std::string& out;
      explicit Collect(std::string& target) : out(target) {}
      Result<void> write(uint64_t offset, std::string_view bytes) override {
        if (out.size() < offset + bytes.size()) {
          out.resize(offset + bytes.size());
        }
        out.replace(offset, bytes.size(), bytes);
        return {};
      }
      Result<void> close(uint64_t size) override {
        out.resize(size);
        return {};
      }
    };
    auto manifest = readArchive(
        path, key,
        [&files](const std::string& name, uint64_t) -> Result<std::unique_ptr<FileSink>> {
          return std::make_unique<Collect>(files[name]);
        });
    if (!manifest) {
      return std::unexpected(manifest.error());
    }
    EXPECT_EQ(manifest->files.size(), files.size());
    return files;
  }

  std::filesystem::path dir_;
  privacy::SecretKey key_ = privacy::SecretKey::random();
  TimePoint at_ = *parseRfc3339("2026-12-07T03:00:00.123Z");
};

TEST_F(ArchiveTest, FilesComeBackAsTheyWentInAcrossChunks) {
  const std::map<std::string, std::string> files = {
      {"empty", ""},
      {"media/t_1/m_1", privacy::randomBytes(3 << 20)},  // three chunks and more
      {"parley.db", privacy::randomBytes((1 << 20) - 7)},
      {"small", "hello"},
  };
  const auto path = write(files);
  auto back = read(path, key_);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(*back, files);
  auto header = readArchiveHeader(path);
  ASSERT_TRUE(header.has_value());
  EXPECT_EQ(header->kind, ArchiveKind::Data);
  EXPECT_EQ(header->created_at, at_);
  // Nothing of the files shows in the file.
  EXPECT_EQ(readFile(path).find("hello"), std::string::npos);
}

TEST_F(ArchiveTest, APlaintextOfWholeChunksEndsWithAnEmptyFinalChunk) {
  // One file "x" of a million bytes fits one chunk; its size tells the manifest's length (the
  // same for every seven-digit size), so a body can be chosen that ends the records exactly on
  // the chunk boundary, leaving the final chunk empty.
  const std::string header = R"({"kind":"data","createdAt":"2026-12-07T03:00:00.123Z"})";
  const size_t preamble = 16 + 4 + header.size() + 24;
  const size_t record = 1 + 2 + 1 + 8, manifest_record = 1 + 4;
  const auto probe = write({{"x", std::string(1'000'000, 'a')}});
  const size_t plain = std::filesystem::file_size(probe) - preamble - (4 + 17);
  const size_t manifest = plain - record - 1'000'000 - manifest_record;
  std::filesystem::remove(probe);
  for (size_t body : {(1u << 20) - record - manifest_record - manifest - 1,
                      (1u << 20) - record - manifest_record - manifest,
                      (1u << 20) - record - manifest_record - manifest + 1}) {
    const auto path = write({{"x", std::string(body, 'a')}});
    auto back = read(path, key_);
    ASSERT_TRUE(back.has_value()) << body << ": " << back.error().message;
    EXPECT_EQ(back->at("x").size(), body);
    std::filesystem::remove(path);
  }
}

TEST_F(ArchiveTest, PiecesLandAtTheirOffsetsTheLastOneWinning) {
  const auto path = dir_ / "pieces.pbk";
  auto writer = ArchiveWriter::create(path, key_, {ArchiveKind::Data, at_});
  ASSERT_TRUE(writer.has_value());
  ASSERT_TRUE((*writer)->beginPieces("parley.db").has_value());
  ASSERT_TRUE((*writer)->addPiece(4, "efgh").has_value());
  ASSERT_TRUE((*writer)->addPiece(0, "abcd").has_value());
  ASSERT_TRUE((*writer)->addPiece(12, std::string(3 << 20, 'z')).has_value());  // split in chunks
  ASSERT_TRUE((*writer)->addPiece(0, "ABCD").has_value());
  ASSERT_TRUE((*writer)->endPieces(12 + (3 << 20) + 5).has_value());  // a hole at its end
  ASSERT_TRUE((*writer)->addBytes("after", "still read").has_value());
  ASSERT_TRUE((*writer)->finish().has_value());
  auto back = read(path, key_);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  const std::string& database = back->at("parley.db");
  ASSERT_EQ(database.size(), 12u + (3 << 20) + 5);
  EXPECT_EQ(database.substr(0, 12), std::string("ABCDefgh\0\0\0\0", 12));
  EXPECT_EQ(database.substr(12, 3 << 20), std::string(3 << 20, 'z'));
  EXPECT_EQ(database.substr(database.size() - 5), std::string(5, '\0'));
  EXPECT_EQ(back->at("after"), "still read");
}

TEST_F(ArchiveTest, PiecesBeyondTheStatedSizeAreRefused) {
  const auto path = dir_ / "beyond.pbk";
  auto writer = ArchiveWriter::create(path, key_, {ArchiveKind::Data, at_});
  ASSERT_TRUE((*writer)->beginPieces("parley.db").has_value());
  ASSERT_TRUE((*writer)->addPiece(100, "x").has_value());
  ASSERT_TRUE((*writer)->endPieces(50).has_value());
  ASSERT_TRUE((*writer)->finish().has_value());
  auto back = readArchive(path, key_, nullptr);
  ASSERT_FALSE(back.has_value());
  EXPECT_NE(back.error().message.find("beyond its size"), std::string::npos);
}

TEST_F(ArchiveTest, AnotherKeyCannotReadIt) {
  const auto path = write({{"parley.db", "secret"}});
  auto back = read(path, privacy::SecretKey::random());
  ASSERT_FALSE(back.has_value());
  EXPECT_EQ(back.error().code, ErrorCode::ValidationFailed);
  EXPECT_NE(back.error().message.find("another master key"), std::string::npos);
}

TEST_F(ArchiveTest, AnyChangedByteIsFound) {
  const auto path = write({{"parley.db", privacy::randomBytes(5000)}, {"b", "x"}});
  const std::string original = readFile(path);
  for (size_t at = 0; at < original.size(); at += 97) {
    std::string changed = original;
    changed[at] = static_cast<char>(changed[at] ^ 0x01);
    auto back = readArchiveBytes(changed, key_);
    EXPECT_FALSE(back.has_value()) << "byte " << at;
  }
  EXPECT_TRUE(readArchiveBytes(original, key_).has_value());
}

TEST_F(ArchiveTest, ACutOrAnAdditionIsFound) {
  const auto path = write({{"parley.db", privacy::randomBytes(3 << 20)}});
  const std::string original = readFile(path);
  for (size_t keep :
       {size_t{0}, size_t{10}, size_t{60}, original.size() / 2, original.size() - 1}) {
    auto back = readArchiveBytes(std::string_view(original).substr(0, keep), key_);
    ASSERT_FALSE(back.has_value()) << keep;
    EXPECT_EQ(back.error().code, ErrorCode::ValidationFailed);
  }
  EXPECT_FALSE(readArchiveBytes(original + "x", key_).has_value());
}

TEST_F(ArchiveTest, ANameThatLeavesTheDirectoryIsRefused) {
  for (const std::string name : {"../escape", "/etc/passwd", "media/../../x", "./x", ""}) {
    const auto path = write({{name, "x"}});
    auto back = readArchive(path, key_, nullptr);
    EXPECT_FALSE(back.has_value()) << name;
    std::filesystem::remove(path);
  }
}

TEST_F(ArchiveTest, SomethingElseIsNotABackup) {
  writeFile(dir_ / "other", "SQLite format 3\0 and more");
  auto header = readArchiveHeader(dir_ / "other");
  ASSERT_FALSE(header.has_value());
  EXPECT_EQ(header.error().code, ErrorCode::ValidationFailed);
  auto missing = readArchive(dir_ / "none", key_, nullptr);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace parley::backup
