#pragma once
// The inbound pipeline every text channel shares (C9), after the channel decoded the provider's
// bytes and checked who sent them: card numbers masked (P8), opt-out keywords (P6), the message
// stored with its contact and conversation and routed (RoutingService::receive: de-duplication by
// provider message id, contact and conversation resolution, categories), then the consent change
// recorded and audited. The channel answers the provider once `done` ran, and sends the
// confirmation the outcome asks for (it knows how to reach the contact without the outbox: a
// confirmation goes out even to a contact who just opted out).

#include <optional>
#include <string>

#include "conversations/routing_service.h"
#include "storage/channel_store.h"

namespace parley::conversations {

struct ChannelInbound {
  TenantId tenant;
  std::string channel;   // as on conversations: "chn_…"
  std::string identity;  // the contact's address there (an SMS phone number with its '+')
  std::string text;      // UTF-8, as received
  std::optional<std::string> provider_message_id;
  std::string entry_point;  // where it arrived (the number it was sent to), for category rules
  bool keywords = false;    // STOP / START / HELP change consent (SMS)
  // The option a numeric answer picked from the choices the agent sent last (api/choice_reply.h);
  // stored beside the text as {"text":"2","choice":"Tuesday"}.
  std::optional<std::string> choice;
  // Stored content other than plain text (a web chat image: {"media":…}); `text` is then its
  // caption, what keyword rules read.
  std::optional<std::string> content;
};

enum class ConsentReply {
  None,
  OptedOut,  // confirm the opt-out
  OptedIn,   // confirm the opt-in
  Help,      // send the help text
};

struct InboundOutcome {
  storage::ReceivedMessage received;
  ConsentReply reply = ConsentReply::None;
};

class InboundPipeline {
 public:
  // Everything passed must outlive the pipeline.
  InboundPipeline(RoutingService& routing, storage::ChannelStore& consents)
      : routing_(routing), consents_(consents) {}

  // `done` once the message is durable (and the consent change with it), on any thread.
  void receive(ChannelInbound inbound, storage::Done<InboundOutcome> done);

 private:
  RoutingService& routing_;
  storage::ChannelStore& consents_;
};

}  // namespace parley::conversations
