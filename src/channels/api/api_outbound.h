#pragma once
// The API channel (C8), outbound: each agent reply is POSTed as JSON to the integrator's webhook
// (tenant settings apiWebhookUrl / apiWebhookSecret), signed per webhook_signature.h (S6).
// Output: trusted peer chosen by the tenant's admin; the body holds personal data (the reply and
// the contact's identity) and goes only there. Input: the answer's status only; its body is
// ignored.
//
//   {"type":"message.outbound","eventId":"evt_…",
//    "message":{"id":"msg_…","conversationId":"cnv_…","content":{"text":"…"},
//               "createdAt":"2026-11-23T13:21:00.000Z","authorId":"usr_…"},
//    "contact":{"id":"con_…","identity":"+15550001"}}
//
// An admin's test of the webhook (POST /api/v1/channels/api/test) sends, signed the same way,
//   {"type":"ping","eventId":"evt_…"}

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/http_client.h"
#include "storage/conversation_stores.h"
#include "storage/outbox_store.h"

namespace parley::channels::api {

inline constexpr std::string_view kChannel = "api";

// Why a delivery to the tenant's webhook cannot be made, or none: no URL; no secret (Parley never
// sends an unsigned webhook: the secret is made by Parley when the URL is first set); or a plain
// http:// URL (message text would cross the network in clear) unless `allow_plain_http`
// (--webhook-allow-private: a receiver on the operator's own network, and tests).
std::optional<std::string> webhookProblem(const storage::TenantSettings& settings,
                                          bool allow_plain_http);
// Whether `url` names a webhook Parley may call: https://, or http:// when `allow_plain_http`.
bool isAllowedWebhookUrl(std::string_view url, bool allow_plain_http);

// REQUIRES: the message's content is stored JSON (not erased) and the identity is known.
std::string outboundPayload(const storage::OutboundMessage& outbound,
                            const storage::EventId& event);

// One attempt at `now`: POST to the tenant's webhook URL, signed with its secret.
HttpRequest outboundRequest(const storage::OutboundMessage& outbound, const storage::EventId& event,
                            const storage::TenantSettings& settings, TimePoint now,
                            std::chrono::milliseconds timeout);

// The test delivery: a ping, signed as every delivery is. No personal data.
HttpRequest pingRequest(const storage::EventId& event, const storage::TenantSettings& settings,
                        TimePoint now, std::chrono::milliseconds timeout);

}  // namespace parley::channels::api
