#pragma once
// Every tenant's Viber bots while the server runs (C6): the runtime and the outbox's sender of the
// Viber channel type (viber_channel.h).
//
// - Webhook: on start (so a changed --public-url reaches Viber after a restart) and on every save,
//   set_webhook points the bot at the channel's webhook URL; Viber checks it at once with a signed
//   "webhook" callback, which the webhook route answers. On delete or switch-off the webhook is
//   removed (url ""). Failures back off (1 s doubling to 5 min); a refused token stops the channel
//   until it is saved again.
// - Callbacks (onCallback, after the signature was checked): messages through the inbound sink
//   (answered once durable; a failed write answers 503 and Viber retries), with their picture,
//   video or file fetched into the media store first (≤ 20 MB; Viber's links expire), delivered /
//   seen / failed as the sent message's status (DeliveryReceipts), unsubscribed as an opt-out and
//   subscribed as an opt-in (P6, audited like SMS STOP/START), conversation_started answered with
//   the channel's welcome message.
// - Sending: one send_message per message (viber_api.h buildSend) with the channel's sender name
//   and avatar: Delivered with message_token as the provider id; 12 tooManyRequests and no answer
//   → Retry; a contact who is not subscribed, or whose device cannot take it → Failed with Viber's
//   reason; account problems (token, blocked, suspended) → Failed with what to fix.
//
// Threads: HTTP answers on the client's threads, retries on the bots' scheduler thread, storage
// callbacks on storage threads; state is under one mutex, never held while calling out. Logs carry
// channel ids and Viber statuses, never tokens, texts or user ids.

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
#include "channels/viber/viber_callback.h"
#include "core/http_client.h"
#include "core/scheduler.h"
#include "privacy/crypto.h"
#include "storage/stores.h"

namespace parley::channels::viber {

class ViberBots final : public ChannelRuntime, public ChannelSender {
 public:
  // Uses stores.tenants, .channels, .conversations and .outbox. `public_url` ("" when unknown) is
  // where Viber reaches webhooks. Everything passed must outlive the bots.
  // `media_link_key` signs the links Viber fetches agents' files through.
  ViberBots(storage::Stores stores, const Clock& clock, HttpClient& http,
            DeliveryObserver& delivery, std::string public_url,
            const privacy::SecretKey& media_link_key);
  ~ViberBots() override;

  // ChannelRuntime
  [[nodiscard]] Result<void> start(InboundSink& inbound, StatusChanged status_changed) override;
  void stop() override;
  void changed(const TenantId& tenant, const ChannelId& channel) override;
  ChannelStatus status(const TenantId& tenant, const ChannelId& channel) const override;
  // get_account_info with the channel's token: ok when Viber knows the bot.
  void test(ChannelConfig config, std::move_only_function<void(Result<void>)> done) override;

  // ChannelSender
  bool sends(std::string_view channel) const override;
  void send(const storage::OutboxEntry& entry, const storage::OutboundMessage& outbound,
            std::move_only_function<void(SendOutcome)> done) override;

  // One verified callback of `channel`; `done` with the answer for Viber, once what it carried is
  // durable.
  void onCallback(const ChannelConfig& channel, const Callback& callback,
                  std::move_only_function<void(WebhookReply)> done);

 private:
  struct Bot;
  void startBot(ChannelConfig config);
  void setWebhook(std::shared_ptr<Bot> bot);
  void consent(const ChannelConfig& channel, const std::string& user_id, bool opted_out,
               std::move_only_function<void(WebhookReply)> done);
  void call(const ChannelConfig& config, std::string_view base_url, std::string endpoint,
            std::string body, std::move_only_function<void(Result<HttpResponse>)> done);
  // Hands a message to the sink and answers Viber once it is durable. REQUIRES: beginWork().
  void store(InboundSink& sink, ChannelInbound inbound,
             std::move_only_function<void(WebhookReply)> done);
  // Counts work handed to storage or the sink (and files being fetched), so stop() can wait for it.
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
  std::map<std::string, std::shared_ptr<Bot>> bots_;  // by "<tenant>/<channel>"
};

}  // namespace parley::channels::viber
