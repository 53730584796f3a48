#include "auth/secrets.h"

#include "privacy/crypto.h"

namespace parley::auth {

std::string newApiTokenSecret() { return "pat_" + privacy::randomToken(32); }
std::string newSessionSecret() { return privacy::randomToken(32); }
std::string newInviteToken() { return privacy::randomToken(32); }
std::string newCsrfToken() { return privacy::randomToken(24); }
std::string secretHash(std::string_view secret) { return privacy::hash(secret); }

}  // namespace parley::auth
