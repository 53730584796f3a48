#pragma once
// Meta's webhook verification handshake (channels.md §1.1): when an admin saves the callback URL in
// the app dashboard, Meta calls GET <url>?hub.mode=subscribe&hub.challenge=<int>&hub.verify_token=
// <token>. The answer is 200 with the bare challenge when the token is the channel's, else 403.
// Parley derives each channel's verify token from its app secret, so nothing more is stored and
// the admin copies it from the channel's page.

#include <optional>
#include <string>
#include <string_view>

#include "channels/channel_type.h"

namespace parley::channels::meta {

// The channel's verify token: 32 hex digits, fixed while its app secret stays; "" without one.
std::string verifyTokenOf(std::string_view app_secret, std::string_view channel_id);

// The answer to the handshake GET whose raw query is `query`.
WebhookReply answerVerification(std::string_view query, std::string_view verify_token);

// What every call to a Meta channel's webhook goes through before its body is read: the handshake
// GET answered with the channel's verify token, a POST's X-Hub-Signature-256 checked over the raw
// bytes with `app_secret` (403), other methods refused (405). The reply when the call ends here;
// nullopt for a signed POST, whose body may then be parsed.
std::optional<WebhookReply> screenWebhook(const WebhookRequest& request,
                                          std::string_view app_secret, std::string_view channel_id);

}  // namespace parley::channels::meta
