#include "privacy/blind_index.h"

#include <cctype>

namespace parley::privacy {

std::string normalizeEmail(std::string_view email) {
  while (!email.empty() && std::isspace(static_cast<unsigned char>(email.front()))) {
    email.remove_prefix(1);
  }
  while (!email.empty() && std::isspace(static_cast<unsigned char>(email.back()))) {
    email.remove_suffix(1);
  }
  std::string normalized(email);
  for (char& c : normalized) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return normalized;
}

std::string normalizePhone(std::string_view phone) {
  std::string normalized;
  for (char c : phone) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      normalized.push_back(c);
    } else if (c == '+' && normalized.empty()) {
      normalized.push_back(c);
    }
  }
  return normalized;
}

std::string blindIndex(const SecretKey& index_key, std::string_view kind,
                       std::string_view normalized) {
  std::string message(kind);
  message.push_back('\0');
  message.append(normalized);
  return keyedHash(index_key, message);
}

}  // namespace parley::privacy
