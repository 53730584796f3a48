#pragma once
// How the outbox hands one attempt at one outbound message to the channel that carries it (C9).
// The outbox owns order, retries, backoff and durability; a sender only makes the attempt and
// says what it came to. One sender per kind of channel: the API channel's webhook
// (api/api_sender.h), SMS over SMPP (http/smpp_gateway.h)…

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "channels/delivery_policy.h"
#include "core/channel.h"
#include "core/ids.h"
#include "storage/outbox_store.h"

namespace parley::channels {

struct SendOutcome {
  DeliveryOutcome outcome;  // Delivered: the provider took it (the message becomes "sent")
  // The provider's ids of what it took (one per SMS part), for matching its delivery receipts.
  std::vector<std::string> provider_message_ids;

  static SendOutcome of(Verdict verdict, std::string reason, std::vector<std::string> ids = {}) {
    SendOutcome made;
    made.outcome.verdict = verdict;
    made.outcome.reason = std::move(reason);
    made.provider_message_ids = std::move(ids);
    return made;
  }
  // Failed, and the contact unreachable on the channel until they write again.
  static SendOutcome unreachable(std::string reason) {
    SendOutcome made = of(Verdict::Failed, std::move(reason));
    made.outcome.unreachable = true;
    return made;
  }
};

class ChannelSender {
 public:
  virtual ~ChannelSender() = default;
  // Whether this sender carries the conversations of `channel` ("api", "chn_…").
  virtual bool sends(std::string_view channel) const = 0;
  // One attempt. REQUIRES: the message's content and the contact's identity are known. `done`
  // runs exactly once, on any thread, possibly inside this call.
  virtual void send(const storage::OutboxEntry& entry, const storage::OutboundMessage& outbound,
                    std::move_only_function<void(SendOutcome)> done) = 0;
  // Shows the contact at `identity` on `channel` that an agent is typing (or has stopped), for
  // types whose capabilities say `typing`. Best effort: nothing is stored or retried, and a
  // provider's refusal is only logged. Does nothing by default.
  virtual void showTyping(const TenantId& /*tenant*/, const ChannelId& /*channel*/,
                          const std::string& /*identity*/, bool /*typing*/) {}
  // Shows the contact at `identity` that an agent read their messages up to the one the provider
  // knows as `provider_message_id` (WhatsApp's blue ticks, Messenger's "seen"), for types whose
  // capabilities say `read_receipts`. Best effort like showTyping(). Does nothing by default.
  virtual void markRead(const TenantId& /*tenant*/, const ChannelId& /*channel*/,
                        const std::string& /*identity*/,
                        const std::string& /*provider_message_id*/) {}
};

}  // namespace parley::channels
