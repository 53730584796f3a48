#pragma once
// Signatures of Parley's outbound webhooks (S6). A delivery carries
//   X-Parley-Event-Id:  the delivery's id, the same on every retry (receivers drop repeats by it)
//   X-Parley-Timestamp: Unix seconds when this attempt was signed
//   X-Parley-Signature: v1=<lowercase hex HMAC-SHA256(secret, timestamp + "." + raw body)>
// A receiver recomputes the HMAC over the exact bytes it received, compares in constant time, and
// refuses timestamps outside a replay window. Several comma-separated v1= values may be given (a
// secret being rotated); one match is enough.

#include <chrono>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/error.h"
#include "core/http_client.h"

namespace parley::channels {

inline constexpr std::string_view kEventIdHeader = "X-Parley-Event-Id";
inline constexpr std::string_view kTimestampHeader = "X-Parley-Timestamp";
inline constexpr std::string_view kSignatureHeader = "X-Parley-Signature";
inline constexpr std::chrono::seconds kReplayWindow{300};

class WebhookSignature {
 public:
  // "v1=<hex>" for the timestamp (as sent, decimal seconds) and the body.
  static std::string compute(std::string_view secret, std::string_view timestamp,
                             std::string_view body);
  // The headers of one attempt signed at `now`. Without a secret the signature is left out (the
  // tenant configured none); the event id and timestamp are always there.
  static HttpHeaders headers(std::string_view secret, std::string_view event_id, TimePoint now,
                             std::string_view body);
  // Unauthenticated when the timestamp is malformed or further than `window` from `now` (either
  // way), or when no v1 signature matches; the message says which.
  [[nodiscard]] static Result<void> verify(std::string_view secret, std::string_view timestamp,
                                           std::string_view signature, std::string_view body,
                                           TimePoint now,
                                           std::chrono::seconds window = kReplayWindow);
};

}  // namespace parley::channels
