#include "channels/configured_sender.h"

namespace parley::channels {
namespace {

SendOutcome outcome(Verdict verdict, std::string reason) {
  SendOutcome made;
  made.outcome.verdict = verdict;
  made.outcome.reason = std::move(reason);
  return made;
}

}  // namespace

bool ConfiguredChannelSender::sends(std::string_view channel) const {
  return channel.starts_with(ChannelTag::kPrefix);
}

void ConfiguredChannelSender::send(const storage::OutboxEntry& entry,
                                   const storage::OutboundMessage& outbound,
                                   std::move_only_function<void(SendOutcome)> done) {
  auto channel = channels_.findChannel(entry.tenant_id, ChannelId{entry.channel});
  if (!channel) {
    if (channel.error().code == ErrorCode::NotFound) {
      done(outcome(Verdict::Failed, "the channel was deleted"));
    } else {
      done(outcome(Verdict::Retry, "cannot read the channel: " + channel.error().message));
    }
    return;
  }
  // P6, checked again when sending: a reply queued before the contact sent STOP does not go.
  auto opted_out =
      channels_.isOptedOut(entry.tenant_id, outbound.conversation.contact_id, entry.channel);
  if (!opted_out) {
    done(
        outcome(Verdict::Retry, "cannot read the contact's consent: " + opted_out.error().message));
    return;
  }
  if (*opted_out) {
    done(outcome(Verdict::Failed,
                 "the contact opted out of this channel (they sent STOP or unsubscribed)"));
    return;
  }
  ChannelType* type = types_.find(channel->type);
  if (!type) {
    done(outcome(Verdict::Failed, "channels of type " + channel->type + " cannot send"));
    return;
  }
  type->sender().send(entry, outbound, std::move(done));
}

}  // namespace parley::channels
