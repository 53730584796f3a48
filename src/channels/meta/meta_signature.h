#pragma once
// Meta's webhook signature (WhatsApp, Messenger, Instagram; channels.md §1.1): every POST carries
//   X-Hub-Signature-256: sha256=<lowercase hex HMAC-SHA256(key = app secret, raw body)>
// computed over the bytes as sent (non-ASCII already escaped as \uXXXX), so it is checked over the
// exact bytes received, in constant time, before anything is parsed.

#include <string>
#include <string_view>

namespace parley::channels::meta {

inline constexpr std::string_view kSignatureHeader = "x-hub-signature-256";

// "sha256=<hex>" of `body` under `app_secret`.
std::string signatureOf(std::string_view app_secret, std::string_view body);
// Whether `header` is "sha256=" and the HMAC of `body` (hex in either case). False for an empty
// secret: a channel without one accepts nothing.
bool isValidSignature(std::string_view app_secret, std::string_view body, std::string_view header);

// Graph's appsecret_proof: hex HMAC-SHA256(key = app secret, access token), sent beside the token
// so that a leaked token alone cannot call the API when the app requires it.
std::string appSecretProof(std::string_view app_secret, std::string_view access_token);

}  // namespace parley::channels::meta
