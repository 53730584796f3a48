#pragma once
// Every tenant's WhatsApp business numbers while the server runs (C2): the runtime and the
// outbox's sender of the WhatsApp channel type (wa_channel.h), on meta/graph_channels.h.
//
// - Status: the token is tried on the number (GET /{version}/{phone-number-id}); "connected"
//   names the number Meta shows. Then the business account's templates are synced.
// - Webhooks (onWebhook, signature checked first): each message goes to the inbound sink, its
//   file fetched first in two steps (the media id's URL, then the bytes, both with the token);
//   each status becomes the sent message's tick. A message for another number of the tenant's
//   goes to that number's channel: one Meta app calls one URL for all its numbers.
// - Sending: one POST /{phone-number-id}/messages per message (wa_api.h), Delivered with the
//   wamid; Meta's errors sorted by meta/graph_error.h (rate limits and 5xx → Retry; 131047, a
//   closed window → Failed with the reason, as the refusal before sending says).

#include <string>
#include <vector>

#include "channels/meta/graph_channels.h"
#include "channels/whatsapp/wa_webhook.h"

namespace parley::channels::whatsapp {

class WhatsAppNumbers final : public meta::GraphChannels {
 public:
  WhatsAppNumbers(storage::Stores stores, const Clock& clock, HttpClient& http,
                  DeliveryObserver& delivery, std::string public_url,
                  const privacy::SecretKey& media_link_key);
  ~WhatsAppNumbers() override;

  // ChannelSender
  void send(const storage::OutboxEntry& entry, const storage::OutboundMessage& outbound,
            std::move_only_function<void(SendOutcome)> done) override;
  // The customer's ticks turn blue up to that message.
  void markRead(const TenantId& tenant, const ChannelId& channel, const std::string& identity,
                const std::string& provider_message_id) override;

  // Lists the business account's message templates (every page) and stores them; `done` with how
  // many. ValidationFailed without a business account id.
  void syncTemplates(const ChannelConfig& channel,
                     std::move_only_function<void(Result<size_t>)> done);

  // One POST to the webhook of `channel`, its signature checked, parsed; `done` with the answer
  // for Meta once all it carried is durable.
  void onWebhook(const ChannelConfig& channel, WaWebhook webhook,
                 std::move_only_function<void(WebhookReply)> done);

 private:
  // GraphChannels
  void lookUp(const ChannelConfig& config,
              std::move_only_function<void(Result<std::string>)> done) override;
  void connected(const ChannelConfig& config) override;

  void fetchTemplates(ChannelConfig config, std::string path, std::vector<ChannelTemplate> so_far,
                      int pages, std::move_only_function<void(Result<size_t>)> done);
  void receive(const ChannelConfig& called, WaMessage message,
               std::shared_ptr<meta::WebhookBatch> batch);
  void status(const ChannelConfig& called, const WaStatus& status,
              std::shared_ptr<meta::WebhookBatch> batch);
  // The channel of the tenant's whose number `phone_number_id` is; nullopt when none; storage
  // errors as they come (the POST is then answered 503).
  Result<std::optional<ChannelConfig>> channelOfNumber(const ChannelConfig& called,
                                                       const std::string& phone_number_id);
};

}  // namespace parley::channels::whatsapp
