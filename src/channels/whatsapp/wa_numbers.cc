#include "channels/whatsapp/wa_numbers.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "channels/card_mask.h"
#include "channels/channel_secrets.h"
#include "channels/media_download.h"
#include "channels/media_link.h"
#include "channels/message_content.h"
#include "channels/meta/graph_error.h"
#include "channels/meta/webhook_batch.h"
#include "channels/provider_json.h"
#include "channels/whatsapp/wa_api.h"
#include "channels/whatsapp/wa_inbound.h"
#include "channels/whatsapp/wa_settings.h"
#include "storage/channel_store.h"

namespace parley::channels::whatsapp {
namespace {

constexpr std::string_view kType = "whatsapp";
constexpr std::string_view kProvider = "WhatsApp";
constexpr std::chrono::milliseconds kCallTimeout{15'000};
constexpr std::chrono::seconds kStatusRace{60};
constexpr int kMaxTemplatePages = 50;  // 5,000 templates; Meta allows 250 per account

std::string accessTokenOf(const ChannelConfig& config) {
  return channelSecret(config.secret, kAccessTokenField);
}

std::optional<DeliveryStatus> deliveryStatusOf(std::string_view status) {
  if (status == "sent") return DeliveryStatus::Sent;
  if (status == "delivered") return DeliveryStatus::Delivered;
  if (status == "read" || status == "played") return DeliveryStatus::Read;
  if (status == "failed") return DeliveryStatus::Failed;
  return std::nullopt;
}

SendOutcome outcomeOf(const meta::GraphAnswer& answer) {
  switch (answer.verdict) {
    case meta::GraphVerdict::Ok:
      return SendOutcome::of(Verdict::Delivered, "");
    case meta::GraphVerdict::RateLimited:
    case meta::GraphVerdict::Temporary:
      return SendOutcome::of(Verdict::Retry, answer.reason);
    case meta::GraphVerdict::Unreachable:
      return SendOutcome::unreachable(answer.reason);
    case meta::GraphVerdict::WindowClosed:
    case meta::GraphVerdict::AccountProblem:
    case meta::GraphVerdict::Refused:
      return SendOutcome::of(Verdict::Failed, answer.reason);
  }
  return SendOutcome::of(Verdict::Retry, answer.reason);
}

// What a failed status says to the agent: Meta's error, with what to do about a closed window.
std::string failureReason(const WaStatus& status) {
  if (status.error_code == 131047) {
    return "WhatsApp refused it: more than 24 hours passed since the customer's last message; "
           "send an approved template (Meta error 131047)";
  }
  std::string reason = "WhatsApp could not deliver it";
  if (!status.error_text.empty()) {
    reason += ": " + status.error_text;
  }
  if (status.error_code) {
    reason += " (Meta error " + std::to_string(*status.error_code) + ")";
  }
  return reason;
}

}  // namespace

WhatsAppNumbers::WhatsAppNumbers(storage::Stores stores, const Clock& clock, HttpClient& http,
                                 DeliveryObserver& delivery, std::string public_url,
                                 const privacy::SecretKey& media_link_key)
    : media_link_key_(media_link_key),
      stores_(stores),
      clock_(clock),
      http_(http),
      receipts_(stores, delivery),
      public_url_(std::move(public_url)),
      timers_(std::make_unique<ThreadScheduler>(clock)) {}

WhatsAppNumbers::~WhatsAppNumbers() { stop(); }

Result<void> WhatsAppNumbers::start(InboundSink& inbound, StatusChanged status_changed) {
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
    check(std::move(channel));
  }
  return {};
}

void WhatsAppNumbers::stop() {
  {
    std::unique_lock lock(mutex_);
    if (stopped_) {
      return;
    }
    stopped_ = true;
    idle_.wait(lock, [this] { return working_ == 0; });
  }
  timers_.reset();
}

void WhatsAppNumbers::changed(const TenantId& tenant, const ChannelId& channel) {
  statuses_.forget(tenant, channel);
  auto config = stores_.channels->findChannel(tenant, channel);
  if (config && config->type == kType && config->enabled) {
    check(std::move(*config));
  }
}

ChannelStatus WhatsAppNumbers::status(const TenantId& tenant, const ChannelId& channel) const {
  return statuses_.get(tenant, channel,
                       {"connecting", "checking the access token with Meta", std::nullopt});
}

void WhatsAppNumbers::test(ChannelConfig config, std::move_only_function<void(Result<void>)> done) {
  lookUpNumber(config, [done = std::move(done)](Result<std::string> number) mutable {
    done(number ? Result<void>() : Result<void>(std::unexpected(number.error())));
  });
}

void WhatsAppNumbers::check(ChannelConfig config) {
  if (!beginWork()) {
    return;
  }
  const TenantId tenant = config.tenant_id;
  const ChannelId id = config.id;
  lookUpNumber(config, [this, tenant, id](Result<std::string> number) {
    if (number) {
      statuses_.publish(tenant, id,
                        {"connected", "sends and receives as " + *number, clock_.now()});
      syncOnStart(tenant, id);
    } else {
      statuses_.publish(
          tenant, id,
          {number.error().code == ErrorCode::Unauthenticated ? "refused" : "disconnected",
           number.error().message, clock_.now()});
    }
    endWork();
  });
}

void WhatsAppNumbers::syncTemplates(const ChannelConfig& channel,
                                    std::move_only_function<void(Result<size_t>)> done) {
  auto settings = readWhatsAppSettings(channel.settings);
  if (!settings || settings->business_account_id.empty()) {
    done(fail(ErrorCode::ValidationFailed,
              "settings.businessAccountId: needed to list the account's message templates"));
    return;
  }
  fetchTemplates(channel,
                 settings->business_account_id +
                     "/message_templates?fields=name,language,status,category,components&limit=100",
                 {}, 0, std::move(done));
}

void WhatsAppNumbers::fetchTemplates(ChannelConfig config, std::string path,
                                     std::vector<ChannelTemplate> so_far, int pages,
                                     std::move_only_function<void(Result<size_t>)> done) {
  graph(config, "GET", std::move(path), "",
        [this, config, so_far = std::move(so_far), pages,
         done = std::move(done)](Result<HttpResponse> response) mutable {
          const meta::GraphAnswer answer = meta::classifyGraphAnswer(response, kProvider);
          if (answer.verdict != meta::GraphVerdict::Ok) {
            done(fail(ErrorCode::NotReady, answer.reason));
            return;
          }
          auto page = parseTemplates(response->body);
          if (!page) {
            done(std::unexpected(page.error()));
            return;
          }
          std::move(page->templates.begin(), page->templates.end(), std::back_inserter(so_far));
          // The next page, when Meta names one on the same Graph host (a bound on hostile paging).
          auto settings = readWhatsAppSettings(config.settings);
          const std::string prefix =
              settings ? graphUrl(settings->graph_url, settings->graph_version, "") : "";
          if (!page->next.empty() && pages + 1 < kMaxTemplatePages && !prefix.empty() &&
              page->next.starts_with(prefix)) {
            fetchTemplates(std::move(config), page->next.substr(prefix.size()), std::move(so_far),
                           pages + 1, std::move(done));
            return;
          }
          const size_t count = so_far.size();
          stores_.channels->replaceTemplates(
              config.tenant_id, config.id, std::move(so_far),
              [count, done = std::move(done)](Result<void> stored) mutable {
                done(stored ? Result<size_t>(count)
                            : Result<size_t>(std::unexpected(stored.error())));
              });
        });
}

// Templates are fetched when a number starts or is saved, so the composer has them without an
// admin asking; a failure is only logged (the admin's "Sync now" shows the reason).
void WhatsAppNumbers::syncOnStart(const TenantId& tenant, const ChannelId& id) {
  auto config = stores_.channels->findChannel(tenant, id);
  auto settings = config ? readWhatsAppSettings(config->settings) : Result<WhatsAppSettings>();
  if (!config || !settings || settings->business_account_id.empty() || !beginWork()) {
    return;
  }
  syncTemplates(*config, [this, id](Result<size_t> synced) {
    if (!synced) {
      spdlog::info("whatsapp {}: templates not synced: {}", id.value, synced.error().message);
    }
    endWork();
  });
}

void WhatsAppNumbers::lookUpNumber(const ChannelConfig& config,
                                   std::move_only_function<void(Result<std::string>)> done) {
  auto settings = readWhatsAppSettings(config.settings);
  if (!settings) {
    done(fail(ErrorCode::ValidationFailed, "the channel's settings are unreadable"));
    return;
  }
  if (accessTokenOf(config).empty()) {
    done(fail(ErrorCode::Unauthenticated, "no access token: paste one in the channel's settings"));
    return;
  }
  graph(config, "GET", settings->phone_number_id + "?fields=display_phone_number,verified_name", "",
        [done = std::move(done)](Result<HttpResponse> response) mutable {
          const meta::GraphAnswer answer = meta::classifyGraphAnswer(response, kProvider);
          if (answer.verdict != meta::GraphVerdict::Ok) {
            done(fail(answer.verdict == meta::GraphVerdict::AccountProblem
                          ? ErrorCode::Unauthenticated
                          : ErrorCode::NotReady,
                      answer.reason));
            return;
          }
          auto number = parseProviderJson(response->body, 64 * 1024, 8);
          std::string shown;
          if (number && number->is_object()) {
            shown = number->value("display_phone_number", "");
            const std::string name = number->value("verified_name", "");
            if (!name.empty()) {
              shown += (shown.empty() ? "" : " ") + ("(" + name + ")");
            }
          }
          done(shown.empty() ? std::string("the number") : shown);
        });
}

bool WhatsAppNumbers::sends(std::string_view /*channel*/) const { return true; }

void WhatsAppNumbers::send(const storage::OutboxEntry& entry,
                           const storage::OutboundMessage& outbound,
                           std::move_only_function<void(SendOutcome)> done) {
  auto config = stores_.channels->findChannel(entry.tenant_id, ChannelId{entry.channel});
  if (!config) {
    done(SendOutcome::of(Verdict::Retry, "cannot read the channel: " + config.error().message));
    return;
  }
  auto settings = readWhatsAppSettings(config->settings);
  if (!settings) {
    done(SendOutcome::of(Verdict::Failed, "the channel's settings are unreadable"));
    return;
  }
  if (!outbound.identity) {
    done(SendOutcome::of(Verdict::Failed, "the contact has no WhatsApp number on this channel"));
    return;
  }
  // A file of Parley's media store goes as a link WhatsApp fetches it through.
  auto content = withSharedMediaLinks(outbound.message.content, public_url_, media_link_key_,
                                      entry.tenant_id, clock_.now());
  if (!content) {
    done(SendOutcome::of(Verdict::Failed, content.error().message));
    return;
  }
  auto body = buildSend(*outbound.identity, *content);
  if (!body) {
    done(SendOutcome::of(Verdict::Failed, body.error().message));
    return;
  }
  graph(*config, "POST", settings->phone_number_id + "/messages", std::move(*body),
        [done = std::move(done)](Result<HttpResponse> response) mutable {
          const meta::GraphAnswer answer = meta::classifyGraphAnswer(response, kProvider);
          if (answer.verdict != meta::GraphVerdict::Ok) {
            done(outcomeOf(answer));
            return;
          }
          auto id = parseSentId(response->body);
          // Taken, but without an id its ticks cannot be matched: still sent.
          done(SendOutcome::of(Verdict::Delivered, "",
                               id ? std::vector<std::string>{*id} : std::vector<std::string>{}));
        });
}

void WhatsAppNumbers::onWebhook(const ChannelConfig& channel, WaWebhook webhook,
                                std::move_only_function<void(WebhookReply)> done) {
  auto batch = std::make_shared<meta::WebhookBatch>(std::move(done));
  for (WaMessage& message : webhook.messages) {
    receive(channel, std::move(message), batch);
  }
  for (const WaStatus& status : webhook.statuses) {
    recordStatus(channel, status, batch);
  }
  // The batch answers when the last event lets go of it (here, when it carried none).
}

std::optional<ChannelConfig> WhatsAppNumbers::channelOfNumber(const ChannelConfig& called,
                                                              const std::string& phone_number_id) {
  auto settings = readWhatsAppSettings(called.settings);
  if (settings && settings->phone_number_id == phone_number_id) {
    return called;
  }
  auto channels = enabledChannels(stores_, kType);
  if (channels) {
    for (ChannelConfig& other : *channels) {
      auto read = readWhatsAppSettings(other.settings);
      if (other.tenant_id == called.tenant_id && read && read->phone_number_id == phone_number_id) {
        return std::move(other);
      }
    }
  }
  return std::nullopt;
}

void WhatsAppNumbers::receive(const ChannelConfig& called, WaMessage message,
                              std::shared_ptr<meta::WebhookBatch> batch) {
  std::optional<ChannelConfig> channel = channelOfNumber(called, message.phone_number_id);
  if (!channel) {
    spdlog::info("whatsapp {}: a message for a number no channel of the tenant has",
                 called.id.value);
    return;
  }
  InboundSink* sink = nullptr;
  {
    std::lock_guard lock(mutex_);
    sink = stopped_ ? nullptr : inbound_;
  }
  batch->started();
  if (!sink || !beginWork()) {
    return;
  }
  ChannelInbound inbound = toInbound(message, channel->tenant_id, channel->id);
  auto store = [this, sink, batch](ChannelInbound inbound) {
    sink->receive(std::move(inbound), [this, batch](Result<InboundOutcome> stored) {
      if (stored) {
        batch->finished();
      }
      endWork();
    });
  };
  auto settings = readWhatsAppSettings(channel->settings);
  if (!message.media || !stores_.media || !settings) {
    store(std::move(inbound));
    return;
  }
  // Two steps (channels.md §1.1): the media id's URL, then the bytes, both with the token. If the
  // file cannot be had, the message is stored without it.
  const std::string token = accessTokenOf(*channel);
  graph(*channel, "GET", message.media->id, "",
        [this, channel = *channel, token, media = *message.media, caption = message.text,
         inbound = std::move(inbound),
         store = std::move(store)](Result<HttpResponse> response) mutable {
          auto url = response && response->status == 200
                         ? parseMediaUrl(response->body)
                         : Result<std::string>(fail(ErrorCode::NotFound, "no URL"));
          if (!url) {
            spdlog::info("whatsapp {}: a file's URL could not be had", channel.id.value);
            store(std::move(inbound));
            return;
          }
          downloadMedia(http_, *stores_.media, *timers_, channel,
                        {.url = std::move(*url),
                         .name = media.file_name,
                         .provider = std::string(kType),
                         .headers = {{"Authorization", "Bearer " + token}}},
                        [inbound = std::move(inbound), caption,
                         store = std::move(store)](std::optional<DownloadedMedia> file) mutable {
                          if (file) {
                            const storage::StagedMedia& staged = file->staged;
                            inbound.content =
                                storedMediaContent(staged.id, staged.mime_type, file->name,
                                                   staged.size, maskCardNumbers(caption));
                            inbound.media.push_back(std::move(file->staged));
                          }
                          store(std::move(inbound));
                        });
        });
}

void WhatsAppNumbers::recordStatus(const ChannelConfig& called, const WaStatus& status,
                                   std::shared_ptr<meta::WebhookBatch> batch) {
  const std::optional<DeliveryStatus> delivery = deliveryStatusOf(status.status);
  std::optional<ChannelConfig> channel = channelOfNumber(called, status.phone_number_id);
  if (!delivery || !channel) {
    return;  // "deleted", or another app's number: nothing to record
  }
  batch->started();
  if (!beginWork()) {
    return;
  }
  std::optional<std::string> reason;
  if (*delivery == DeliveryStatus::Failed) {
    reason = failureReason(status);
  }
  // A status can overtake the record of the send it is about (Meta answers the send, then calls
  // at once): a fresh one for an unknown message is asked for again; an old one is dropped (a
  // message sent from outside Parley).
  const bool fresh = clock_.now() - fromUnixMillis(status.timestamp * 1000) < kStatusRace;
  receipts_.record(channel->tenant_id, channel->id.value, status.id, *delivery, std::move(reason),
                   [this, batch, fresh, id = channel->id.value](Result<void> recorded) {
                     const bool unknown = !recorded && recorded.error().code == ErrorCode::NotFound;
                     if (recorded || (unknown && !fresh)) {
                       batch->finished();
                     }
                     if (unknown) {
                       spdlog::info("whatsapp {}: a status for an unknown message", id);
                     }
                     endWork();
                   });
}

void WhatsAppNumbers::graph(const ChannelConfig& config, std::string method, std::string path,
                            std::string body,
                            std::move_only_function<void(Result<HttpResponse>)> done) {
  auto settings = readWhatsAppSettings(config.settings);
  if (!settings) {
    done(fail(ErrorCode::ValidationFailed, "the channel's settings are unreadable"));
    return;
  }
  HttpRequest request{.method = std::move(method),
                      .url = graphUrl(settings->graph_url, settings->graph_version, path),
                      .headers = {{"Authorization", "Bearer " + accessTokenOf(config)}},
                      .body = std::move(body),
                      .timeout = kCallTimeout};
  if (!request.body.empty()) {
    request.headers.emplace_back("Content-Type", "application/json");
  }
  http_.send(std::move(request), std::move(done));
}

bool WhatsAppNumbers::beginWork() {
  std::lock_guard lock(mutex_);
  if (stopped_) {
    return false;
  }
  ++working_;
  return true;
}

void WhatsAppNumbers::endWork() {
  std::lock_guard lock(mutex_);
  if (--working_ == 0) {
    idle_.notify_all();
  }
}

}  // namespace parley::channels::whatsapp
