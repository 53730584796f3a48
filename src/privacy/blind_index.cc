#include "privacy/blind_index.h"

namespace parley::privacy {

std::string blindIndex(const SecretKey& index_key, std::string_view kind,
                       std::string_view normalized) {
  std::string message(kind);
  message.push_back('\0');
  message.append(normalized);
  return keyedHash(index_key, message);
}

}  // namespace parley::privacy
