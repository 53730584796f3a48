#pragma once
// Meta's webhook verification handshake (channels.md §1.1): when an admin saves the callback URL in
// the app dashboard, Meta calls GET <url>?hub.mode=subscribe&hub.challenge=<int>&hub.verify_token=
// <token>. The answer is 200 with the bare challenge when the token is the channel's, else 403.
// Parley derives each channel's verify token from its app secret, so nothing more is stored and
// the admin copies it from the channel's page.

#include <string>
#include <string_view>

#include "channels/channel_type.h"

namespace parley::channels::meta {

// The channel's verify token: 32 hex digits, fixed while its app secret stays; "" without one.
std::string verifyTokenOf(std::string_view app_secret, std::string_view channel_id);

// The answer to the handshake GET whose raw query is `query`.
WebhookReply answerVerification(std::string_view query, std::string_view verify_token);

}  // namespace parley::channels::meta
