#pragma once
// What every channel type over Meta's Graph API runs while the server runs (WhatsApp numbers,
// Messenger pages, Instagram accounts): the runtime and the outbox's sender, with what they share.
//
// - Status: on start and on every save the channel's access token is tried (lookUp(): the number
//   or page as Meta shows it), "connected" naming it or "refused" with Meta's reason. Meta's
//   webhooks are set in the Meta app's dashboard (meta/verification.h): nothing is registered.
// - Webhook events: each is one unit of work of its POST's WebhookBatch (startEvent()): a
//   customer's message goes to the inbound sink (its file fetched into the media store first,
//   downloadThenStore()), a status to the sent message's tick (recordStatus()).
// - Calls: graph() with the channel's token as a Bearer header, 15 s.
//
// Threads: HTTP answers on the client's threads, file staging on a scheduler thread of its own,
// storage callbacks on storage threads; state under one mutex, never held while calling out. Logs
// carry channel ids and Meta's codes, never tokens, texts or customers' ids.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "channels/channel_runtime.h"
#include "channels/channel_sender.h"
#include "channels/channel_statuses.h"
#include "channels/delivery_receipts.h"
#include "channels/media_download.h"
#include "channels/meta/graph_error.h"
#include "channels/meta/graph_settings.h"
#include "channels/meta/webhook_batch.h"
#include "core/http_client.h"
#include "core/scheduler.h"
#include "privacy/crypto.h"
#include "storage/stores.h"

namespace parley::channels::meta {

// What the outbox does with an attempt Meta answered so (rate limits and 5xx: Retry; a closed
// window, an account problem, a refusal: Failed; an unreachable contact: Failed and unreachable).
SendOutcome sendOutcomeOf(const GraphAnswer& answer);

class GraphChannels : public ChannelRuntime, public ChannelSender {
 public:
  ~GraphChannels() override;

  // ChannelRuntime
  [[nodiscard]] Result<void> start(InboundSink& inbound, StatusChanged status_changed) override;
  void stop() override;
  void changed(const TenantId& tenant, const ChannelId& channel) override;
  ChannelStatus status(const TenantId& tenant, const ChannelId& channel) const override;
  // lookUp() with the given settings and token.
  void test(ChannelConfig config, std::move_only_function<void(Result<void>)> done) override;

  // ChannelSender
  bool sends(std::string_view /*channel*/) const override { return true; }

 protected:
  // `type` is the channels' type ("whatsapp"), `provider` how agents know it ("WhatsApp").
  // Uses stores.channels, .conversations, .outbox and .media. Everything passed must outlive this.
  GraphChannels(storage::Stores stores, const Clock& clock, HttpClient& http,
                DeliveryObserver& delivery, std::string public_url,
                const privacy::SecretKey& media_link_key, std::string type, std::string provider);

  // The account as Meta shows it ("+1 555-000-1111 (Parley Shop)"), or why not: Unauthenticated
  // when Meta refused the token, else NotReady.
  virtual void lookUp(const ChannelConfig& config,
                      std::move_only_function<void(Result<std::string>)> done) = 0;
  // After the account answered on start or save (WhatsApp syncs its templates). Inside a unit of
  // work: call endWork() when done.
  virtual void connected(const ChannelConfig& /*config*/) { endWork(); }

  // One call to {endpoint.url}/{endpoint.version}/{path} with the channel's access token.
  void graph(const GraphEndpoint& endpoint, const ChannelConfig& config, std::string method,
             std::string path, std::string body,
             std::move_only_function<void(Result<HttpResponse>)> done);
  // The sink while running, else null.
  InboundSink* sink();
  // A webhook event begins as a unit of work of `batch`; false (the batch answers 503) once
  // stopping. Each true is followed by exactly one storeInbound(), downloadThenStore(),
  // recordStatus() or endWork().
  bool startEvent(WebhookBatch& batch);
  // Hands the message to the sink; the batch's event is finished once it is durable.
  void storeInbound(ChannelInbound inbound, std::shared_ptr<WebhookBatch> batch);
  // Whether Meta sent this message before and it is stored: a retry, whose file is not fetched
  // again (the sink drops the repeat).
  bool storedAlready(const ChannelInbound& inbound);
  // Fetches the file first (the message keeps its text if that fails), then storeInbound(); a
  // retry of a stored message goes straight to storeInbound().
  void downloadThenStore(const ChannelConfig& channel, MediaDownload download,
                         ChannelInbound inbound, std::string caption,
                         std::shared_ptr<WebhookBatch> batch);
  // A provider's status for a sent message. An unknown id is finished (dropped) unless `fresh`: a
  // status can overtake the record of its send, so a fresh one is asked for again.
  void recordStatus(const ChannelConfig& channel, const std::string& provider_id,
                    DeliveryStatus status, std::optional<std::string> reason, bool fresh,
                    std::shared_ptr<WebhookBatch> batch);
  bool beginWork();
  void endWork();

  const std::string type_;
  const std::string provider_;
  const privacy::SecretKey& media_link_key_;
  storage::Stores stores_;
  const Clock& clock_;
  HttpClient& http_;
  const std::string public_url_;

 private:
  void check(ChannelConfig config);

  DeliveryReceipts receipts_;
  std::unique_ptr<ThreadScheduler> timers_;
  ChannelStatuses statuses_;
  mutable std::mutex mutex_;
  std::condition_variable idle_;
  InboundSink* inbound_ = nullptr;
  bool stopped_ = false;
  int working_ = 0;
};

}  // namespace parley::channels::meta
