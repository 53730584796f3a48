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

#include "channels/inbound_sink.h"
#include "conversations/routing_service.h"
#include "storage/channel_store.h"

namespace parley::conversations {

// The types the pipeline takes and answers are the channels' own (channels/inbound_sink.h).
using channels::ChannelInbound;
using channels::ConsentReply;
using channels::InboundOutcome;

class InboundPipeline final : public channels::InboundSink {
 public:
  // Everything passed must outlive the pipeline.
  InboundPipeline(RoutingService& routing, storage::ChannelStore& consents)
      : routing_(routing), consents_(consents) {}

  // `done` once the message is durable (and the consent change with it), on any thread.
  void receive(ChannelInbound inbound, storage::Done<InboundOutcome> done) override;

 private:
  RoutingService& routing_;
  storage::ChannelStore& consents_;
};

}  // namespace parley::conversations
