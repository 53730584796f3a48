#pragma once
// The API channel's sender (C8): one attempt is one signed POST of the reply to the tenant's
// webhook (api_outbound.h), judged by DeliveryPolicy::judge(). A webhook that cannot be called
// (no URL, no secret, plain http; api_outbound.h webhookProblem) fails the message at once with
// that reason.

#include <chrono>

#include "channels/channel_sender.h"
#include "core/http_client.h"
#include "storage/conversation_stores.h"

namespace parley::channels::api {

class ApiSender final : public ChannelSender {
 public:
  // Everything passed must outlive the sender; `http` must answer every request.
  ApiSender(storage::RoutingConfigStore& settings, HttpClient& http, const Clock& clock,
            bool allow_plain_http, std::chrono::milliseconds timeout = std::chrono::seconds(10))
      : settings_(settings),
        http_(http),
        clock_(clock),
        allow_plain_http_(allow_plain_http),
        timeout_(timeout) {}

  bool sends(std::string_view channel) const override;
  void send(const storage::OutboxEntry& entry, const storage::OutboundMessage& outbound,
            std::move_only_function<void(SendOutcome)> done) override;

 private:
  storage::RoutingConfigStore& settings_;
  HttpClient& http_;
  const Clock& clock_;
  bool allow_plain_http_;
  std::chrono::milliseconds timeout_;
};

}  // namespace parley::channels::api
