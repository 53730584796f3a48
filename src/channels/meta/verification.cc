#include "channels/meta/verification.h"

#include <algorithm>

#include "channels/meta/meta_signature.h"
#include "core/query_string.h"
#include "privacy/crypto.h"

namespace parley::channels::meta {
namespace {

constexpr size_t kMaxChallengeBytes = 128;

bool isDigitsOrLetters(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
           c == '_' || c == '.';
  });
}

}  // namespace

std::string verifyTokenOf(std::string_view app_secret, std::string_view channel_id) {
  if (app_secret.empty()) {
    return "";
  }
  return appSecretProof(app_secret, "parley-verify-token:" + std::string(channel_id)).substr(0, 32);
}

WebhookReply answerVerification(std::string_view query, std::string_view verify_token) {
  const std::string mode = queryParameter(query, "hub.mode");
  const std::string token = queryParameter(query, "hub.verify_token");
  const std::string challenge = queryParameter(query, "hub.challenge");
  if (mode != "subscribe") {
    return webhookError(400, "bad_request", "hub.mode must be subscribe");
  }
  if (verify_token.empty() || !privacy::equalsConstantTime(token, verify_token)) {
    return webhookError(403, "forbidden",
                        "hub.verify_token is not this channel's verify token (see the channel's "
                        "page in the Configurator)");
  }
  // Echoed as text: bounded and plain, so the answer cannot carry markup back.
  if (challenge.empty() || challenge.size() > kMaxChallengeBytes || !isDigitsOrLetters(challenge)) {
    return webhookError(400, "bad_request", "hub.challenge must be a short plain token");
  }
  return {.status = 200, .content_type = "text/plain", .body = challenge};
}

std::optional<WebhookReply> screenWebhook(const WebhookRequest& request,
                                          std::string_view app_secret,
                                          std::string_view channel_id) {
  if (request.method == "GET") {
    return answerVerification(request.query, verifyTokenOf(app_secret, channel_id));
  }
  if (!isValidSignature(app_secret, request.body, request.header(kSignatureHeader))) {
    return webhookError(403, "forbidden", "missing or wrong X-Hub-Signature-256");
  }
  if (request.method != "POST") {
    return webhookError(405, "method_not_allowed", "Meta POSTs webhooks");
  }
  return std::nullopt;
}

}  // namespace parley::channels::meta
