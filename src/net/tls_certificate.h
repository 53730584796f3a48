#pragma once
// A self-signed certificate for local use (S1): EC P-256, CN=localhost, SAN localhost and
// 127.0.0.1, valid one year; the key file is written with mode 0600. Existing files are kept.

#include <filesystem>

#include "core/error.h"

namespace parley::net {

[[nodiscard]] Result<void> ensureSelfSignedCertificate(const std::filesystem::path& cert_file,
                                                       const std::filesystem::path& key_file);

}  // namespace parley::net
