#include "channels/webchat/visitor_token.h"

namespace parley::channels::webchat {
namespace {

constexpr std::string_view kPrefix = "vt_";

std::string signature(const privacy::SecretKey& key, const TenantId& tenant,
                      const ChannelId& channel, std::string_view visitor) {
  std::string message = "widget-visitor|" + tenant.value + "|" + channel.value + "|";
  message.append(visitor);
  return privacy::toHex(privacy::keyedHash(key, message));
}

}  // namespace

std::string visitorToken(const privacy::SecretKey& key, const TenantId& tenant,
                         const ChannelId& channel, const VisitorId& visitor) {
  return std::string(kPrefix) + visitor.value + "." +
         signature(key, tenant, channel, visitor.value);
}

std::optional<VisitorId> verifyVisitorToken(const privacy::SecretKey& key, const TenantId& tenant,
                                            const ChannelId& channel, std::string_view token) {
  if (token.size() > 200 || !token.starts_with(kPrefix)) {
    return std::nullopt;
  }
  token.remove_prefix(kPrefix.size());
  const size_t dot = token.find('.');
  if (dot == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view visitor = token.substr(0, dot);
  if (!visitor.starts_with(VisitorTag::kPrefix)) {
    return std::nullopt;
  }
  const std::string expected = signature(key, tenant, channel, visitor);
  const std::string_view given = token.substr(dot + 1);
  if (given.size() != expected.size() || !privacy::equalsConstantTime(given, expected)) {
    return std::nullopt;
  }
  return VisitorId{std::string(visitor)};
}

}  // namespace parley::channels::webchat
