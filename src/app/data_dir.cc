#include "app/data_dir.h"

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

}  // namespace parley::app
