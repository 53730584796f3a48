#include "channels/messenger/ms_pages.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "channels/media_link.h"
#include "channels/messenger/ms_api.h"
#include "channels/messenger/ms_inbound.h"
#include "channels/messenger/ms_settings.h"
#include "channels/provider_json.h"
#include "channels/reply_window.h"
#include "core/log_redaction.h"
#include "storage/channel_store.h"

namespace parley::channels::messenger {
namespace {

constexpr std::chrono::seconds kStatusRace{60};

// RESPONSE within the window, HUMAN_AGENT after it when the page may; else why it cannot go.
Result<bool> humanAgentTagFor(const Conversation& conversation, const MessengerSettings& settings,
                              TimePoint now) {
  const Capabilities capabilities{
      .reply_window = kReplyWindow,
      .after_window = "a reply tagged as a human agent's, once the page has that permission",
      .tagged_window = settings.human_agent_tag
                           ? std::optional<std::chrono::seconds>(kHumanAgentWindow)
                           : std::nullopt};
  if (auto open = checkReplyWindow(capabilities, conversation, now); !open) {
    return std::unexpected(open.error());
  }
  const auto& closes = conversation.reply_window_closes_at;
  return !(closes && now < *closes);
}

}  // namespace

MessengerPages::MessengerPages(bool instagram, storage::Stores stores, const Clock& clock,
                               HttpClient& http, DeliveryObserver& delivery, std::string public_url,
                               const privacy::SecretKey& media_link_key)
    : GraphChannels(stores, clock, http, delivery, std::move(public_url), media_link_key,
                    instagram ? "instagram" : "messenger", instagram ? "Instagram" : "Messenger"),
      instagram_(instagram) {}

MessengerPages::~MessengerPages() { stop(); }

void MessengerPages::lookUp(const ChannelConfig& config,
                            std::move_only_function<void(Result<std::string>)> done) {
  auto settings = readMessengerSettings(config.settings, instagram_);
  if (!settings) {
    done(fail(ErrorCode::ValidationFailed, "the channel's settings are unreadable"));
    return;
  }
  graph(settings->graph, config, "GET", settings->page_id + "?fields=name", "",
        [this, page = settings->page_id,
         done = std::move(done)](Result<HttpResponse> response) mutable {
          const meta::GraphAnswer answer = meta::classifyGraphAnswer(response, provider_);
          if (answer.verdict != meta::GraphVerdict::Ok) {
            done(fail(answer.verdict == meta::GraphVerdict::AccountProblem
                          ? ErrorCode::Unauthenticated
                          : ErrorCode::NotReady,
                      answer.reason));
            return;
          }
          auto shown = parseProviderJson(response->body, 64 * 1024, 8);
          const std::string name =
              shown && shown->is_object() ? shown->value("name", std::string()) : "";
          done("the page " + (name.empty() ? page : name));
        });
}

void MessengerPages::send(const storage::OutboxEntry& entry,
                          const storage::OutboundMessage& outbound,
                          std::move_only_function<void(SendOutcome)> done) {
  auto config = stores_.channels->findChannel(entry.tenant_id, ChannelId{entry.channel});
  if (!config) {
    done(SendOutcome::of(Verdict::Retry, "cannot read the channel: " + config.error().message));
    return;
  }
  auto settings = readMessengerSettings(config->settings, instagram_);
  if (!settings) {
    done(SendOutcome::of(Verdict::Failed, "the channel's settings are unreadable"));
    return;
  }
  if (!outbound.identity) {
    done(SendOutcome::of(Verdict::Failed,
                         "the contact has no " + provider_ + " account on this channel"));
    return;
  }
  auto tagged = humanAgentTagFor(outbound.conversation, *settings, clock_.now());
  if (!tagged) {
    done(SendOutcome::of(Verdict::Failed, tagged.error().message));
    return;
  }
  auto content = withSharedMediaLinks(outbound.message.content, public_url_, media_link_key_,
                                      entry.tenant_id, clock_.now());
  if (!content) {
    done(SendOutcome::of(Verdict::Failed, content.error().message));
    return;
  }
  const SendTo to{.recipient = *outbound.identity, .instagram = instagram_, .human_agent = *tagged};
  auto body = buildSend(to, *content);
  auto caption = captionSend(to, *content);
  if (!body || !caption) {
    done(SendOutcome::of(Verdict::Failed, (!body ? body : caption).error().message));
    return;
  }
  const std::string path = settings->page_id + "/messages";
  graph(settings->graph, *config, "POST", path, std::move(*body),
        [this, graph_endpoint = settings->graph, config = *config, path,
         caption = std::move(*caption),
         done = std::move(done)](Result<HttpResponse> response) mutable {
          const meta::GraphAnswer answer = meta::classifyGraphAnswer(response, provider_);
          if (answer.verdict != meta::GraphVerdict::Ok) {
            done(meta::sendOutcomeOf(answer));
            return;
          }
          std::vector<std::string> ids;
          if (auto id = parseSentId(response->body)) {
            ids.push_back(std::move(*id));
          }
          if (caption.empty()) {
            done(SendOutcome::of(Verdict::Delivered, "", std::move(ids)));
            return;
          }
          // The file went; its caption follows as a text. Were the caption refused, the file is
          // still sent: the message counts as sent, the log says what was lost.
          graph(graph_endpoint, config, "POST", path, std::move(caption),
                [this, ids = std::move(ids), id = config.id.value,
                 done = std::move(done)](Result<HttpResponse> second) mutable {
                  if (second && second->status == 200) {
                    if (auto caption_id = parseSentId(second->body)) {
                      ids.push_back(std::move(*caption_id));
                    }
                  } else {
                    spdlog::warn("{} {}: a file's caption was not sent", type_, id);
                  }
                  done(SendOutcome::of(Verdict::Delivered, "", std::move(ids)));
                });
        });
}

void MessengerPages::markRead(const TenantId& tenant, const ChannelId& channel,
                              const std::string& identity,
                              const std::string& /*provider_message_id*/) {
  auto config = stores_.channels->findChannel(tenant, channel);
  auto settings =
      config ? readMessengerSettings(config->settings, instagram_) : Result<MessengerSettings>();
  if (!config || !settings || !beginWork()) {
    return;
  }
  graph(settings->graph, *config, "POST", settings->page_id + "/messages", markSeenBody(identity),
        [this, id = channel.value](Result<HttpResponse> response) {
          const meta::GraphAnswer answer = meta::classifyGraphAnswer(response, provider_);
          if (answer.verdict != meta::GraphVerdict::Ok) {
            spdlog::info("{} {}: not marked seen: {}", type_, id,
                         withoutLongNumbers(answer.reason));
          }
          endWork();
        });
}

std::string MessengerPages::accountIdOf(const ChannelConfig& channel) const {
  auto settings = readMessengerSettings(channel.settings, instagram_);
  if (!settings) {
    return "";
  }
  return instagram_ ? settings->instagram_account_id : settings->page_id;
}

Result<std::optional<ChannelConfig>> MessengerPages::channelOfAccount(
    const ChannelConfig& called, const std::string& account_id) {
  if (accountIdOf(called) == account_id) {
    return called;
  }
  auto channels = enabledChannels(stores_, type_);
  if (!channels) {
    return std::unexpected(channels.error());
  }
  for (ChannelConfig& other : *channels) {
    if (other.tenant_id == called.tenant_id && accountIdOf(other) == account_id) {
      return std::optional<ChannelConfig>(std::move(other));
    }
  }
  return std::optional<ChannelConfig>();
}

void MessengerPages::onWebhook(const ChannelConfig& channel, std::vector<MsEvent> events,
                               std::move_only_function<void(WebhookReply)> done) {
  auto batch = std::make_shared<meta::WebhookBatch>(std::move(done));
  for (const MsEvent& event : events) {
    handle(channel, event, batch);
  }
}

void MessengerPages::handle(const ChannelConfig& called, const MsEvent& event,
                            std::shared_ptr<meta::WebhookBatch> batch) {
  auto found = channelOfAccount(called, event.account_id);
  if (!found) {
    batch->started();  // never finished: Meta sends it again
    return;
  }
  const std::optional<ChannelConfig>& channel = *found;
  if (!channel) {
    spdlog::info("{} {}: an event for a page no channel of the tenant has", type_, called.id.value);
    return;
  }
  if (event.kind == MsKind::Delivery) {
    // Each delivered message named; a delivery with only a watermark names none Parley can match.
    for (const std::string& mid : event.mids) {
      if (!startEvent(*batch)) {
        return;
      }
      const bool fresh = clock_.now() - fromUnixMillis(event.watermark) < kStatusRace;
      recordStatus(*channel, mid, DeliveryStatus::Delivered, std::nullopt, fresh, batch);
    }
    return;
  }
  std::optional<ChannelInbound> inbound = toInbound(event, channel->tenant_id, channel->id);
  if (!inbound) {
    return;  // an echo of the page's own message, a read, or an event Parley does not take
  }
  if (!startEvent(*batch)) {
    return;
  }
  if (const MsAttachment* file = downloadable(event)) {
    // Meta's attachment links are public and expire: fetched now, without the token.
    downloadThenStore(*channel, {.url = file->url, .provider = type_}, std::move(*inbound),
                      event.text, std::move(batch));
    return;
  }
  storeInbound(std::move(*inbound), std::move(batch));
}

}  // namespace parley::channels::messenger
