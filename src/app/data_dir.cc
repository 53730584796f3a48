#include "app/data_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "app/config.h"

namespace parley::app {

Result<DataDir> openDataDir(const std::filesystem::path& path, const Clock& clock) {
  privacy::initCrypto();
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    std::filesystem::create_directories(path, error);
    std::filesystem::permissions(path, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, error);
  }
  if (error || !std::filesystem::is_directory(path)) {
    return fail(ErrorCode::BadRequest, "cannot use data directory " + path.string());
  }
  auto keyring = privacy::Keyring::open(path, masterKeyFromEnvironment());
  if (!keyring) {
    return std::unexpected(keyring.error());
  }
  auto engine =
      storage::sqlite::SqliteStores::open((path / "parley.db").string(), **keyring, clock);
  if (!engine) {
    return std::unexpected(engine.error());
  }
  DataDir opened{std::move(*keyring), std::move(*engine), {}};
  opened.stores = opened.engine->stores();
  return opened;
}

Result<ServeLock> ServeLock::take(const std::filesystem::path& data_dir) {
  const std::string path = (data_dir / "serve.lock").string();
  const int fd = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) {
    return fail(ErrorCode::BadRequest, "cannot open " + path);
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return fail(ErrorCode::Conflict,
                "another parley serve uses " + data_dir.string() + " (it holds " + path + ")");
  }
  return ServeLock(fd);
}

ServeLock::~ServeLock() {
  if (fd_ >= 0) {
    ::close(fd_);  // releases the lock
  }
}

}  // namespace parley::app
