#pragma once
// Links through which a provider fetches a file an agent sends (Telegram's sendPhoto, Viber's
// picture take a URL and download it at once): --public-url + /api/v1/media/<id>/shared?tenant=…&
// expires=<unix seconds>&sig=<keyed BLAKE2b of tenant, id and expiry>. Public, so the link itself
// is the permission: one file, for an hour.

#include <chrono>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/conversation.h"
#include "core/error.h"
#include "privacy/crypto.h"

namespace parley::channels {

inline constexpr std::chrono::hours kMediaLinkLifetime{1};

std::string sharedMediaUrl(std::string_view public_url, const privacy::SecretKey& key,
                           const TenantId& tenant, const MediaId& media, TimePoint expires);
// Whether `signature` signs that file until `expires` (unix seconds, as in the link), and that time
// has not passed.
bool verifySharedMedia(const privacy::SecretKey& key, const TenantId& tenant, const MediaId& media,
                       std::string_view expires, std::string_view signature, TimePoint now);

// Stored content whose media is a file of Parley's media store ({"media":{"id",…}}) with its url
// made a shared link a provider can fetch; other content as it is. Conflict without a public URL:
// the provider could not reach the file.
[[nodiscard]] Result<std::string> withSharedMediaLinks(std::string_view content_json,
                                                       std::string_view public_url,
                                                       const privacy::SecretKey& key,
                                                       const TenantId& tenant, TimePoint now);

}  // namespace parley::channels
