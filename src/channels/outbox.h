#pragma once
// The durable outbox (C9, I2): outbound messages are recorded in storage before the reply is
// answered, then sent asynchronously through their channel's sender, in order within each
// conversation, retried with backoff, and resumed after a restart.
//
// - enqueue() records the message (ids only: what the attempt carries is read at each attempt).
// - An attempt reads the message and the contact's channel identity and hands them to the sender
//   of the conversation's channel (channel_sender.h). Delivered marks the message sent (with the
//   provider's ids, for receipts); Failed, or an erased contact, marks it failed with a reason the
//   agent sees; Retry tries again after DeliveryPolicy::retryDelay(), until
//   DeliveryPolicy::givesUp().
// - A conversation's next message waits until the one before it is sent or has failed.
// - start() loads every tenant's pending entries and resumes them at their next attempt time.
//
// Messages of a channel no sender carries are left as they are (queued).
//
// Threads: all state lives on the scheduler (one job at a time). enqueue() may be called from any
// thread, storage callbacks and HTTP answers hop onto the scheduler.

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "channels/channel_sender.h"
#include "channels/delivery_policy.h"
#include "channels/outbound_sink.h"
#include "core/scheduler.h"
#include "storage/conversation_stores.h"
#include "storage/outbox_store.h"

namespace parley::channels {

struct OutboxOptions {
  DeliveryPolicy policy;
  size_t max_in_flight = 256;  // attempts at once, over all conversations
  // Uniform in [0, 1) for the retry jitter; none: no jitter (the full delay, as tests want).
  std::function<double()> random;
};

class Outbox final : public OutboundSink {
 public:
  // Uses stores.tenants and stores.outbox. Everything passed must outlive the outbox; every
  // sender must answer every attempt (within its own timeout).
  Outbox(storage::Stores stores, std::vector<ChannelSender*> senders, const Clock& clock,
         DeliveryObserver& observer, std::unique_ptr<Scheduler> scheduler,
         OutboxOptions options = {});
  // Starts nothing new, waits for the attempts in flight to be answered and for the outbox's
  // storage writes to commit (an attempt answered Delivered is recorded as sent), then stops the
  // scheduler. What is left pending stays in storage for the next start.
  ~Outbox() override;

  // Loads the pending entries of every tenant and schedules them. Call once, before serving.
  [[nodiscard]] Result<void> start();

  // OutboundSink
  void enqueue(const Conversation& conversation, const Message& message,
               storage::Done<Message> recorded) override;

  bool sends(std::string_view channel) const { return senderOf(channel) != nullptr; }

 private:
  using LaneKey = std::pair<std::string, std::string>;  // tenant, conversation
  // One conversation's entries in sending order; only the head is ever tried.
  struct Lane {
    std::deque<storage::OutboxEntry> entries;
    bool busy = false;   // the head is being sent, or its result recorded
    bool ready = false;  // the head is due and waits for a free slot
  };

  // On the scheduler:
  void add(storage::OutboxEntry entry);
  void schedule(const LaneKey& key, TimePoint at);
  void makeReady(const LaneKey& key, const MessageId& head);
  void pump();
  void attempt(const LaneKey& key);
  void onAnswer(const LaneKey& key, SendOutcome sent,
                std::optional<storage::OutboundMessage> outbound);
  // `at_least`: the peer asked to wait that long before the next attempt.
  void retry(const LaneKey& key, const std::string& reason,
             std::optional<std::chrono::milliseconds> at_least,
             std::optional<storage::OutboundMessage> outbound);
  void conclude(const LaneKey& key, DeliveryStatus status, std::optional<std::string> reason,
                std::optional<storage::OutboundMessage> outbound,
                std::vector<std::string> provider_message_ids = {});
  void onConcluded(const LaneKey& key, Result<void> recorded, DeliveryStatus status,
                   std::optional<std::string> reason,
                   std::optional<storage::OutboundMessage> outbound);
  // Hops a continuation onto the scheduler; the destructor waits for it to have run.
  void later(Scheduler::Job job);
  ChannelSender* senderOf(std::string_view channel) const;

  storage::Stores stores_;
  std::vector<ChannelSender*> senders_;
  const Clock& clock_;
  DeliveryObserver& observer_;
  OutboxOptions options_;
  std::atomic<bool> closing_{false};
  // Storage writes and requests whose continuation has not run yet.
  std::atomic<int> outstanding_{0};

  std::map<LaneKey, Lane> lanes_;
  std::deque<LaneKey> ready_;
  size_t in_flight_ = 0;
  std::unique_ptr<Scheduler> scheduler_;  // last: its thread stops first
};

}  // namespace parley::channels
