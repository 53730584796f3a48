// Fuzz target: the Messenger and Instagram codec (src/channels/messenger). The bytes are read as a
// webhook, as a send's answer and as stored content to send (to Messenger, to Instagram, tagged or
// not). Each must give a value or an Error, never a crash, and what comes back must be consistent:
// every event has its sender and page, a customer's message maps to an inbound message with its
// ids, echoes never do, at most 1000 events, and built sends are JSON for the right recipient
// within the limits.

#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "channels/messenger/ms_api.h"
#include "channels/messenger/ms_inbound.h"
#include "channels/messenger/ms_webhook.h"

namespace {

using namespace parley::channels;
using namespace parley::channels::messenger;

void check(bool condition) {
  if (!condition) {
    std::abort();
  }
}

void checkWebhook(std::string_view input) {
  auto events = parseMessengerWebhook(input);
  if (!events) {
    check(!events.error().message.empty());
    return;
  }
  check(events->size() <= kMaxEvents);
  for (const MsEvent& event : *events) {
    check(!event.sender.empty() && !event.account_id.empty());
    auto inbound = toInbound(event, parley::TenantId{"ten_1"}, parley::ChannelId{"chn_1"});
    check(!inbound || event.kind != MsKind::Echo);
    if (inbound) {
      check(inbound->identity == event.sender && inbound->provider_message_id.has_value() &&
            !inbound->text.empty());
    }
  }
}

void checkSend(std::string_view input, bool instagram, bool tagged) {
  const SendTo to{.recipient = "PSID", .instagram = instagram, .human_agent = tagged};
  auto body = buildSend(to, input);
  if (!body) {
    return;
  }
  const auto parsed = nlohmann::json::parse(*body, nullptr, false);
  check(parsed.is_object() && parsed["recipient"]["id"] == "PSID");
  check(parsed["messaging_type"] == (tagged ? "MESSAGE_TAG" : "RESPONSE"));
  const auto& message = parsed["message"];
  if (message.contains("text")) {
    const std::string text = message["text"].get<std::string>();
    check(!text.empty() && (!instagram || text.size() < 1000));
  }
  if (message.contains("quick_replies")) {
    check(message["quick_replies"].size() <= kMaxQuickReplies);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  checkWebhook(input);
  checkSend(input, size % 2 == 0, size % 3 == 0);
  if (auto id = parseSentId(input)) {
    check(!id->empty());
  }
  return 0;
}

std::vector<std::string> fuzzSeeds() {
  return {
      R"({"object":"page","entry":[{"id":"111","time":1,"messaging":[{"sender":{"id":"P"},"recipient":{"id":"111"},"timestamp":1717000000000,"message":{"mid":"m_1","text":"hi","quick_reply":{"payload":"opt:Yes"},"reply_to":{"mid":"m_0"}}},{"sender":{"id":"P"},"recipient":{"id":"111"},"timestamp":2,"postback":{"title":"Go","payload":"GO","mid":"m_2"}},{"sender":{"id":"P"},"recipient":{"id":"111"},"timestamp":3,"delivery":{"mids":["m_9"],"watermark":3}}]}]})",
      R"({"object":"instagram","entry":[{"id":"999","time":1,"messaging":[{"sender":{"id":"IG"},"recipient":{"id":"999"},"timestamp":1,"message":{"mid":"m_s","text":"Love it","reply_to":{"story":{"id":"1","url":"https://x/s"}}}},{"sender":{"id":"IG"},"recipient":{"id":"999"},"timestamp":2,"message":{"mid":"m_t","attachments":[{"type":"story_mention","payload":{"url":"https://x/m"}}]}}],"standby":[{"sender":{"id":"IG"},"timestamp":3,"read":{"watermark":2}}]}]})",
      R"({"object":"page","entry":[{"id":"111","messaging":[{"sender":{"id":"111"},"recipient":{"id":"P"},"timestamp":5,"message":{"mid":"m_e","is_echo":true,"app_id":1,"text":"echo"}},{"sender":{"id":"P"},"timestamp":6,"reaction":{"mid":"m_1","action":"unreact","emoji":"x"}}]}]})",
      R"({"choices":{"text":"When?","options":["Monday","A much longer option than twenty characters"]}})",
      R"({"media":{"url":"https://p.example/m/1","mimeType":"image/png","caption":"c"}})",
      R"({"recipient_id":"P","message_id":"m_1"})",
  };
}
