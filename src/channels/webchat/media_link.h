#pragma once
// Where a web chat visitor's page opens a file of the visitor's conversation (an image the visitor
// sent): /api/v1/widget/media/<id>?channel=chn_…&sig=<keyed BLAKE2b of tenant, channel and media
// id>. The server signs only files of the conversation it renders for that visitor, so the link is
// the permission: one file, on one channel, and nothing else (no visitor token in a URL that can
// end up in a log or a history).

#include <string>
#include <string_view>

#include "core/channel.h"
#include "core/conversation.h"
#include "privacy/crypto.h"

namespace parley::channels::webchat {

std::string widgetMediaUrl(const privacy::SecretKey& key, const TenantId& tenant,
                           const ChannelId& channel, const MediaId& media);
// Whether `signature` is the one widgetMediaUrl() put in the link of that file on that channel.
bool verifyWidgetMediaSignature(const privacy::SecretKey& key, const TenantId& tenant,
                                const ChannelId& channel, const MediaId& media,
                                std::string_view signature);

}  // namespace parley::channels::webchat
