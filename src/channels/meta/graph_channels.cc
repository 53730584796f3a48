#include "channels/meta/graph_channels.h"

#include <spdlog/spdlog.h>

#include "channels/card_mask.h"
#include "channels/channel_secrets.h"
#include "channels/message_content.h"
#include "storage/channel_store.h"

namespace parley::channels::meta {
namespace {

constexpr std::chrono::milliseconds kCallTimeout{15'000};

}  // namespace

SendOutcome sendOutcomeOf(const GraphAnswer& answer) {
  switch (answer.verdict) {
    case GraphVerdict::Ok:
      return SendOutcome::of(Verdict::Delivered, "");
    case GraphVerdict::RateLimited:
    case GraphVerdict::Temporary:
      return SendOutcome::of(Verdict::Retry, answer.reason);
    case GraphVerdict::Unreachable:
      return SendOutcome::unreachable(answer.reason);
    case GraphVerdict::WindowClosed:
    case GraphVerdict::AccountProblem:
    case GraphVerdict::Refused:
      return SendOutcome::of(Verdict::Failed, answer.reason);
  }
  return SendOutcome::of(Verdict::Retry, answer.reason);
}

GraphChannels::GraphChannels(storage::Stores stores, const Clock& clock, HttpClient& http,
                             DeliveryObserver& delivery, std::string public_url,
                             const privacy::SecretKey& media_link_key, std::string type,
                             std::string provider)
    : type_(std::move(type)),
      provider_(std::move(provider)),
      media_link_key_(media_link_key),
      stores_(stores),
      clock_(clock),
      http_(http),
      public_url_(std::move(public_url)),
      receipts_(stores, delivery),
      timers_(std::make_unique<ThreadScheduler>(clock)) {}

GraphChannels::~GraphChannels() { stop(); }

Result<void> GraphChannels::start(InboundSink& inbound, StatusChanged status_changed) {
  {
    std::lock_guard lock(mutex_);
    inbound_ = &inbound;
  }
  statuses_.listen(std::move(status_changed));
  auto channels = enabledChannels(stores_, type_);
  if (!channels) {
    return std::unexpected(channels.error());
  }
  for (ChannelConfig& channel : *channels) {
    check(std::move(channel));
  }
  return {};
}

void GraphChannels::stop() {
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

void GraphChannels::changed(const TenantId& tenant, const ChannelId& channel) {
  statuses_.forget(tenant, channel);
  auto config = stores_.channels->findChannel(tenant, channel);
  if (config && config->type == type_ && config->enabled) {
    check(std::move(*config));
  }
}

ChannelStatus GraphChannels::status(const TenantId& tenant, const ChannelId& channel) const {
  return statuses_.get(tenant, channel,
                       {"connecting", "checking the access token with Meta", std::nullopt});
}

void GraphChannels::test(ChannelConfig config, std::move_only_function<void(Result<void>)> done) {
  lookUp(config, [done = std::move(done)](Result<std::string> account) mutable {
    done(account ? Result<void>() : Result<void>(std::unexpected(account.error())));
  });
}

void GraphChannels::check(ChannelConfig config) {
  if (!beginWork()) {
    return;
  }
  auto shared = std::make_shared<ChannelConfig>(std::move(config));
  lookUp(*shared, [this, shared](Result<std::string> account) {
    if (!account) {
      statuses_.publish(
          shared->tenant_id, shared->id,
          {account.error().code == ErrorCode::Unauthenticated ? "refused" : "disconnected",
           account.error().message, clock_.now()});
      endWork();
      return;
    }
    statuses_.publish(shared->tenant_id, shared->id,
                      {"connected", "sends and receives as " + *account, clock_.now()});
    connected(*shared);
  });
}

void GraphChannels::graph(const GraphEndpoint& endpoint, const ChannelConfig& config,
                          std::string method, std::string path, std::string body,
                          std::move_only_function<void(Result<HttpResponse>)> done) {
  HttpRequest request{
      .method = std::move(method),
      .url = endpoint.url + "/" + endpoint.version + "/" + path,
      .headers = {{"Authorization", "Bearer " + channelSecret(config.secret, kAccessTokenField)}},
      .body = std::move(body),
      .timeout = kCallTimeout};
  if (!request.body.empty()) {
    request.headers.emplace_back("Content-Type", "application/json");
  }
  http_.send(std::move(request), std::move(done));
}

InboundSink* GraphChannels::sink() {
  std::lock_guard lock(mutex_);
  return stopped_ ? nullptr : inbound_;
}

bool GraphChannels::startEvent(WebhookBatch& batch) {
  batch.started();
  return sink() && beginWork();
}

void GraphChannels::storeInbound(ChannelInbound inbound, std::shared_ptr<WebhookBatch> batch) {
  InboundSink* to = sink();
  if (!to) {
    endWork();
    return;
  }
  to->receive(std::move(inbound), [this, batch](Result<InboundOutcome> stored) {
    if (stored) {
      batch->finished();
    }
    endWork();
  });
}

void GraphChannels::downloadThenStore(const ChannelConfig& channel, MediaDownload download,
                                      ChannelInbound inbound, std::string caption,
                                      std::shared_ptr<WebhookBatch> batch) {
  if (!stores_.media || storedAlready(inbound)) {
    storeInbound(std::move(inbound), std::move(batch));
    return;
  }
  downloadMedia(http_, *stores_.media, *timers_, channel, std::move(download),
                [this, inbound = std::move(inbound), caption = std::move(caption),
                 batch = std::move(batch)](std::optional<DownloadedMedia> file) mutable {
                  if (file) {
                    const storage::StagedMedia& staged = file->staged;
                    inbound.content = storedMediaContent(staged.id, staged.mime_type, file->name,
                                                         staged.size, maskCardNumbers(caption));
                    inbound.media.push_back(std::move(file->staged));
                  }
                  storeInbound(std::move(inbound), std::move(batch));
                });
}

bool GraphChannels::storedAlready(const ChannelInbound& inbound) {
  return inbound.provider_message_id &&
         stores_.conversations
             ->hasProviderMessage(inbound.tenant, inbound.channel, *inbound.provider_message_id)
             .value_or(false);
}

void GraphChannels::recordStatus(const ChannelConfig& channel, const std::string& provider_id,
                                 DeliveryStatus status, std::optional<std::string> reason,
                                 bool fresh, std::shared_ptr<WebhookBatch> batch) {
  receipts_.record(channel.tenant_id, channel.id.value, provider_id, status, std::move(reason),
                   [this, batch, fresh, id = channel.id.value](Result<void> recorded) {
                     const bool unknown = !recorded && recorded.error().code == ErrorCode::NotFound;
                     if (recorded || (unknown && !fresh)) {
                       batch->finished();
                     }
                     if (unknown) {
                       spdlog::info("{} {}: a status for an unknown message", type_, id);
                     }
                     endWork();
                   });
}

bool GraphChannels::beginWork() {
  std::lock_guard lock(mutex_);
  if (stopped_) {
    return false;
  }
  ++working_;
  return true;
}

void GraphChannels::endWork() {
  std::lock_guard lock(mutex_);
  if (--working_ == 0) {
    idle_.notify_all();
  }
}

}  // namespace parley::channels::meta
