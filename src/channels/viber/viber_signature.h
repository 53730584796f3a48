#pragma once
// Viber REST Bot API (channels.md §5.1): the signature of a webhook callback. Viber sends
//   X-Viber-Content-Signature: <lowercase hex HMAC-SHA256(key = bot auth token, message = raw
//   body)>
// with no prefix. The check runs over the exact bytes received, before anything parses them.
// Input: untrusted (the body and the header value); the auth token is the channel's secret.

#include <string>
#include <string_view>

namespace parley::channels::viber {

inline constexpr std::string_view kSignatureHeader = "X-Viber-Content-Signature";
// Hex digits of an HMAC-SHA256.
inline constexpr size_t kSignatureHexLength = 64;

// The signature Viber computes for `body`: 64 lowercase hex digits. Any token length works (an
// HMAC key longer than 64 bytes is hashed first, as the SDKs do).
std::string signatureOf(std::string_view auth_token, std::string_view body);

// True when `signature` is signatureOf(auth_token, body), in either case of hex digits, compared in
// constant time. False for an empty auth_token (a channel without a token verifies nothing), and
// for a signature that is not exactly kSignatureHexLength hex digits (empty, padded with spaces,
// prefixed "sha256=", …). Never fails otherwise.
bool isValidSignature(std::string_view auth_token, std::string_view body,
                      std::string_view signature);

}  // namespace parley::channels::viber
