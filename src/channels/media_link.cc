#include "channels/media_link.h"

#include <charconv>
#include <nlohmann/json.hpp>

namespace parley::channels {
namespace {

std::string signature(const privacy::SecretKey& key, const TenantId& tenant, const MediaId& media,
                      std::string_view expires) {
  std::string message = "shared-media|" + tenant.value + "|" + media.value + "|";
  message.append(expires);
  return privacy::toHex(privacy::keyedHash(key, message));
}

int64_t unixSeconds(TimePoint at) {
  return std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
}

}  // namespace

std::string sharedMediaUrl(std::string_view public_url, const privacy::SecretKey& key,
                           const TenantId& tenant, const MediaId& media, TimePoint expires) {
  const std::string until = std::to_string(unixSeconds(expires));
  // Ids are letters, digits and '_': nothing to escape.
  return std::string(public_url) + "/api/v1/media/" + media.value +
         "/shared?tenant=" + tenant.value + "&expires=" + until +
         "&sig=" + signature(key, tenant, media, until);
}

bool verifySharedMedia(const privacy::SecretKey& key, const TenantId& tenant, const MediaId& media,
                       std::string_view expires, std::string_view given, TimePoint now) {
  int64_t until = 0;
  const auto [end, error] = std::from_chars(expires.data(), expires.data() + expires.size(), until);
  if (error != std::errc() || end != expires.data() + expires.size() || until < unixSeconds(now)) {
    return false;
  }
  const std::string expected = signature(key, tenant, media, expires);
  return given.size() == expected.size() && privacy::equalsConstantTime(given, expected);
}

Result<std::string> withSharedMediaLinks(std::string_view content_json, std::string_view public_url,
                                         const privacy::SecretKey& key, const TenantId& tenant,
                                         TimePoint now) {
  auto content = nlohmann::json::parse(content_json, nullptr, false);
  if (content.is_discarded() || !content.is_object() || !content.contains("media") ||
      !content["media"].is_object() || !content["media"].contains("id") ||
      !content["media"]["id"].is_string()) {
    return std::string(content_json);
  }
  if (public_url.empty()) {
    return fail(ErrorCode::Conflict,
                "the provider fetches the file from Parley: start Parley with --public-url");
  }
  nlohmann::json& media = content["media"];
  media["url"] = sharedMediaUrl(public_url, key, tenant, MediaId{media["id"].get<std::string>()},
                                now + kMediaLinkLifetime);
  return content.dump();
}

}  // namespace parley::channels
