#pragma once
// The outbox's sender for the channels an admin configured ("chn_…"): looks up the channel's type
// and hands the attempt to that type's sender (SMS over SMPP, web chat). A channel deleted since,
// or a contact who opted out of the channel since the reply was written (P6), fails the message
// with that reason.

#include "channels/channel_registry.h"
#include "channels/channel_sender.h"
#include "storage/channel_store.h"

namespace parley::channels {

class ConfiguredChannelSender final : public ChannelSender {
 public:
  // Everything passed must outlive this.
  ConfiguredChannelSender(storage::ChannelStore& channels, const ChannelRegistry& types)
      : channels_(channels), types_(types) {}

  bool sends(std::string_view channel) const override;
  void send(const storage::OutboxEntry& entry, const storage::OutboundMessage& outbound,
            std::move_only_function<void(SendOutcome)> done) override;

 private:
  storage::ChannelStore& channels_;
  const ChannelRegistry& types_;
};

}  // namespace parley::channels
