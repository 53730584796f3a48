#pragma once
// The SMS (SMPP) channels of every tenant while the server runs (C1, C9): for each enabled
// channel, `binds` SmppConnections to its SMS center, kept up and restarted when an admin changes
// the channel.
//
// - Outbound: the outbox's sender for "chn_…" conversations. An attempt turns the stored content
//   into plain text (choices as a numbered list), submits it on a bound connection (round robin)
//   and answers Delivered with the SMS center's message ids once every part was accepted; a
//   refusal the SMS center says is final fails the message with its status; no bind, a retryable
//   status or throttling is Retry. A submit the SMS center never confirmed (the connection was lost
//   mid-window) is Retry under "at-least-once" (it may arrive twice) and Failed under
//   "at-most-once" (it may never arrive): the channel's delivery guarantee.
// - Inbound: a mobile-originated text goes through the InboundPipeline (card masking, STOP/START,
//   storage, routing) and its deliver_sm is answered only once it is durable; a failed write is
//   answered with a temporary error so the SMS center delivers it again. Texts from our own sender
//   id are echoes and dropped. Consent changes are confirmed by SMS.
// - Receipts: matched to the message by the SMS center's id (OutboxStore::findByProviderId; a
//   receipt that overtakes the outbox's record is looked up again a few times), DELIVRD →
//   delivered, UNDELIV / EXPIRED / REJECTD / DELETED / UNKNOWN → failed with the state and error
//   code.
//
// Threads: one thread of its own runs an io_context with every connection; all state lives on it.
// Public calls post onto it (status() reads a snapshot under a mutex). Logs carry channel ids,
// states and SMPP statuses, never message text or phone numbers.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "channels/channel_runtime.h"
#include "channels/channel_sender.h"
#include "channels/outbound_sink.h"
#include "storage/stores.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace parley::net {

struct SmppGatewayOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds test_timeout{15'000};
  std::chrono::milliseconds stop_grace{5'000};
};

class SmppGateway final : public channels::ChannelSender, public channels::ChannelRuntime {
 public:
  // Uses stores.tenants, stores.channels, stores.outbox, stores.conversations. Everything passed
  // must outlive the gateway.
  SmppGateway(storage::Stores stores, const Clock& clock, channels::DeliveryObserver& observer,
              SmppGatewayOptions options = {});
  // stop(), if not called yet. Storage must be gone first: its last callbacks may still post here.
  ~SmppGateway() override;

  // channels::ChannelRuntime
  // Starts every enabled SMPP channel of every tenant; inbound texts go to `inbound`, which must
  // stay until stop() returned. Call once. (The pipeline routes, routing hands replies to the
  // outbox, the outbox sends through this gateway: hence the pipeline comes last.)
  // `status_changed` (optional) hears, on the gateway's thread, that a channel's status changed.
  [[nodiscard]] Result<void> start(channels::InboundSink& inbound,
                                   channels::StatusChanged status_changed = {}) override;
  // Unbinds everything (within the grace), answers every attempt in flight, waits for inbound
  // texts being stored, then stops the thread. Attempts made afterwards are answered Retry.
  void stop() override;

  // channels::ChannelSender
  bool sends(std::string_view channel) const override;
  void send(const storage::OutboxEntry& entry, const storage::OutboundMessage& outbound,
            std::move_only_function<void(channels::SendOutcome)> done) override;

  void changed(const TenantId& tenant, const ChannelId& channel) override;
  channels::ChannelStatus status(const TenantId& tenant, const ChannelId& channel) const override;
  void test(ChannelConfig config, std::move_only_function<void(Result<void>)> done) override;
  void forgetContact(const TenantId& tenant, const ChannelId& channel,
                     std::string_view identity) override;

  struct Impl;  // everything on the gateway's thread; defined in the .cc

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace parley::net
