#include "channels/whatsapp/wa_numbers.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "channels/channel_secrets.h"
#include "channels/media_link.h"
#include "channels/meta/graph_error.h"
#include "channels/provider_json.h"
#include "channels/whatsapp/wa_api.h"
#include "channels/whatsapp/wa_inbound.h"
#include "channels/whatsapp/wa_settings.h"
#include "core/log_redaction.h"
#include "storage/channel_store.h"

namespace parley::channels::whatsapp {
namespace {

constexpr std::string_view kType = "whatsapp";
constexpr std::string_view kProvider = "WhatsApp";
constexpr std::chrono::seconds kStatusRace{60};
constexpr int kMaxTemplatePages = 50;  // 5,000 templates; Meta allows 250 per account

std::optional<DeliveryStatus> deliveryStatusOf(std::string_view status) {
  if (status == "sent") return DeliveryStatus::Sent;
  if (status == "delivered") return DeliveryStatus::Delivered;
  if (status == "read" || status == "played") return DeliveryStatus::Read;
  if (status == "failed") return DeliveryStatus::Failed;
  return std::nullopt;
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
    : GraphChannels(stores, clock, http, delivery, std::move(public_url), media_link_key,
                    std::string(kType), std::string(kProvider)) {}

WhatsAppNumbers::~WhatsAppNumbers() { stop(); }

void WhatsAppNumbers::lookUp(const ChannelConfig& config,
                             std::move_only_function<void(Result<std::string>)> done) {
  auto settings = readWhatsAppSettings(config.settings);
  if (!settings) {
    done(fail(ErrorCode::ValidationFailed, "the channel's settings are unreadable"));
    return;
  }
  graph(settings->graph, config, "GET",
        settings->phone_number_id + "?fields=display_phone_number,verified_name", "",
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

// Templates are fetched when a number starts or is saved, so the composer has them without an
// admin asking; a failure is only logged (the admin's "Sync now" shows the reason).
void WhatsAppNumbers::connected(const ChannelConfig& config) {
  auto settings = readWhatsAppSettings(config.settings);
  if (!settings || settings->business_account_id.empty()) {
    endWork();
    return;
  }
  syncTemplates(config, [this, id = config.id](Result<size_t> synced) {
    if (!synced) {
      spdlog::info("whatsapp {}: templates not synced: {}", id.value, synced.error().message);
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
  auto settings = readWhatsAppSettings(config.settings);
  if (!settings) {
    done(fail(ErrorCode::ValidationFailed, "the channel's settings are unreadable"));
    return;
  }
  const meta::GraphEndpoint endpoint = settings->graph;
  graph(endpoint, config, "GET", std::move(path), "",
        [this, config, endpoint, so_far = std::move(so_far), pages,
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
          const std::string prefix = graphUrl(endpoint.url, endpoint.version, "");
          if (!page->next.empty() && pages + 1 < kMaxTemplatePages &&
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
  graph(settings->graph, *config, "POST", settings->phone_number_id + "/messages", std::move(*body),
        [done = std::move(done)](Result<HttpResponse> response) mutable {
          const meta::GraphAnswer answer = meta::classifyGraphAnswer(response, kProvider);
          if (answer.verdict != meta::GraphVerdict::Ok) {
            done(meta::sendOutcomeOf(answer));
            return;
          }
          auto id = parseSentId(response->body);
          // Taken, but without an id its ticks cannot be matched: still sent.
          done(SendOutcome::of(Verdict::Delivered, "",
                               id ? std::vector<std::string>{*id} : std::vector<std::string>{}));
        });
}

void WhatsAppNumbers::markRead(const TenantId& tenant, const ChannelId& channel,
                               const std::string& /*identity*/,
                               const std::string& provider_message_id) {
  auto config = stores_.channels->findChannel(tenant, channel);
  auto settings = config ? readWhatsAppSettings(config->settings) : Result<WhatsAppSettings>();
  if (!config || !settings || !beginWork()) {
    return;
  }
  graph(settings->graph, *config, "POST", settings->phone_number_id + "/messages",
        markReadBody(provider_message_id),
        [this, id = channel.value](Result<HttpResponse> response) {
          const meta::GraphAnswer answer = meta::classifyGraphAnswer(response, kProvider);
          if (answer.verdict != meta::GraphVerdict::Ok) {
            spdlog::info("whatsapp {}: not marked read: {}", id, withoutLongNumbers(answer.reason));
          }
          endWork();
        });
}

void WhatsAppNumbers::onWebhook(const ChannelConfig& channel, WaWebhook webhook,
                                std::move_only_function<void(WebhookReply)> done) {
  auto batch = std::make_shared<meta::WebhookBatch>(std::move(done));
  for (WaMessage& message : webhook.messages) {
    receive(channel, std::move(message), batch);
  }
  for (const WaStatus& each : webhook.statuses) {
    status(channel, each, batch);
  }
  // The batch answers when the last event lets go of it (here, when it carried none).
}

Result<std::optional<ChannelConfig>> WhatsAppNumbers::channelOfNumber(
    const ChannelConfig& called, const std::string& phone_number_id) {
  auto settings = readWhatsAppSettings(called.settings);
  if (settings && settings->phone_number_id == phone_number_id) {
    return called;
  }
  auto channels = enabledChannels(stores_, kType);
  if (!channels) {
    return std::unexpected(channels.error());
  }
  for (ChannelConfig& other : *channels) {
    auto read = readWhatsAppSettings(other.settings);
    if (other.tenant_id == called.tenant_id && read && read->phone_number_id == phone_number_id) {
      return std::optional<ChannelConfig>(std::move(other));
    }
  }
  return std::optional<ChannelConfig>();
}

void WhatsAppNumbers::receive(const ChannelConfig& called, WaMessage message,
                              std::shared_ptr<meta::WebhookBatch> batch) {
  auto found = channelOfNumber(called, message.phone_number_id);
  if (!found) {
    batch->started();  // never finished: Meta sends it again
    return;
  }
  const std::optional<ChannelConfig>& channel = *found;
  if (!channel) {
    spdlog::info("whatsapp {}: a message for a number no channel of the tenant has",
                 called.id.value);
    return;
  }
  if (!startEvent(*batch)) {
    return;
  }
  ChannelInbound inbound = toInbound(message, channel->tenant_id, channel->id);
  auto settings = readWhatsAppSettings(channel->settings);
  if (!message.media || !settings || storedAlready(inbound)) {
    storeInbound(std::move(inbound), std::move(batch));
    return;
  }
  // Two steps (channels.md §1.1): the media id's URL, then the bytes, both with the token. If the
  // file cannot be had, the message is stored without it.
  const std::string token = channelSecret(channel->secret, kAccessTokenField);
  graph(settings->graph, *channel, "GET", message.media->id, "",
        [this, channel = *channel, token, media = *message.media, caption = message.text,
         inbound = std::move(inbound),
         batch = std::move(batch)](Result<HttpResponse> response) mutable {
          auto url = response && response->status == 200
                         ? parseMediaUrl(response->body)
                         : Result<std::string>(fail(ErrorCode::NotFound, "no URL"));
          if (!url) {
            spdlog::info("whatsapp {}: a file's URL could not be had", channel.id.value);
            storeInbound(std::move(inbound), std::move(batch));
            return;
          }
          downloadThenStore(channel,
                            {.url = std::move(*url),
                             .name = media.file_name,
                             .provider = std::string(kType),
                             .headers = {{"Authorization", "Bearer " + token}}},
                            std::move(inbound), std::move(caption), std::move(batch));
        });
}

void WhatsAppNumbers::status(const ChannelConfig& called, const WaStatus& status,
                             std::shared_ptr<meta::WebhookBatch> batch) {
  const std::optional<DeliveryStatus> delivery = deliveryStatusOf(status.status);
  auto found = channelOfNumber(called, status.phone_number_id);
  if (!found) {
    batch->started();  // never finished: Meta sends it again
    return;
  }
  const std::optional<ChannelConfig>& channel = *found;
  if (!delivery || !channel || !startEvent(*batch)) {
    return;  // "deleted", or another app's number: nothing to record
  }
  std::optional<std::string> reason;
  if (*delivery == DeliveryStatus::Failed) {
    reason = failureReason(status);
  }
  const bool fresh = clock_.now() - fromUnixMillis(status.timestamp * 1000) < kStatusRace;
  recordStatus(*channel, status.id, *delivery, std::move(reason), fresh, std::move(batch));
}

}  // namespace parley::channels::whatsapp
