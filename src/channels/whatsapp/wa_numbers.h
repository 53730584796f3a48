#pragma once
// Every tenant's WhatsApp business numbers while the server runs (C2): the runtime and the
// outbox's sender of the WhatsApp channel type (wa_channel.h).
//
// - Status: on start and on every save the access token is tried on the number (GET
//   /{version}/{phone-number-id}); "connected" names the number Meta shows, a refused token says
//   so. Meta's webhooks are set in the Meta app's dashboard, with the channel's webhook URL and
//   verify token (meta/verification.h): nothing to register from here.
// - Webhooks (onWebhook, signature checked first): each message of a POST goes to the inbound
//   sink, its file fetched into the media store first (two steps: the media id's URL, then the
//   bytes, both with the token); each status becomes the sent message's tick (DeliveryReceipts).
//   The POST is answered 200 once all of it is durable, else 503 and Meta sends it again (its
//   wamids make the repeat harmless). A message for another number of the tenant's goes to that
//   number's channel: one Meta app calls one URL for all its numbers.
// - Sending: one POST /{phone-number-id}/messages per message (wa_api.h), Delivered with the
//   wamid; Meta's errors sorted by meta/graph_error.h (rate limits and 5xx → Retry; 131047, a
//   closed window → Failed with the reason, as the refusal before sending says).
//
// Threads: HTTP answers on the client's threads, file staging on the numbers' scheduler thread,
// storage callbacks on storage threads; state under one mutex, never held while calling out. Logs
// carry channel ids and Meta's codes, never tokens, texts or phone numbers.

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "channels/channel_runtime.h"
#include "channels/channel_sender.h"
#include "channels/channel_statuses.h"
#include "channels/channel_type.h"
#include "channels/delivery_receipts.h"
#include "channels/meta/webhook_batch.h"
#include "channels/scheduler.h"
#include "channels/whatsapp/wa_webhook.h"
#include "core/http_client.h"
#include "privacy/crypto.h"
#include "storage/stores.h"

namespace parley::channels::whatsapp {

class WhatsAppNumbers final : public ChannelRuntime, public ChannelSender {
 public:
  // Uses stores.channels, .conversations, .outbox and .media. `public_url` ("" when unknown) and
  // `media_link_key` make the links WhatsApp fetches agents' files through. Everything passed
  // must outlive this.
  WhatsAppNumbers(storage::Stores stores, const Clock& clock, HttpClient& http,
                  DeliveryObserver& delivery, std::string public_url,
                  const privacy::SecretKey& media_link_key);
  ~WhatsAppNumbers() override;

  // ChannelRuntime
  [[nodiscard]] Result<void> start(InboundSink& inbound, StatusChanged status_changed) override;
  void stop() override;
  void changed(const TenantId& tenant, const ChannelId& channel) override;
  ChannelStatus status(const TenantId& tenant, const ChannelId& channel) const override;
  void test(ChannelConfig config, std::move_only_function<void(Result<void>)> done) override;

  // ChannelSender
  bool sends(std::string_view channel) const override;
  void send(const storage::OutboxEntry& entry, const storage::OutboundMessage& outbound,
            std::move_only_function<void(SendOutcome)> done) override;

  // Lists the business account's message templates (every page) and stores them; `done` with how
  // many. ValidationFailed without a business account id.
  void syncTemplates(const ChannelConfig& channel,
                     std::move_only_function<void(Result<size_t>)> done);

  // One POST to the webhook of `channel` whose signature was checked, parsed; `done` with the
  // answer for Meta once all it carried is durable.
  void onWebhook(const ChannelConfig& channel, WaWebhook webhook,
                 std::move_only_function<void(WebhookReply)> done);

 private:
  void check(ChannelConfig config);
  void syncOnStart(const TenantId& tenant, const ChannelId& id);
  void fetchTemplates(ChannelConfig config, std::string path, std::vector<ChannelTemplate> so_far,
                      int pages, std::move_only_function<void(Result<size_t>)> done);
  // GET /{version}/{phone-number-id}: the number as Meta shows it, or why not.
  void lookUpNumber(const ChannelConfig& config,
                    std::move_only_function<void(Result<std::string>)> done);
  void receive(const ChannelConfig& channel, WaMessage message,
               std::shared_ptr<meta::WebhookBatch> batch);
  void recordStatus(const ChannelConfig& channel, const WaStatus& status,
                    std::shared_ptr<meta::WebhookBatch> batch);
  // The channel of the tenant's whose number `phone_number_id` is; nullopt when none.
  std::optional<ChannelConfig> channelOfNumber(const ChannelConfig& called,
                                               const std::string& phone_number_id);
  void graph(const ChannelConfig& config, std::string method, std::string path, std::string body,
             std::move_only_function<void(Result<HttpResponse>)> done);
  bool beginWork();
  void endWork();

  const privacy::SecretKey& media_link_key_;
  storage::Stores stores_;
  const Clock& clock_;
  HttpClient& http_;
  DeliveryReceipts receipts_;
  const std::string public_url_;
  std::unique_ptr<ThreadScheduler> timers_;
  ChannelStatuses statuses_;

  mutable std::mutex mutex_;
  std::condition_variable idle_;
  InboundSink* inbound_ = nullptr;
  bool stopped_ = false;
  int working_ = 0;
};

}  // namespace parley::channels::whatsapp
