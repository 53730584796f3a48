#pragma once
// Bearer secrets (API tokens, session cookies, invite tokens): random, shown once, stored only as a
// hash.

#include <string>
#include <string_view>

namespace parley::auth {

// "pat_" + 43 URL-safe characters (256 random bits).
std::string newApiTokenSecret();
// 43 URL-safe characters (256 random bits): the session cookie's value.
std::string newSessionSecret();
// 43 URL-safe characters (256 random bits): an invite's one-time token, shown once in its link.
std::string newInviteToken();
// 32 URL-safe characters: the CSRF token bound to one session.
std::string newCsrfToken();

// What storage keeps and looks secrets up by. The secrets carry 256 bits of entropy, so an unkeyed
// hash is enough: nobody can guess their way back.
std::string secretHash(std::string_view secret);

}  // namespace parley::auth
