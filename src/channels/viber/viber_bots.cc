#include "channels/viber/viber_bots.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "channels/card_mask.h"
#include "channels/media_download.h"
#include "channels/media_link.h"
#include "channels/message_content.h"
#include "channels/viber/viber_api.h"
#include "channels/viber/viber_inbound.h"
#include "channels/viber/viber_settings.h"
#include "storage/channel_store.h"
#include "storage/conversation_stores.h"

namespace parley::channels::viber {
namespace {

constexpr std::string_view kType = "viber";
constexpr std::chrono::milliseconds kCallTimeout{15'000};
constexpr std::chrono::minutes kMaxBackoff{5};

std::string keyOf(const TenantId& tenant, const ChannelId& channel) {
  return tenant.value + '/' + channel.value;
}

ViberAnswer answerOf(const Result<HttpResponse>& response) {
  if (!response) {
    return {.kind = AnswerKind::Unreadable,
            .reason = "no answer from Viber: " + response.error().message};
  }
  return parseAnswer(response->status, response->body);
}

SenderProfile senderOf(const ViberSettings& settings) {
  return {.name = settings.sender_name, .avatar = settings.avatar_url};
}

WebhookReply ok() { return {.body = "{}"}; }

WebhookReply retryLaterReply() {
  return webhookError(503, "not_ready", "not stored; send it again");
}

}  // namespace

struct ViberBots::Bot {
  ChannelConfig config;
  ViberSettings settings;
  std::atomic<bool> stopped{false};
  int failures = 0;
};

ViberBots::ViberBots(storage::Stores stores, const Clock& clock, HttpClient& http,
                     DeliveryObserver& delivery, std::string public_url,
                     const privacy::SecretKey& media_link_key)
    : media_link_key_(media_link_key),
      stores_(stores),
      clock_(clock),
      http_(http),
      receipts_(stores, delivery),
      public_url_(std::move(public_url)),
      timers_(std::make_unique<ThreadScheduler>(clock)) {}

ViberBots::~ViberBots() { stop(); }

Result<void> ViberBots::start(InboundSink& inbound, StatusChanged status_changed) {
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

void ViberBots::stop() {
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
    idle_.wait(lock, [this] { return working_ == 0; });
  }
  timers_.reset();
}

void ViberBots::changed(const TenantId& tenant, const ChannelId& channel) {
  std::shared_ptr<Bot> old;
  {
    std::lock_guard lock(mutex_);
    if (stopped_) {
      return;
    }
    if (auto found = bots_.find(keyOf(tenant, channel)); found != bots_.end()) {
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
  // Deleted or switched off: Viber stops calling.
  if (old) {
    ApiCall remove = removeWebhookCall();
    call(old->config, old->settings.api_base_url, remove.endpoint, remove.body_json,
         [](Result<HttpResponse>) {});
  }
}

ChannelStatus ViberBots::status(const TenantId& tenant, const ChannelId& channel) const {
  return statuses_.get(tenant, channel, {"connecting", "connecting to Viber", std::nullopt});
}

void ViberBots::test(ChannelConfig config, std::move_only_function<void(Result<void>)> done) {
  auto settings = readViberSettings(config.settings);
  if (!settings) {
    done(std::unexpected(settings.error()));
    return;
  }
  ApiCall info = accountInfoCall();
  call(config, settings->api_base_url, info.endpoint, info.body_json,
       [done = std::move(done)](Result<HttpResponse> response) mutable {
         ViberAnswer answer = answerOf(response);
         if (answer.kind != AnswerKind::Ok) {
           done(fail(ErrorCode::NotReady, answer.reason));
           return;
         }
         auto account = parseAccountInfo(response->body);
         done(account ? Result<void>() : Result<void>(std::unexpected(account.error())));
       });
}

bool ViberBots::sends(std::string_view /*channel*/) const { return true; }

void ViberBots::send(const storage::OutboxEntry& entry, const storage::OutboundMessage& outbound,
                     std::move_only_function<void(SendOutcome)> done) {
  auto config = stores_.channels->findChannel(entry.tenant_id, ChannelId{entry.channel});
  if (!config) {
    done(SendOutcome::of(Verdict::Retry, "cannot read the channel: " + config.error().message));
    return;
  }
  auto settings = readViberSettings(config->settings);
  if (!settings) {
    done(SendOutcome::of(Verdict::Failed, "the channel's settings are unreadable"));
    return;
  }
  if (!outbound.identity) {
    done(SendOutcome::of(Verdict::Failed, "the contact has no Viber account on this channel"));
    return;
  }
  // A file of Parley's media store goes as a link Viber fetches it through.
  auto content = withSharedMediaLinks(outbound.message.content, public_url_, media_link_key_,
                                      entry.tenant_id, clock_.now());
  if (!content) {
    done(SendOutcome::of(Verdict::Failed, content.error().message));
    return;
  }
  auto request = buildSend(*outbound.identity, senderOf(*settings), *content);
  if (!request) {
    done(SendOutcome::of(Verdict::Failed, request.error().message));
    return;
  }
  call(*config, settings->api_base_url, request->endpoint, request->body_json,
       [done = std::move(done)](Result<HttpResponse> response) mutable {
         ViberAnswer answer = answerOf(response);
         switch (answer.kind) {
           case AnswerKind::Ok:
             done(SendOutcome::of(Verdict::Delivered, "",
                                  answer.message_token.empty()
                                      ? std::vector<std::string>{}
                                      : std::vector<std::string>{answer.message_token}));
             return;
           case AnswerKind::TooManyRequests:
           case AnswerKind::Unreadable:
             done(SendOutcome::of(Verdict::Retry, answer.reason));
             return;
           case AnswerKind::Unreachable:
             done(SendOutcome::unreachable("unreachable (" + answer.reason + ")"));
             return;
           case AnswerKind::AccountProblem:
           case AnswerKind::BadRequest:
             done(SendOutcome::of(Verdict::Failed, answer.reason));
             return;
         }
       });
}

void ViberBots::onCallback(const ChannelConfig& channel, const Callback& callback,
                           std::move_only_function<void(WebhookReply)> done) {
  switch (callback.kind) {
    case EventKind::Message: {
      std::optional<ChannelInbound> inbound = toInbound(callback, channel.tenant_id, channel.id);
      InboundSink* sink = nullptr;
      {
        std::lock_guard lock(mutex_);
        sink = stopped_ ? nullptr : inbound_;
      }
      if (!inbound || !sink || !beginWork()) {
        done(retryLaterReply());
        return;
      }
      const Media* media = callback.message->media ? &*callback.message->media : nullptr;
      const MessageType type = callback.message->type;
      if (!media || !stores_.media || media->size.value_or(0) > int64_t{kMaxMediaBytes} ||
          (type != MessageType::Picture && type != MessageType::Video &&
           type != MessageType::File)) {
        store(*sink, std::move(*inbound), std::move(done));
        return;
      }
      // Viber's link expires: the file is fetched and stored with the message. If it cannot be,
      // the message keeps the link, good for a while.
      downloadMedia(
          http_, *stores_.media, *timers_, channel,
          {.url = media->url,
           .name = media->file_name.value_or(""),
           .provider = std::string(kType)},
          [this, sink, inbound = std::move(*inbound), caption = callback.message->text.value_or(""),
           done = std::move(done)](std::optional<DownloadedMedia> file) mutable {
            if (file) {
              const storage::StagedMedia& staged = file->staged;
              inbound.content = storedMediaContent(staged.id, staged.mime_type, file->name,
                                                   staged.size, maskCardNumbers(caption));
              inbound.media.push_back(std::move(file->staged));
            }
            store(*sink, std::move(inbound), std::move(done));
          });
      return;
    }
    case EventKind::Delivered:
    case EventKind::Seen:
    case EventKind::Failed: {
      if (!beginWork()) {
        done(retryLaterReply());
        return;
      }
      const DeliveryStatus status = callback.kind == EventKind::Delivered
                                        ? DeliveryStatus::Delivered
                                    : callback.kind == EventKind::Seen ? DeliveryStatus::Read
                                                                       : DeliveryStatus::Failed;
      std::optional<std::string> reason;
      if (callback.kind == EventKind::Failed) {
        reason = "Viber could not deliver it: " + callback.description.value_or("no reason given");
      }
      receipts_.record(
          channel.tenant_id, channel.id.value, callback.message_token, status, std::move(reason),
          [this, id = channel.id.value, done = std::move(done)](Result<void> recorded) mutable {
            // A status for a message Parley does not know (yet) is not retried.
            const bool retry = !recorded && recorded.error().code != ErrorCode::NotFound;
            if (!recorded && !retry) {
              spdlog::info("viber {}: a status for an unknown message", id);
            }
            done(retry ? retryLaterReply() : ok());
            endWork();
          });
      return;
    }
    case EventKind::Unsubscribed:
    case EventKind::Subscribed:
      consent(channel, callback.user_id, callback.kind == EventKind::Unsubscribed, std::move(done));
      return;
    case EventKind::ConversationStarted: {
      auto settings = readViberSettings(channel.settings);
      if (settings && settings->welcome_message) {
        if (auto welcome = welcomeMessage(senderOf(*settings), *settings->welcome_message)) {
          done({.body = std::move(*welcome)});
          return;
        }
      }
      done(ok());
      return;
    }
    case EventKind::Webhook:
    case EventKind::Other:
      done(ok());
      return;
  }
}

// P6: unsubscribing opts the contact out of the channel (replies are refused, as after an SMS
// STOP); subscribing opts them back in. A user Parley never heard from has nothing to change.
void ViberBots::consent(const ChannelConfig& channel, const std::string& user_id, bool opted_out,
                        std::move_only_function<void(WebhookReply)> done) {
  auto contact =
      stores_.conversations->findContactByIdentity(channel.tenant_id, channel.id.value, user_id);
  if (!contact) {
    done(contact.error().code == ErrorCode::NotFound ? ok() : retryLaterReply());
    return;
  }
  if (!beginWork()) {
    done(retryLaterReply());
    return;
  }
  stores_.channels->setOptOut(channel.tenant_id, *contact, channel.id.value, opted_out,
                              opted_out ? "unsubscribed" : "subscribed", Actor::system("viber"),
                              [this, channel, contact = *contact, opted_out,
                               done = std::move(done)](Result<void> recorded) mutable {
                                if (!recorded || opted_out) {
                                  done(recorded ? ok() : retryLaterReply());
                                  endWork();
                                  return;
                                }
                                // Subscribed again: Viber delivers to them again ("not subscribed"
                                // made them unreachable).
                                stores_.channels->setUnreachable(
                                    channel.tenant_id, std::move(contact), channel.id.value,
                                    std::nullopt,
                                    [this, done = std::move(done)](Result<void> cleared) mutable {
                                      done(cleared ? ok() : retryLaterReply());
                                      endWork();
                                    });
                              });
}

void ViberBots::startBot(ChannelConfig config) {
  auto settings = readViberSettings(config.settings);
  auto bot = std::make_shared<Bot>();
  bot->config = std::move(config);
  if (!settings) {
    statuses_.publish(bot->config.tenant_id, bot->config.id,
                      {"disconnected", "unreadable settings", clock_.now()});
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
  setWebhook(std::move(bot));
}

void ViberBots::setWebhook(std::shared_ptr<Bot> bot) {
  if (bot->stopped) {
    return;
  }
  const ChannelConfig& config = bot->config;
  if (public_url_.empty()) {
    statuses_.publish(
        config.tenant_id, config.id,
        {"disconnected", "Viber cannot reach Parley: start it with --public-url", clock_.now()});
    return;
  }
  const std::string url = public_url_ + "/api/v1/channels/" + config.id.value + "/webhook";
  auto request = setWebhookCall(url);
  if (!request) {
    statuses_.publish(config.tenant_id, config.id,
                      {"disconnected", request.error().message, clock_.now()});
    return;
  }
  call(config, bot->settings.api_base_url, request->endpoint, request->body_json,
       [this, bot, url](Result<HttpResponse> response) {
         if (bot->stopped) {
           return;
         }
         const ChannelConfig& config = bot->config;
         ViberAnswer answer = answerOf(response);
         if (answer.kind == AnswerKind::Ok) {
           bot->failures = 0;
           statuses_.publish(config.tenant_id, config.id,
                             {"connected", "Viber sends events to " + url, clock_.now()});
           return;
         }
         if (answer.kind == AnswerKind::AccountProblem) {
           statuses_.publish(config.tenant_id, config.id, {"refused", answer.reason, clock_.now()});
           return;
         }
         statuses_.publish(config.tenant_id, config.id,
                           {"disconnected", answer.reason, clock_.now()});
         bot->failures = std::min(bot->failures + 1, 16);
         const auto delay = std::min<std::chrono::milliseconds>(
             std::chrono::seconds(1) * (1 << std::min(bot->failures - 1, 9)), kMaxBackoff);
         std::lock_guard lock(mutex_);
         if (!stopped_ && timers_) {
           timers_->postAt(clock_.now() + delay, [this, bot] { setWebhook(bot); });
         }
       });
}

void ViberBots::call(const ChannelConfig& config, std::string_view base_url, std::string endpoint,
                     std::string body, std::move_only_function<void(Result<HttpResponse>)> done) {
  HttpRequest request{.method = "POST",
                      .url = endpointUrl(base_url, endpoint),
                      .headers = {{"Content-Type", "application/json"},
                                  {std::string(kAuthTokenHeader), config.secret}},
                      .body = std::move(body),
                      .timeout = kCallTimeout};
  http_.send(std::move(request), std::move(done));
}

void ViberBots::store(InboundSink& sink, ChannelInbound inbound,
                      std::move_only_function<void(WebhookReply)> done) {
  sink.receive(std::move(inbound),
               [this, done = std::move(done)](Result<InboundOutcome> stored) mutable {
                 done(stored ? ok() : retryLaterReply());
                 endWork();
               });
}

bool ViberBots::beginWork() {
  std::lock_guard lock(mutex_);
  if (stopped_) {
    return false;
  }
  ++working_;
  return true;
}

void ViberBots::endWork() {
  std::lock_guard lock(mutex_);
  if (--working_ == 0) {
    idle_.notify_all();
  }
}

}  // namespace parley::channels::viber
