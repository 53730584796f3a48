#include "conversations/inbound_pipeline.h"

#include <spdlog/spdlog.h>

#include "channels/card_mask.h"
#include "channels/smpp/opt_out.h"
#include "core/json/json_writer.h"

namespace parley::conversations {
namespace {

using channels::smpp::OptOutKeyword;

std::string textContent(std::string_view text, const std::optional<std::string>& choice) {
  JsonWriter json;
  json.beginObject().field("text", text);
  if (choice) {
    json.field("choice", *choice);
  }
  json.endObject();
  return json.take();
}

}  // namespace

void InboundPipeline::receive(ChannelInbound inbound, storage::Done<InboundOutcome> done) {
  std::string text = channels::maskCardNumbers(inbound.text);
  const OptOutKeyword keyword =
      inbound.keywords ? channels::smpp::classifyOptOut(text) : OptOutKeyword::None;
  Inbound message{.message = {.tenant_id = inbound.tenant,
                              .channel = inbound.channel,
                              .identity = std::move(inbound.identity),
                              .contact_name = std::move(inbound.contact_name),
                              .content = inbound.content ? std::move(*inbound.content)
                                                         : textContent(text, inbound.choice),
                              .provider_message_id = std::move(inbound.provider_message_id),
                              .media = std::move(inbound.media),
                              .sent_at = inbound.sent_at,
                              .reply_window = inbound.reply_window},
                  .text = std::move(text),
                  .entry_point = std::move(inbound.entry_point)};
  routing_.receive(std::move(message), [this, keyword, tenant = inbound.tenant,
                                        channel = inbound.channel, done = std::move(done)](
                                           Result<storage::ReceivedMessage> received) mutable {
    if (!received) {
      done(std::unexpected(received.error()));
      return;
    }
    InboundOutcome outcome{.received = std::move(*received)};
    // A duplicate too: its consent change may be what failed the first time. Not an erased
    // customer's: nothing of theirs is kept to change.
    if (keyword == OptOutKeyword::None || outcome.received.erased) {
      done(std::move(outcome));
      return;
    }
    if (keyword == OptOutKeyword::Help) {
      if (!outcome.received.duplicate) {
        outcome.reply = ConsentReply::Help;
      }
      done(std::move(outcome));
      return;
    }
    const bool opting_out = keyword == OptOutKeyword::Stop;
    auto was = consents_.isOptedOut(tenant, outcome.received.contact_id, channel);
    if (was && *was == opting_out) {
      done(std::move(outcome));  // no change: no second confirmation
      return;
    }
    const ContactId contact = outcome.received.contact_id;
    consents_.setOptOut(tenant, contact, channel, opting_out, opting_out ? "STOP" : "START",
                        Actor::system("inbound"),
                        [opting_out, outcome = std::move(outcome),
                         done = std::move(done)](Result<void> recorded) mutable {
                          if (!recorded) {
                            // The message is stored; the consent change is not. Answering with the
                            // error makes the provider send it again, and the change is tried
                            // again then (an SMS, which has no provider id, is stored twice).
                            spdlog::error("inbound: a consent change was not recorded: {}",
                                          recorded.error().message);
                            done(std::unexpected(recorded.error()));
                            return;
                          }
                          outcome.reply =
                              opting_out ? ConsentReply::OptedOut : ConsentReply::OptedIn;
                          done(std::move(outcome));
                        });
  });
}

}  // namespace parley::conversations
