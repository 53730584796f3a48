#include "channels/webchat/media_link.h"

namespace parley::channels::webchat {
namespace {

std::string signature(const privacy::SecretKey& key, const TenantId& tenant,
                      const ChannelId& channel, const MediaId& media) {
  return privacy::toHex(privacy::keyedHash(
      key, "widget-media|" + tenant.value + "|" + channel.value + "|" + media.value));
}

}  // namespace

std::string widgetMediaUrl(const privacy::SecretKey& key, const TenantId& tenant,
                           const ChannelId& channel, const MediaId& media) {
  // Ids are letters, digits and '_': nothing to escape.
  return "/api/v1/widget/media/" + media.value + "?channel=" + channel.value +
         "&sig=" + signature(key, tenant, channel, media);
}

bool verifyWidgetMediaSignature(const privacy::SecretKey& key, const TenantId& tenant,
                                const ChannelId& channel, const MediaId& media,
                                std::string_view given) {
  const std::string expected = signature(key, tenant, channel, media);
  return given.size() == expected.size() && privacy::equalsConstantTime(given, expected);
}

}  // namespace parley::channels::webchat
