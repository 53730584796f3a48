#pragma once
// Every tenant's Telegram bots while the server runs (C5): the runtime and the outbox's sender of
// the Telegram channel type (telegram_channel.h).
//
// - Webhook mode: on start and on every save the bot's webhook is set to the channel's webhook URL
//   (Parley's public URL + /api/v1/channels/{id}/webhook) with a secret_token derived from the bot
//   token (telegram_settings.h); the webhook route hands the updates to receive().
// - Polling mode: the webhook is deleted and getUpdates is long-polled (25 s). A batch's offset is
//   confirmed (by the next poll) only once all its updates are stored, so a crash or restart loses
//   nothing: Telegram sends the unconfirmed updates again, and their provider ids make repeats
//   duplicates (telegram_inbound.h). Errors back off (1 s doubling to 30 s, or Telegram's
//   retry_after); a refused token stops the channel until it is saved again.
// - Sending: one Bot API call per message (bot_api.h buildSend): Delivered with the provider id
//   "<chat>:<message_id>"; 429 → Retry after retry_after; 403 (blocked by the user) → Failed
//   "the contact blocked the bot"; other 4xx → Failed with Telegram's description; 5xx, no
//   answer → Retry.
// - Pressed buttons are answered (answerCallbackQuery) once stored.
//
// Threads: HTTP answers arrive on the client's threads, timed retries on the bots' scheduler
// thread; state is under one mutex, and no call into the client, the sink or storage is made while
// holding it. Logs carry channel ids and Bot API error codes, never tokens, texts or chat ids.

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "channels/channel_runtime.h"
#include "channels/channel_sender.h"
#include "channels/channel_statuses.h"
#include "channels/media_download.h"
#include "channels/telegram/telegram_inbound.h"
#include "channels/telegram/telegram_update.h"
#include "core/http_client.h"
#include "core/scheduler.h"
#include "privacy/crypto.h"
#include "storage/media_store.h"
#include "storage/stores.h"

namespace parley::channels::telegram {

// A file of Parley's media store that a message names, with its caption.
struct StoredFile {
  MediaId id;
  std::string caption;
};

class TelegramBots final : public ChannelRuntime, public ChannelSender {
 public:
  // Uses stores.tenants and stores.channels. `public_url` ("https://parley.example.com", no
  // trailing slash; "" when unknown) is where Telegram reaches webhooks. Everything passed must
  // outlive the bots.
  TelegramBots(storage::Stores stores, const Clock& clock, HttpClient& http,
               std::string public_url);
  ~TelegramBots() override;

  // ChannelRuntime
  [[nodiscard]] Result<void> start(InboundSink& inbound, StatusChanged status_changed) override;
  void stop() override;
  void changed(const TenantId& tenant, const ChannelId& channel) override;
  ChannelStatus status(const TenantId& tenant, const ChannelId& channel) const override;
  // getMe with the channel's token: ok when Telegram knows the bot.
  void test(ChannelConfig config, std::move_only_function<void(Result<void>)> done) override;

  // ChannelSender
  bool sends(std::string_view channel) const override;
  void send(const storage::OutboxEntry& entry, const storage::OutboundMessage& outbound,
            std::move_only_function<void(SendOutcome)> done) override;
  // sendChatAction "typing", which Telegram shows for 5 s or until the next message; there is no
  // call to stop it, so `typing` false does nothing.
  void showTyping(const TenantId& tenant, const ChannelId& channel, const std::string& identity,
                  bool typing) override;

  // One update of `channel` (from its webhook): stored through the inbound sink, a pressed button
  // answered. `done` once durable (ok), or with why not; updates Parley does not store are ok at
  // once. NotReady before start() or after stop().
  void receive(const ChannelConfig& channel, const Update& update,
               std::move_only_function<void(Result<void>)> done);

 private:
  struct Bot;
  void startBot(ChannelConfig config);
  void setWebhook(std::shared_ptr<Bot> bot);
  void poll(std::shared_ptr<Bot> bot);
  void storeBatch(std::shared_ptr<Bot> bot, std::vector<Update> updates, size_t next,
                  std::optional<int64_t> offset);
  void retryLater(std::shared_ptr<Bot> bot, std::optional<int64_t> retry_after_seconds,
                  void (TelegramBots::*what)(std::shared_ptr<Bot>));
  void publish(const ChannelConfig& config, ChannelStatus status);
  bool stopping() const;
  void endStoring();  // one update handed to the sink (or given up) is done with
  // getFile, the download (at most 20 MB), then the file staged in the media store; nullopt when
  // the file cannot be had (or the bots are stopping). stop() waits for it: it counts in storing_.
  void fetchFile(const ChannelConfig& channel, const Attachment& attachment,
                 std::move_only_function<void(std::optional<DownloadedMedia>)> done);
  // Hands one update's message to the sink; answers a pressed button once it is stored.
  // REQUIRES: storing_ counted for it.
  void store(InboundSink& sink, const ChannelConfig& channel, TelegramInbound inbound,
             std::move_only_function<void(Result<void>)> done);
  // A file of the media store sent with the call (read on the bots' thread).
  void upload(const ChannelConfig& config, const std::string& base_url, const std::string& chat,
              StoredFile file, std::move_only_function<void(SendOutcome)> done);
  void call(const ChannelConfig& config, std::string_view base_url, std::string method,
            std::string body, std::chrono::milliseconds timeout,
            std::move_only_function<void(Result<HttpResponse>)> done);

  storage::Stores stores_;
  const Clock& clock_;
  HttpClient& http_;
  const std::string public_url_;
  std::unique_ptr<ThreadScheduler> timers_;

  mutable std::mutex mutex_;
  std::condition_variable idle_;
  InboundSink* inbound_ = nullptr;
  bool stopped_ = false;
  int storing_ = 0;  // updates handed to the sink and not answered yet
  std::map<std::string, std::shared_ptr<Bot>> bots_;  // by "<tenant>/<channel>"
  ChannelStatuses statuses_;
};

}  // namespace parley::channels::telegram
