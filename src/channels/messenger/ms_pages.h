#pragma once
// Every tenant's Facebook pages (Messenger, C3) or Instagram accounts (C4) while the server runs:
// the runtime and the outbox's sender of one of those channel types (ms_channel.h), on
// meta/graph_channels.h.
//
// - Status: the page token is tried (GET /{version}/{page-id}?fields=name).
// - Webhooks (onWebhook, signature checked first): a customer's message, postback or reaction
//   goes to the inbound sink, an image, video, audio or file fetched first; a delivery becomes the
//   sent messages' ticks; echoes of the page's own messages are not routed (Parley's own replies,
//   or a reply from Meta's inbox). Events for another page of the tenant's go to that page's
//   channel: one Meta app calls one URL.
// - Sending: POST /{page-id}/messages (ms_api.h), a media message's caption as a text after it.
//   Within 24 hours of the customer's last message as RESPONSE; after that, when the page has the
//   Human Agent permission (settings), tagged HUMAN_AGENT up to 7 days; else Failed with the reason
//   (decided again at each attempt, from the conversation's window).

#include <string>
#include <vector>

#include "channels/messenger/ms_webhook.h"
#include "channels/meta/graph_channels.h"

namespace parley::channels::messenger {

class MessengerPages final : public meta::GraphChannels {
 public:
  MessengerPages(bool instagram, storage::Stores stores, const Clock& clock, HttpClient& http,
                 DeliveryObserver& delivery, std::string public_url,
                 const privacy::SecretKey& media_link_key);
  ~MessengerPages() override;

  // ChannelSender
  void send(const storage::OutboxEntry& entry, const storage::OutboundMessage& outbound,
            std::move_only_function<void(SendOutcome)> done) override;
  // "Seen" under the customer's messages (sender_action mark_seen).
  void markRead(const TenantId& tenant, const ChannelId& channel, const std::string& identity,
                const std::string& provider_message_id) override;

  // One POST to the webhook of `channel`, its signature checked, parsed; `done` with the answer
  // for Meta once all it carried is durable.
  void onWebhook(const ChannelConfig& channel, std::vector<MsEvent> events,
                 std::move_only_function<void(WebhookReply)> done);

 private:
  // GraphChannels
  void lookUp(const ChannelConfig& config,
              std::move_only_function<void(Result<std::string>)> done) override;

  void handle(const ChannelConfig& channel, const MsEvent& event,
              std::shared_ptr<meta::WebhookBatch> batch);
  // The channel of the tenant's whose page (or Instagram account) `account_id` is; nullopt when
  // none; storage errors as they come (the POST is then answered 503).
  Result<std::optional<ChannelConfig>> channelOfAccount(const ChannelConfig& called,
                                                        const std::string& account_id);
  std::string accountIdOf(const ChannelConfig& channel) const;

  const bool instagram_;
};

}  // namespace parley::channels::messenger
