// meta_webhook_bench: what Parley spends on one signed WhatsApp webhook of about 1 KB before the
// messages go to storage: the X-Hub-Signature-256 check over the raw bytes plus the parse into
// messages (channels/meta/meta_signature.h, channels/whatsapp/wa_webhook.h), against nlohmann-json
// parsing the same bytes alone, in the same run (issue 12's target: ≤ 2 µs median, and well under
// the baseline). Each figure is the median of 101 rounds of 2,000 operations. Speed is reported
// against the target (PASS/MISS) but never fails the run; the exit status is 1 only if a webhook
// is not accepted.
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "channels/meta/meta_signature.h"
#include "channels/whatsapp/wa_webhook.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace parley::channels;

constexpr std::string_view kSecret = "appsecret0123456789abcdef0123456";
constexpr int kRounds = 101;
constexpr int kPerRound = 2000;

// Two customers' messages, and a status when `with_status`, in Meta's envelope: 1,243 bytes with
// the status, 945 without (the issue's "1 KB webhook" lies between).
std::string webhook(bool with_status) {
  std::string body =
      R"({"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Ana Silva"},"wa_id":"4915112345678"},{"profile":{"name":"Jo\u00e3o"},"wa_id":"4915187654321"}],"messages":[)";
  body +=
      R"({"from":"4915112345678","id":"wamid.HBgNNDkxNTExMjM0NTY3OBUCABIYFDNBRkI5QzE0QjE2RkE0RDlDMEYyAA==","timestamp":"1717000000","type":"text","text":{"body":"Hi, my order 4711 is late. Can you tell me when it arrives? Thanks!"}},)";
  body +=
      R"({"from":"4915187654321","id":"wamid.HBgNNDkxNTE4NzY1NDMyMRUCABIYFDNBQjE2RkE0RDlDMEYyQTlDMTRCAA==","timestamp":"1717000003","type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"opt:Yes, solved","title":"Yes, solved"}},"context":{"from":"15550001111","id":"wamid.HBgNNDkxNTE4NzY1NDMyMRUCABEYEjNBRTg4QzlBMzI3RDhGNjA0RgA="}}])";
  if (!with_status) {
    return body + R"(},"field":"messages"}]}]})";
  }
  body +=
      R"(,"statuses":[{"id":"wamid.HBgNNDkxNTExMjM0NTY3OBUCABEYEjdCMjM0NUQ2Nzg5QUJDREVGMAA=","status":"delivered","timestamp":"1717000004","recipient_id":"4915112345678","conversation":{"id":"c8a0b2f3e4d5","origin":{"type":"service"}},"pricing":{"billable":true,"pricing_model":"CBP","category":"service"}}]},"field":"messages"}]}]})";
  return body;
}

template <class Operation>
double medianNanoseconds(Operation operation) {
  std::vector<double> rounds;
  for (int round = 0; round < kRounds; ++round) {
    const auto start = Clock::now();
    for (int index = 0; index < kPerRound; ++index) {
      operation();
    }
    rounds.push_back(std::chrono::duration<double, std::nano>(Clock::now() - start).count() /
                     kPerRound);
  }
  std::nth_element(rounds.begin(), rounds.begin() + kRounds / 2, rounds.end());
  return rounds[kRounds / 2];
}

// Parley's check and parse, the check alone, simdjson's parse alone and nlohmann's, on `body`.
bool measure(const std::string& body) {
  const std::string signature = meta::signatureOf(kSecret, body);
  size_t seen = 0;
  const double parley = medianNanoseconds([&] {
    if (meta::isValidSignature(kSecret, body, signature)) {
      auto parsed = whatsapp::parseWhatsAppWebhook(body);
      seen += parsed ? parsed->messages.size() : 0;
    }
  });
  if (seen != size_t{2} * kRounds * kPerRound) {
    std::fprintf(stderr, "the webhook was not accepted every time\n");
    return false;
  }
  const double signature_only =
      medianNanoseconds([&] { seen += meta::isValidSignature(kSecret, body, signature); });
  simdjson::dom::parser parser;
  const double simdjson_only = medianNanoseconds([&] {
    simdjson::dom::element root;
    seen += parser.parse(body).get(root) == simdjson::SUCCESS;
  });
  const double nlohmann = medianNanoseconds([&] {
    auto parsed = nlohmann::json::parse(body, nullptr, false);
    seen += parsed.is_discarded() ? 0 : parsed.size();
  });
  std::printf("webhook of %zu bytes, median of %d rounds of %d\n", body.size(), kRounds, kPerRound);
  std::printf("  parley signature check + parse   %8.0f ns  (target <= 2000 ns: %s)\n", parley,
              parley <= 2000 ? "PASS" : "MISS");
  std::printf("    of which the signature check   %8.0f ns\n", signature_only);
  std::printf("    simdjson's parse alone         %8.0f ns\n", simdjson_only);
  std::printf("  nlohmann-json parse alone        %8.0f ns\n", nlohmann);
  std::printf("  ratio parley / nlohmann           %8.2f\n", parley / nlohmann);
  return true;
}

}  // namespace

int main() {
  return measure(webhook(/*with_status=*/false)) && measure(webhook(/*with_status=*/true)) ? 0 : 1;
}
