#include "channels/api/api_sender.h"

#include "channels/api/api_outbound.h"

namespace parley::channels::api {

bool ApiSender::sends(std::string_view channel) const { return channel == kChannel; }

void ApiSender::send(const storage::OutboxEntry& entry, const storage::OutboundMessage& outbound,
                     std::move_only_function<void(SendOutcome)> done) {
  auto settings = settings_.findSettings(entry.tenant_id);
  if (!settings) {
    done({{Verdict::Retry, "cannot read the tenant's settings: " + settings.error().message}, {}});
    return;
  }
  if (auto problem = webhookProblem(*settings, allow_plain_http_)) {
    done({{Verdict::Failed, std::move(*problem)}, {}});
    return;
  }
  http_.send(outboundRequest(outbound, entry.event_id, *settings, clock_.now(), timeout_),
             [done = std::move(done)](Result<HttpResponse> response) mutable {
               done({DeliveryPolicy::judge(response), {}});
             });
}

}  // namespace parley::channels::api
