#include "auth/sign_in_challenge.h"

#include <charconv>
#include <vector>

namespace parley::auth {
namespace {

std::string mac(const privacy::SecretKey& key, std::string_view payload,
                std::string_view factor_state) {
  return privacy::toHex(privacy::keyedHash(
      key, "sign-in-challenge\n" + std::string(payload) + "\n" + std::string(factor_state)));
}

}  // namespace

std::string issueSignInChallenge(const privacy::SecretKey& key, const TenantId& tenant,
                                 const UserId& user, TimePoint now, std::string_view factor_state) {
  const auto expires = std::chrono::duration_cast<std::chrono::seconds>(
                           (now + kSignInChallengeLifetime).time_since_epoch())
                           .count();
  const std::string payload = tenant.value + "." + user.value + "." + std::to_string(expires) +
                              "." + privacy::randomToken(12);
  return payload + "." + mac(key, payload, factor_state);
}

std::optional<SignInChallenge> readSignInChallenge(std::string_view token) {
  if (token.size() > 512) {
    return std::nullopt;
  }
  const size_t last_dot = token.rfind('.');
  if (last_dot == std::string_view::npos) {
    return std::nullopt;
  }
  std::vector<std::string_view> parts;
  for (std::string_view rest = token.substr(0, last_dot);;) {
    const size_t dot = rest.find('.');
    parts.push_back(rest.substr(0, dot));
    if (dot == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(dot + 1);
  }
  int64_t expires = 0;
  if (parts.size() != 4 ||
      std::from_chars(parts[2].data(), parts[2].data() + parts[2].size(), expires).ec !=
          std::errc()) {
    return std::nullopt;
  }
  return SignInChallenge{TenantId{std::string(parts[0])}, UserId{std::string(parts[1])},
                         TimePoint(std::chrono::seconds(expires))};
}

std::optional<SignInChallenge> checkSignInChallenge(const privacy::SecretKey& key,
                                                    std::string_view token, TimePoint now,
                                                    std::string_view factor_state) {
  auto challenge = readSignInChallenge(token);
  if (!challenge) {
    return std::nullopt;
  }
  const size_t last_dot = token.rfind('.');
  if (!privacy::equalsConstantTime(mac(key, token.substr(0, last_dot), factor_state),
                                   token.substr(last_dot + 1)) ||
      now >= challenge->expires_at) {
    return std::nullopt;
  }
  return challenge;
}

}  // namespace parley::auth
