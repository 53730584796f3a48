#include "channels/configured_sender.h"

#include <spdlog/spdlog.h>

namespace parley::channels {

bool ConfiguredChannelSender::sends(std::string_view channel) const {
  return channel.starts_with(ChannelTag::kPrefix);
}

void ConfiguredChannelSender::send(const storage::OutboxEntry& entry,
                                   const storage::OutboundMessage& outbound,
                                   std::move_only_function<void(SendOutcome)> done) {
  auto channel = channels_.findChannel(entry.tenant_id, ChannelId{entry.channel});
  if (!channel) {
    if (channel.error().code == ErrorCode::NotFound) {
      done(SendOutcome::of(Verdict::Failed, "the channel was deleted"));
    } else {
      done(SendOutcome::of(Verdict::Retry, "cannot read the channel: " + channel.error().message));
    }
    return;
  }
  // P6, checked again when sending: a reply queued before the contact sent STOP does not go.
  auto opted_out =
      channels_.isOptedOut(entry.tenant_id, outbound.conversation.contact_id, entry.channel);
  if (!opted_out) {
    done(SendOutcome::of(Verdict::Retry,
                         "cannot read the contact's consent: " + opted_out.error().message));
    return;
  }
  if (*opted_out) {
    done(SendOutcome::of(Verdict::Failed,
                         "the contact opted out of this channel (they sent STOP or unsubscribed)"));
    return;
  }
  // A provider said the contact cannot be reached here: not asked again until they write.
  auto unreachable =
      channels_.unreachableReason(entry.tenant_id, outbound.conversation.contact_id, entry.channel);
  if (!unreachable) {
    done(SendOutcome::of(Verdict::Retry,
                         "cannot read the contact's reachability: " + unreachable.error().message));
    return;
  }
  if (*unreachable) {
    done(SendOutcome::unreachable(**unreachable));
    return;
  }
  ChannelType* type = types_.find(channel->type);
  if (!type) {
    done(SendOutcome::of(Verdict::Failed, "channels of type " + channel->type + " cannot send"));
    return;
  }
  type->sender().send(
      entry, outbound,
      [this, tenant = entry.tenant_id, contact = outbound.conversation.contact_id,
       channel = entry.channel, done = std::move(done)](SendOutcome sent) mutable {
        if (!sent.outcome.unreachable) {
          done(std::move(sent));
          return;
        }
        // (A message from the contact stored while this attempt was in flight clears nothing
        // that is recorded after it: they stay unreachable until they write again.)
        std::string reason = sent.outcome.reason;
        channels_.setUnreachable(
            std::move(tenant), std::move(contact), std::move(channel), std::move(reason),
            [sent = std::move(sent), done = std::move(done)](Result<void> marked) mutable {
              if (!marked) {
                spdlog::warn("cannot record an unreachable contact: {}", marked.error().message);
              }
              done(std::move(sent));
            });
      });
}

}  // namespace parley::channels
