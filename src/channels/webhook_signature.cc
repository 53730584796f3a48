#include "channels/webhook_signature.h"

#include <sodium.h>

#include <array>
#include <charconv>
#include <optional>

namespace parley::channels {
namespace {

constexpr std::string_view kScheme = "v1=";
constexpr size_t kHexLength = crypto_auth_hmacsha256_BYTES * 2;

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  while (!text.empty() && text.back() == ' ') {
    text.remove_suffix(1);
  }
  return text;
}

// Decimal seconds only: no sign, no spaces, no more digits than an int64 holds.
std::optional<int64_t> parseSeconds(std::string_view text) {
  if (text.empty() || text.size() > 18) {
    return std::nullopt;
  }
  int64_t seconds = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (error != std::errc() || end != text.data() + text.size() || text.front() == '-') {
    return std::nullopt;
  }
  return seconds;
}

bool matches(std::string_view candidate, std::string_view expected) {
  return candidate.size() == expected.size() &&
         sodium_memcmp(candidate.data(), expected.data(), expected.size()) == 0;
}

}  // namespace

std::string WebhookSignature::compute(std::string_view secret, std::string_view timestamp,
                                      std::string_view body) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(timestamp.data()),
                                timestamp.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>("."), 1);
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac;
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  std::array<char, kHexLength + 1> hex;
  sodium_bin2hex(hex.data(), hex.size(), mac.data(), mac.size());
  return std::string(kScheme) + std::string(hex.data(), kHexLength);
}

HttpHeaders WebhookSignature::headers(std::string_view secret, std::string_view event_id,
                                      TimePoint now, std::string_view body) {
  const std::string timestamp = std::to_string(
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
  HttpHeaders headers{{std::string(kEventIdHeader), std::string(event_id)},
                      {std::string(kTimestampHeader), timestamp}};
  if (!secret.empty()) {
    headers.emplace_back(std::string(kSignatureHeader), compute(secret, timestamp, body));
  }
  return headers;
}

Result<void> WebhookSignature::verify(std::string_view secret, std::string_view timestamp,
                                      std::string_view signature, std::string_view body,
                                      TimePoint now, std::chrono::seconds window) {
  const auto seconds = parseSeconds(timestamp);
  if (!seconds) {
    return fail(ErrorCode::Unauthenticated, "the webhook timestamp is malformed");
  }
  const auto age = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()) -
                   std::chrono::seconds(*seconds);
  if (age > window || age < -window) {
    return fail(ErrorCode::Unauthenticated, "the webhook timestamp is outside the replay window");
  }
  const std::string expected = compute(secret, timestamp, body);
  bool matched = false;
  while (!signature.empty()) {
    const size_t comma = signature.find(',');
    const std::string_view candidate = trimmed(signature.substr(0, comma));
    // No early exit: every candidate is compared.
    matched = matches(candidate, expected) || matched;
    signature = comma == std::string_view::npos ? std::string_view() : signature.substr(comma + 1);
  }
  if (!matched) {
    return fail(ErrorCode::Unauthenticated, "the webhook signature does not match");
  }
  return {};
}

}  // namespace parley::channels
