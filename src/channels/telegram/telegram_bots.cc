#include "channels/telegram/telegram_bots.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "channels/card_mask.h"
#include "channels/choice_reply.h"
#include "channels/media_download.h"
#include "channels/message_content.h"
#include "channels/telegram/bot_api.h"
#include "channels/telegram/telegram_inbound.h"
#include "channels/telegram/telegram_settings.h"
#include "storage/channel_store.h"

namespace parley::channels::telegram {
namespace {

constexpr std::string_view kType = "telegram";
constexpr int kPollSeconds = 25;
constexpr std::chrono::milliseconds kPollTimeout{(kPollSeconds + 10) * 1000};
constexpr std::chrono::milliseconds kCallTimeout{15'000};
constexpr std::chrono::seconds kMaxBackoff{30};

std::string keyOf(const TenantId& tenant, const ChannelId& channel) {
  return tenant.value + '/' + channel.value;
}

// An answer, or the transport's failure, as one BotAnswer.
BotAnswer answerOf(const Result<HttpResponse>& response) {
  if (!response) {
    return {.kind = AnswerKind::Unreadable, .description = response.error().message};
  }
  return parseAnswer(response->status, response->body);
}

// What Telegram said, or why there was nothing Parley could read (no connection, not the Bot API).
std::string refusal(const BotAnswer& answer) {
  if (!answer.error_code) {
    return "no usable answer from Telegram: " + answer.description;
  }
  return "Telegram answered " + std::to_string(*answer.error_code) + ": " + answer.description;
}

// What Telegram's answer to a send means for the message.
SendOutcome sendOutcomeOf(const Result<HttpResponse>& response) {
  BotAnswer answer = answerOf(response);
  switch (answer.kind) {
    case AnswerKind::Ok: {
      auto sent = parseSentMessage(answer.result);
      std::vector<std::string> ids;
      if (sent) {
        ids.push_back(std::to_string(sent->chat_id) + ":" + std::to_string(sent->message_id));
      }
      return SendOutcome::of(Verdict::Delivered, "", std::move(ids));
    }
    case AnswerKind::RetryAfter: {
      SendOutcome later = SendOutcome::of(Verdict::Retry, refusal(answer));
      later.outcome.retry_after = std::chrono::seconds(answer.retry_after.value_or(1));
      return later;
    }
    case AnswerKind::Blocked:
      // 403: the user blocked the bot (or their account is gone).
      return SendOutcome::unreachable(answer.description.find("blocked") != std::string::npos
                                          ? "unreachable (blocked the bot)"
                                          : "unreachable (" + refusal(answer) + ")");
    case AnswerKind::Unauthorized:
      return SendOutcome::of(Verdict::Failed, "Telegram refused the bot token (" + refusal(answer) +
                                                  "): save the channel with a valid token");
    case AnswerKind::BadRequest:
      return SendOutcome::of(Verdict::Failed, refusal(answer));
    case AnswerKind::Conflict:
    case AnswerKind::ServerError:
      return SendOutcome::of(Verdict::Retry, refusal(answer));
    case AnswerKind::Unreadable:
      break;
  }
  return SendOutcome::of(Verdict::Retry, "no answer from Telegram: " + answer.description);
}

// The file of Parley's media store a message's content names ({"media":{"id",…}}), if any.
std::optional<StoredFile> storedFileOf(std::string_view content_json) {
  const auto content = nlohmann::json::parse(content_json, nullptr, false);
  if (!content.is_object() || !content.contains("media") || !content["media"].is_object()) {
    return std::nullopt;
  }
  const auto& media = content["media"];
  if (!media.contains("id") || !media["id"].is_string()) {
    return std::nullopt;
  }
  StoredFile file{.id = MediaId{media["id"].get<std::string>()}};
  if (media.contains("caption") && media["caption"].is_string()) {
    file.caption = media["caption"].get<std::string>();
  }
  return file;
}

}  // namespace

struct TelegramBots::Bot {
  ChannelConfig config;
  TelegramSettings settings;
  std::atomic<bool> stopped{false};
  std::optional<int64_t> offset;  // polling: the next getUpdates' offset
  int failures = 0;               // in a row, for the backoff
};

TelegramBots::TelegramBots(storage::Stores stores, const Clock& clock, HttpClient& http,
                           std::string public_url)
    : stores_(std::move(stores)),
      clock_(clock),
      http_(http),
      public_url_(std::move(public_url)),
      timers_(std::make_unique<ThreadScheduler>(clock)) {}

TelegramBots::~TelegramBots() { stop(); }

Result<void> TelegramBots::start(InboundSink& inbound, StatusChanged status_changed) {
  {
    std::lock_guard lock(mutex_);
    inbound_ = &inbound;
  }
  statuses_.listen(std::move(status_changed));
  auto channels = enabledChannels(stores_, kType);
  if (!channels) {
    return std::unexpected(channels.error());
  }
  for (ChannelConfig& channel : *channels) {
    startBot(std::move(channel));
  }
  return {};
}

void TelegramBots::stop() {
  std::map<std::string, std::shared_ptr<Bot>> bots;
  {
    std::unique_lock lock(mutex_);
    if (stopped_) {
      return;
    }
    stopped_ = true;
    bots.swap(bots_);
    for (auto& [key, bot] : bots) {
      bot->stopped = true;
    }
    // Updates handed to the sink are answered before the pipeline goes.
    idle_.wait(lock, [this] { return storing_ == 0; });
  }
  timers_.reset();  // drops the retries not due yet; those running see their bot stopped
}

void TelegramBots::changed(const TenantId& tenant, const ChannelId& channel) {
  const std::string key = keyOf(tenant, channel);
  std::shared_ptr<Bot> old;
  {
    std::lock_guard lock(mutex_);
    if (stopped_) {
      return;
    }
    if (auto found = bots_.find(key); found != bots_.end()) {
      old = std::move(found->second);
      bots_.erase(found);
    }
  }
  statuses_.forget(tenant, channel);
  if (old) {
    old->stopped = true;
  }
  auto config = stores_.channels->findChannel(tenant, channel);
  if (config && config->type == kType && config->enabled) {
    startBot(std::move(*config));
    return;
  }
  // Deleted or switched off: Telegram stops calling a webhook nobody takes.
  if (old && old->settings.mode == UpdateMode::Webhook) {
    BotCall remove = deleteWebhookCall();
    call(old->config, old->settings.api_base_url, remove.method, remove.body_json, kCallTimeout,
         [](Result<HttpResponse>) {});
  }
}

ChannelStatus TelegramBots::status(const TenantId& tenant, const ChannelId& channel) const {
  return statuses_.get(tenant, channel, {"connecting", "connecting to Telegram", std::nullopt});
}

void TelegramBots::test(ChannelConfig config, std::move_only_function<void(Result<void>)> done) {
  auto settings = readTelegramSettings(config.settings);
  if (!settings) {
    done(std::unexpected(settings.error()));
    return;
  }
  BotCall me = getMeCall();
  call(config, settings->api_base_url, me.method, me.body_json, kCallTimeout,
       [done = std::move(done)](Result<HttpResponse> response) mutable {
         BotAnswer answer = answerOf(response);
         if (answer.kind != AnswerKind::Ok) {
           done(fail(ErrorCode::NotReady, answer.kind == AnswerKind::Unreadable
                                              ? "cannot reach Telegram: " + answer.description
                                              : refusal(answer)));
           return;
         }
         auto bot = parseGetMeResult(answer.result);
         if (!bot) {
           done(std::unexpected(bot.error()));
           return;
         }
         done({});
       });
}

bool TelegramBots::sends(std::string_view /*channel*/) const { return true; }

void TelegramBots::showTyping(const TenantId& tenant, const ChannelId& channel,
                              const std::string& identity, bool typing) {
  if (!typing) {
    return;
  }
  auto config = stores_.channels->findChannel(tenant, channel);
  if (!config) {
    return;
  }
  auto settings = readTelegramSettings(config->settings);
  auto request = sendChatActionCall(identity);
  if (!settings || !request) {
    return;
  }
  call(*config, settings->api_base_url, request->method, request->body_json, kCallTimeout,
       [channel](Result<HttpResponse> response) {
         if (BotAnswer answer = answerOf(response); answer.kind != AnswerKind::Ok) {
           spdlog::debug("telegram {}: sendChatAction refused: {}", channel.value, refusal(answer));
         }
       });
}

void TelegramBots::send(const storage::OutboxEntry& entry, const storage::OutboundMessage& outbound,
                        std::move_only_function<void(SendOutcome)> done) {
  auto config = stores_.channels->findChannel(entry.tenant_id, ChannelId{entry.channel});
  if (!config) {
    done(SendOutcome::of(Verdict::Retry, "cannot read the channel: " + config.error().message));
    return;
  }
  auto settings = readTelegramSettings(config->settings);
  if (!settings) {
    done(SendOutcome::of(Verdict::Failed, "the channel's settings are unreadable"));
    return;
  }
  if (!outbound.identity) {
    done(SendOutcome::of(Verdict::Failed, "the contact has no Telegram chat"));
    return;
  }
  // A file of Parley's media store is uploaded with the call (Telegram fetches only some types by
  // URL, and needs no --public-url this way).
  if (auto file = storedFileOf(outbound.message.content)) {
    upload(*config, settings->api_base_url, *outbound.identity, std::move(*file), std::move(done));
    return;
  }
  auto request = buildSend(*outbound.identity, outbound.message.content);
  if (!request) {
    done(SendOutcome::of(Verdict::Failed, request.error().message));
    return;
  }
  call(*config, settings->api_base_url, request->method, request->body_json, kCallTimeout,
       [done = std::move(done)](Result<HttpResponse> response) mutable {
         done(sendOutcomeOf(response));
       });
}

void TelegramBots::upload(const ChannelConfig& config, const std::string& base_url,
                          const std::string& chat, StoredFile file,
                          std::move_only_function<void(SendOutcome)> done) {
  std::unique_lock lock(mutex_);  // stop() resets timers_ only once stopped_ is set under it
  if (stopped_ || !timers_ || !stores_.media) {
    lock.unlock();  // never held while calling out
    done(SendOutcome::of(Verdict::Retry, "Telegram channels are not running"));
    return;
  }
  // Reading a file of up to 20 MB: on the bots' own thread, not the outbox's.
  timers_->post([this, config, base_url, chat, file = std::move(file),
                 done = std::move(done)]() mutable {
    auto read = stores_.media->readMedia(config.tenant_id, file.id);
    if (!read) {
      done(SendOutcome::of(Verdict::Failed, "the file cannot be read: " + read.error().message));
      return;
    }
    const storage::StoredMedia& stored = read->first;
    auto call = sendFileCall(chat, stored.name, stored.mime_type, read->second, file.caption,
                             privacy::toHex(privacy::randomBytes(16)));
    if (!call) {
      done(SendOutcome::of(Verdict::Failed, call.error().message));
      return;
    }
    http_.send(HttpRequest{.method = "POST",
                           .url = methodUrl(base_url, config.secret, call->method),
                           .headers = {{"Content-Type", call->content_type}},
                           .body = std::move(call->body),
                           .timeout = kMediaDownloadTimeout},
               [done = std::move(done)](Result<HttpResponse> response) mutable {
                 done(sendOutcomeOf(response));
               });
  });
}

void TelegramBots::receive(const ChannelConfig& channel, const Update& update,
                           std::move_only_function<void(Result<void>)> done) {
  std::optional<TelegramInbound> inbound = toInbound(update, channel.tenant_id, channel.id);
  if (!inbound) {
    done({});
    return;
  }
  if (inbound->callback_query_id && !inbound->message.choice) {
    // The keyboard was not sent back with the press: the button's number names an option of the
    // choices the agent sent last.
    inbound->message.choice =
        chosenOption(*stores_.conversations, channel.tenant_id, channel.id.value,
                     inbound->message.identity, inbound->message.text);
  }
  InboundSink* sink = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (!stopped_ && inbound_) {
      sink = inbound_;
      ++storing_;  // stop() waits for the file's download too
    }
  }
  if (!sink) {
    done(fail(ErrorCode::NotReady, "Telegram channels are not running"));
    return;
  }
  if (!update.attachment || update.kind != UpdateKind::Message) {
    store(*sink, channel, std::move(*inbound), std::move(done));  // an edit keeps the file it had
    return;
  }
  // The file is fetched and stored with the message; if it cannot be, the message is stored
  // without it, as its kind and caption ("[Photo] my receipt").
  fetchFile(channel, *update.attachment,
            [this, sink, channel, inbound = std::move(*inbound), caption = update.text.value_or(""),
             done = std::move(done)](std::optional<DownloadedMedia> file) mutable {
              if (stopping()) {
                // Not stored without its file: Telegram sends the update again after the restart.
                if (file) {
                  stores_.media->discard(channel.tenant_id, file->staged.id);
                }
                done(fail(ErrorCode::NotReady, "Telegram channels are stopping"));
                endStoring();
                return;
              }
              if (file) {
                const storage::StagedMedia& staged = file->staged;
                inbound.message.content = storedMediaContent(
                    staged.id, staged.mime_type, file->name, staged.size, maskCardNumbers(caption));
                inbound.message.media.push_back(std::move(file->staged));
              }
              store(*sink, channel, std::move(inbound), std::move(done));
            });
}

void TelegramBots::store(InboundSink& sink, const ChannelConfig& channel, TelegramInbound inbound,
                         std::move_only_function<void(Result<void>)> done) {
  sink.receive(
      std::move(inbound.message), [this, channel, callback = std::move(inbound.callback_query_id),
                                   done = std::move(done)](Result<InboundOutcome> stored) mutable {
        if (stored && callback) {
          if (auto answer = answerCallbackQueryCall(*callback); answer) {
            auto settings = readTelegramSettings(channel.settings);
            call(channel, settings ? settings->api_base_url : std::string(kDefaultBaseUrl),
                 answer->method, answer->body_json, kCallTimeout, [](Result<HttpResponse>) {});
          }
        }
        done(stored ? Result<void>() : Result<void>(std::unexpected(stored.error())));
        endStoring();
      });
}

bool TelegramBots::stopping() const {
  std::lock_guard lock(mutex_);
  return stopped_;
}

void TelegramBots::endStoring() {
  std::lock_guard lock(mutex_);
  if (--storing_ == 0) {
    idle_.notify_all();  // under the lock: stop() cannot go on before this returns
  }
}

void TelegramBots::fetchFile(const ChannelConfig& channel, const Attachment& attachment,
                             std::move_only_function<void(std::optional<DownloadedMedia>)> done) {
  auto settings = readTelegramSettings(channel.settings);
  auto get_file = getFileCall(attachment.file_id);
  if (!stores_.media || !settings || !get_file ||
      attachment.file_size.value_or(0) > int64_t{kMaxMediaBytes}) {
    done(std::nullopt);
    return;
  }
  std::string name = attachment.file_name.value_or("");
  call(channel, settings->api_base_url, get_file->method, get_file->body_json, kCallTimeout,
       [this, channel, base = settings->api_base_url, name = std::move(name),
        done = std::move(done)](Result<HttpResponse> response) mutable {
         BotAnswer answer = answerOf(response);
         auto file = answer.kind == AnswerKind::Ok
                         ? parseGetFileResult(answer.result)
                         : Result<RemoteFile>(fail(ErrorCode::NotReady, refusal(answer)));
         if (!file) {
           spdlog::info("telegram {}: a file is not stored: {}", channel.id.value,
                        file.error().message);
           done(std::nullopt);
           return;
         }
         if (stopping()) {
           done(std::nullopt);
           return;
         }
         downloadMedia(http_, *stores_.media, *timers_, channel,
                       {.url = fileUrl(base, channel.secret, file->file_path),
                        .name = std::move(name),
                        .provider = std::string(kType)},
                       std::move(done));
       });
}

void TelegramBots::startBot(ChannelConfig config) {
  auto settings = readTelegramSettings(config.settings);
  auto bot = std::make_shared<Bot>();
  bot->config = std::move(config);
  if (!settings) {
    publish(bot->config, {"disconnected", "unreadable settings", clock_.now()});
    return;
  }
  bot->settings = std::move(*settings);
  {
    std::lock_guard lock(mutex_);
    if (stopped_) {
      return;
    }
    bots_[keyOf(bot->config.tenant_id, bot->config.id)] = bot;
  }
  if (bot->settings.mode == UpdateMode::Webhook) {
    setWebhook(std::move(bot));
    return;
  }
  // Telegram refuses getUpdates while a webhook is set. Its answer also says whether the token
  // works; any other failure shows in the poll.
  BotCall remove = deleteWebhookCall();
  call(bot->config, bot->settings.api_base_url, remove.method, remove.body_json, kCallTimeout,
       [this, bot](Result<HttpResponse> response) {
         if (bot->stopped) {
           return;
         }
         BotAnswer answer = answerOf(response);
         if (answer.kind == AnswerKind::Unauthorized) {
           publish(bot->config, {"refused", "Telegram refused the bot token", clock_.now()});
           return;
         }
         if (answer.kind == AnswerKind::Ok) {
           publish(bot->config, {"connected", "polling Telegram for updates", clock_.now()});
         }
         poll(bot);
       });
}

void TelegramBots::setWebhook(std::shared_ptr<Bot> bot) {
  if (bot->stopped) {
    return;
  }
  if (public_url_.empty()) {
    publish(bot->config,
            {"disconnected",
             "Telegram cannot reach Parley: start it with --public-url, or use polling mode",
             clock_.now()});
    return;
  }
  const std::string url = public_url_ + "/api/v1/channels/" + bot->config.id.value + "/webhook";
  auto request = setWebhookCall(url, webhookSecret(bot->config.secret, bot->config.id.value));
  if (!request) {
    publish(bot->config, {"disconnected", request.error().message, clock_.now()});
    return;
  }
  call(bot->config, bot->settings.api_base_url, request->method, request->body_json, kCallTimeout,
       [this, bot, url](Result<HttpResponse> response) {
         if (bot->stopped) {
           return;
         }
         BotAnswer answer = answerOf(response);
         if (answer.kind == AnswerKind::Ok) {
           bot->failures = 0;
           publish(bot->config, {"connected", "Telegram sends updates to " + url, clock_.now()});
         } else if (answer.kind == AnswerKind::Unauthorized) {
           publish(bot->config, {"refused", "Telegram refused the bot token", clock_.now()});
         } else {
           publish(bot->config, {"disconnected", refusal(answer), clock_.now()});
           retryLater(bot, answer.retry_after, &TelegramBots::setWebhook);
         }
       });
}

void TelegramBots::poll(std::shared_ptr<Bot> bot) {
  if (bot->stopped) {
    return;
  }
  auto request = getUpdatesCall(bot->offset, kPollSeconds);
  if (!request) {
    publish(bot->config, {"disconnected", request.error().message, clock_.now()});
    return;
  }
  call(bot->config, bot->settings.api_base_url, request->method, request->body_json, kPollTimeout,
       [this, bot](Result<HttpResponse> response) {
         if (bot->stopped) {
           return;
         }
         BotAnswer answer = answerOf(response);
         if (answer.kind == AnswerKind::Unauthorized) {
           publish(bot->config, {"refused", "Telegram refused the bot token", clock_.now()});
           return;
         }
         if (answer.kind != AnswerKind::Ok) {
           publish(bot->config, {"disconnected", refusal(answer), clock_.now()});
           retryLater(bot, answer.retry_after, &TelegramBots::poll);
           return;
         }
         auto batch = parseGetUpdates(response->body);
         if (!batch) {
           publish(bot->config, {"disconnected", batch.error().message, clock_.now()});
           retryLater(bot, std::nullopt, &TelegramBots::poll);
           return;
         }
         bot->failures = 0;
         publish(bot->config, {"connected", "polling Telegram for updates", clock_.now()});
         for (const RejectedUpdate& rejected : batch->rejected) {
           spdlog::warn("telegram {}: update {} skipped: {}", bot->config.id.value,
                        rejected.update_id.value_or(-1), rejected.error.message);
         }
         storeBatch(bot, std::move(batch->updates), 0, batch->next_offset);
       });
}

// Stores the batch's updates one after the other (their order is the conversation's), then polls
// with the offset that confirms them. A failed store polls again later without confirming.
void TelegramBots::storeBatch(std::shared_ptr<Bot> bot, std::vector<Update> updates, size_t next,
                              std::optional<int64_t> offset) {
  if (next == updates.size()) {
    if (offset) {
      bot->offset = offset;
    }
    poll(std::move(bot));
    return;
  }
  const Update& update = updates[next];
  receive(bot->config, update,
          [this, bot, updates = std::move(updates), next, offset](Result<void> stored) mutable {
            if (bot->stopped) {
              return;
            }
            if (!stored) {
              spdlog::warn("telegram {}: an update was not stored: {}", bot->config.id.value,
                           stored.error().message);
              retryLater(bot, std::nullopt, &TelegramBots::poll);
              return;
            }
            storeBatch(std::move(bot), std::move(updates), next + 1, offset);
          });
}

void TelegramBots::retryLater(std::shared_ptr<Bot> bot, std::optional<int64_t> retry_after_seconds,
                              void (TelegramBots::*what)(std::shared_ptr<Bot>)) {
  bot->failures = std::min(bot->failures + 1, 16);
  auto delay = std::min<std::chrono::milliseconds>(
      std::chrono::milliseconds(1000) * (1 << std::min(bot->failures - 1, 5)), kMaxBackoff);
  if (retry_after_seconds) {
    delay = std::max<std::chrono::milliseconds>(delay, std::chrono::seconds(*retry_after_seconds));
  }
  std::lock_guard lock(mutex_);
  if (stopped_ || !timers_) {
    return;
  }
  timers_->postAt(clock_.now() + delay, [this, bot, what] { (this->*what)(bot); });
}

void TelegramBots::publish(const ChannelConfig& config, ChannelStatus status) {
  statuses_.publish(config.tenant_id, config.id, std::move(status));
}

void TelegramBots::call(const ChannelConfig& config, std::string_view base_url, std::string method,
                        std::string body, std::chrono::milliseconds timeout,
                        std::move_only_function<void(Result<HttpResponse>)> done) {
  HttpRequest request{.method = "POST",
                      .url = methodUrl(base_url, config.secret, method),
                      .headers = {{"Content-Type", "application/json"}},
                      .body = std::move(body),
                      .timeout = timeout};
  http_.send(std::move(request), std::move(done));
}

}  // namespace parley::channels::telegram
