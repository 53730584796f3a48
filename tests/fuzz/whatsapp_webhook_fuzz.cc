// Fuzz target: the WhatsApp codec (src/channels/whatsapp) and Meta's shared pieces
// (src/channels/meta). The bytes are read as a webhook, as a Graph error answer under several HTTP
// statuses, as a send's and a media look-up's answer, as stored content to send, and as a
// verification handshake's query. Each must give a value or an Error, never a crash, and what
// comes back must be consistent: every message has its ids and a known kind with the fields that
// kind needs, at most 1000 events, built sends are JSON for the right recipient, and only the right
// signature signs the bytes.

#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "channels/meta/graph_error.h"
#include "channels/meta/meta_signature.h"
#include "channels/meta/verification.h"
#include "channels/whatsapp/wa_api.h"
#include "channels/whatsapp/wa_inbound.h"
#include "channels/whatsapp/wa_webhook.h"

namespace {

using namespace parley::channels;
using namespace parley::channels::whatsapp;

constexpr std::string_view kSecret = "appsecret0123456789abcdef0123456";

void check(bool condition) {
  if (!condition) {
    std::abort();
  }
}

void checkWebhook(std::string_view input) {
  auto webhook = parseWhatsAppWebhook(input);
  if (!webhook) {
    check(!webhook.error().message.empty());
    return;
  }
  check(webhook->messages.size() + webhook->statuses.size() <= kMaxEvents);
  for (const WaMessage& message : webhook->messages) {
    check(!message.id.empty() && !message.from.empty() && !message.phone_number_id.empty());
    check(message.timestamp >= 0);
    check(message.kind != WaKind::Media || (message.media && !message.media->id.empty()));
    check(message.kind != WaKind::Location || message.location.has_value());
    check(message.kind != WaKind::Choice || message.choice.has_value());
    const ChannelInbound inbound =
        toInbound(message, parley::TenantId{"ten_1"}, parley::ChannelId{"chn_1"});
    check(inbound.provider_message_id == message.id && inbound.sent_at.has_value());
    if (inbound.content) {
      check(nlohmann::json::accept(*inbound.content));
    }
  }
  for (const WaStatus& status : webhook->statuses) {
    check(!status.id.empty() && !status.status.empty());
  }
}

void checkAnswers(size_t size, std::string_view input) {
  static const int kStatuses[] = {200, 400, 401, 429, 500, 503};
  parley::HttpResponse response{.status = kStatuses[size % std::size(kStatuses)],
                                .body = std::string(input)};
  const meta::GraphAnswer answer = meta::classifyGraphAnswer(response, "WhatsApp");
  check((answer.verdict == meta::GraphVerdict::Ok) == (response.status == 200));
  check(answer.verdict == meta::GraphVerdict::Ok || !answer.reason.empty());
  if (auto id = parseSentId(input)) {
    check(!id->empty());
  }
  if (auto url = parseMediaUrl(input)) {
    check(url->starts_with("http://") || url->starts_with("https://"));
  }
}

void checkSend(std::string_view input) {
  auto body = buildSend("4915112345678", input);
  if (!body) {
    return;
  }
  const auto parsed = nlohmann::json::parse(*body, nullptr, false);
  check(parsed.is_object() && parsed.value("to", "") == "4915112345678" &&
        parsed.value("messaging_product", "") == "whatsapp");
  if (parsed.value("type", "") == "interactive") {
    const auto& action = parsed["interactive"]["action"];
    check(action.contains("buttons") ? action["buttons"].size() <= kMaxButtons
                                     : action["sections"][0]["rows"].size() <= kMaxListRows);
  }
}

void checkSignature(std::string_view input) {
  const std::string signature = meta::signatureOf(kSecret, input);
  check(meta::isValidSignature(kSecret, input, signature));
  check(!meta::isValidSignature(kSecret, input, input));
  check(!meta::isValidSignature("", input, signature));
  const auto reply = meta::answerVerification(input, "0123456789abcdef0123456789abcdef");
  check(reply.status == 200 || reply.status == 400 || reply.status == 403);
  check(reply.status != 200 || reply.body.size() <= 128);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  checkWebhook(input);
  checkAnswers(size, input);
  checkSend(input);
  checkSignature(input);
  return 0;
}

std::vector<std::string> fuzzSeeds() {
  return {
      R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"106"},"contacts":[{"profile":{"name":"Ana"},"wa_id":"49151"}],"messages":[{"from":"49151","id":"wamid.A","timestamp":"1717000000","type":"text","text":{"body":"Hi"},"context":{"id":"wamid.Q"}}]}}]}]})",
      R"({"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"106"},"messages":[{"from":"1","id":"w1","timestamp":"1","type":"image","image":{"id":"M","mime_type":"image/jpeg","caption":"c"}},{"from":"1","id":"w2","timestamp":"2","type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"opt:x","title":"x"}}},{"from":"1","id":"w3","timestamp":"3","type":"location","location":{"latitude":1.5,"longitude":-2}}]}}]}]})",
      R"({"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"106"},"statuses":[{"id":"wamid.S","status":"failed","timestamp":"1717000009","errors":[{"code":131047,"title":"Re-engagement message","error_data":{"details":"24h"}}]}]}}]}]})",
      R"({"error":{"message":"(#131047) Re-engagement message","type":"OAuthException","code":131047,"error_subcode":2018278,"error_data":{"details":"x"},"fbtrace_id":"AbC"}})",
      R"({"messaging_product":"whatsapp","contacts":[{"input":"1","wa_id":"1"}],"messages":[{"id":"wamid.HBgL"}],"url":"https://x/y"})",
      R"({"choices":{"text":"Solved?","options":["Yes","No","Maybe not yet, later"]}})",
      R"({"media":{"url":"https://p.example/m/1","mimeType":"application/pdf","name":"a.pdf","caption":"c"}})",
      R"({"location":{"latitude":52.5,"longitude":13.4,"name":"Office"}})",
      "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token="
      "0123456789abcdef0123456789abcdef",
  };
}
