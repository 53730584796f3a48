#include "channels/outbox.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iterator>
#include <thread>
#include <vector>

#include "core/log_redaction.h"
#include "storage/wait.h"

namespace parley::channels {
namespace {

constexpr std::string_view kErased = "the contact was erased";
constexpr std::string_view kNotRecorded = "could not be queued for sending";

std::string gaveUp(const DeliveryPolicy& policy, const std::string& reason) {
  const auto hours = std::chrono::duration_cast<std::chrono::hours>(policy.give_up_after).count();
  return hours > 0 ? "not delivered within " + std::to_string(hours) + " hours: " + reason
                   : "not delivered: " + reason;
}

}  // namespace

Outbox::Outbox(storage::Stores stores, std::vector<ChannelSender*> senders, const Clock& clock,
               DeliveryObserver& observer, std::unique_ptr<Scheduler> scheduler,
               OutboxOptions options)
    : stores_(stores),
      senders_(std::move(senders)),
      clock_(clock),
      observer_(observer),
      options_(options),
      scheduler_(std::move(scheduler)) {}

// Continuations decrement `outstanding_` only after they ran, and whatever they start counts
// before that: at zero nothing can post to the scheduler any more. Its destructor then runs what
// was posted (with `closing_` set, nothing new starts) and drops the timers.
Outbox::~Outbox() {
  closing_ = true;
  while (outstanding_.load() > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  scheduler_.reset();
}

ChannelSender* Outbox::senderOf(std::string_view channel) const {
  for (ChannelSender* sender : senders_) {
    if (sender->sends(channel)) {
      return sender;
    }
  }
  return nullptr;
}

void Outbox::later(Scheduler::Job job) {
  scheduler_->post([this, job = std::move(job)]() mutable {
    job();
    --outstanding_;
  });
}

Result<void> Outbox::start() {
  auto tenants = stores_.tenants->listTenants();
  if (!tenants) {
    return std::unexpected(tenants.error());
  }
  std::vector<storage::OutboxEntry> entries;
  for (const Tenant& tenant : *tenants) {
    auto pending = stores_.outbox->listPending(tenant.id);
    if (!pending) {
      return std::unexpected(pending.error());
    }
    std::move(pending->begin(), pending->end(), std::back_inserter(entries));
    // Replies stored just before a crash, whose entry was never written: record them now.
    auto unrecorded = stores_.outbox->listUnrecorded(tenant.id);
    if (!unrecorded) {
      return std::unexpected(unrecorded.error());
    }
    for (storage::OutboxEntry& entry : *unrecorded) {
      if (!sends(entry.channel)) {
        continue;
      }
      auto recorded = storage::waitFor<storage::OutboxEntry>(
          [&](auto done) { stores_.outbox->enqueue(entry, std::move(done)); });
      if (!recorded) {
        return std::unexpected(recorded.error());
      }
      spdlog::info("outbox: recorded {} after a restart", recorded->message_id.value);
      entries.push_back(std::move(*recorded));
    }
  }
  if (!entries.empty()) {
    spdlog::info("outbox: resuming {} outbound messages", entries.size());
  }
  ++outstanding_;
  later([this, entries = std::move(entries)]() mutable {
    for (storage::OutboxEntry& entry : entries) {
      add(std::move(entry));
    }
  });
  return {};
}

void Outbox::enqueue(const Conversation& conversation, const Message& message,
                     storage::Done<Message> recorded) {
  if (!sends(conversation.channel) || message.direction != Direction::Outbound) {
    recorded(message);
    return;
  }
  storage::OutboxEntry entry{.tenant_id = message.tenant_id,
                             .message_id = message.id,
                             .conversation_id = conversation.id,
                             .channel = conversation.channel};
  ++outstanding_;
  stores_.outbox->enqueue(std::move(entry), [this, message, recorded = std::move(recorded)](
                                                Result<storage::OutboxEntry> entry) mutable {
    if (entry) {
      recorded(std::move(message));
      later([this, entry = std::move(*entry)]() mutable { add(std::move(entry)); });
      return;
    }
    // The message is in the conversation but will not be sent: say so on it.
    spdlog::error("outbox: {} could not be recorded for sending: {}", message.id.value,
                  entry.error().message);
    ++outstanding_;
    const TenantId tenant = message.tenant_id;
    const MessageId id = message.id;
    stores_.outbox->finish(tenant, id, DeliveryStatus::Failed, std::string(kNotRecorded), {},
                           [this, message = std::move(message),
                            recorded = std::move(recorded)](Result<void> marked) mutable {
                             if (marked) {
                               message.status = DeliveryStatus::Failed;
                               message.status_reason = std::string(kNotRecorded);
                               recorded(std::move(message));
                             } else {
                               recorded(std::unexpected(marked.error()));
                             }
                             --outstanding_;
                           });
    --outstanding_;
  });
}

void Outbox::add(storage::OutboxEntry entry) {
  if (!sends(entry.channel)) {
    spdlog::warn("outbox: {} is for channel {}, which is not sent", entry.message_id.value,
                 entry.channel);
    return;
  }
  const LaneKey key{entry.tenant_id.value, entry.conversation_id.value};
  Lane& lane = lanes_[key];
  auto& entries = lane.entries;
  if (std::any_of(entries.begin(), entries.end(), [&](const storage::OutboxEntry& queued) {
        return queued.message_id == entry.message_id;
      })) {
    return;  // loaded at start and recorded since: one is enough
  }
  auto at = std::upper_bound(
      entries.begin(), entries.end(), entry.message_seq,
      [](int64_t seq, const storage::OutboxEntry& queued) { return seq < queued.message_seq; });
  if (at == entries.begin() && lane.busy) {
    ++at;  // the head is on its way already
  }
  const bool is_head = at == entries.begin();
  entries.insert(at, std::move(entry));
  if (is_head) {
    schedule(key, entries.front().next_attempt_at);
  }
}

void Outbox::schedule(const LaneKey& key, TimePoint at) {
  const MessageId head = lanes_.at(key).entries.front().message_id;
  if (at <= clock_.now()) {
    makeReady(key, head);
    return;
  }
  scheduler_->postAt(at, [this, key, head] { makeReady(key, head); });
}

void Outbox::makeReady(const LaneKey& key, const MessageId& head) {
  auto found = lanes_.find(key);
  if (found == lanes_.end()) {
    return;
  }
  Lane& lane = found->second;
  // A timer of an earlier wait, or for a message that is done: not this head's turn.
  if (lane.busy || lane.ready || lane.entries.front().message_id != head ||
      lane.entries.front().next_attempt_at > clock_.now()) {
    return;
  }
  lane.ready = true;
  ready_.push_back(key);
  pump();
}

void Outbox::pump() {
  while (!closing_ && in_flight_ < options_.max_in_flight && !ready_.empty()) {
    const LaneKey key = std::move(ready_.front());
    ready_.pop_front();
    auto found = lanes_.find(key);
    if (found == lanes_.end()) {
      continue;
    }
    found->second.ready = false;
    attempt(key);
  }
}

void Outbox::attempt(const LaneKey& key) {
  Lane& lane = lanes_.at(key);
  lane.busy = true;
  const storage::OutboxEntry& entry = lane.entries.front();
  auto outbound = stores_.outbox->findOutbound(entry.tenant_id, entry.message_id);
  if (!outbound) {
    retry(key, "cannot read the message: " + outbound.error().message, std::nullopt, std::nullopt);
    return;
  }
  if (!outbound->identity || outbound->message.content.empty()) {
    conclude(key, DeliveryStatus::Failed, std::string(kErased), std::move(*outbound));
    return;
  }
  ChannelSender* sender = senderOf(entry.channel);
  ++in_flight_;
  ++outstanding_;
  // The continuation keeps its own copy: the sender reads `*outbound` during the call.
  auto answered = [this, key, kept = *outbound](SendOutcome sent) mutable {
    later([this, key, sent = std::move(sent), kept = std::move(kept)]() mutable {
      onAnswer(key, std::move(sent), std::move(kept));
    });
  };
  sender->send(entry, *outbound, std::move(answered));
}

void Outbox::onAnswer(const LaneKey& key, SendOutcome sent,
                      std::optional<storage::OutboundMessage> outbound) {
  --in_flight_;
  DeliveryOutcome& outcome = sent.outcome;
  switch (outcome.verdict) {
    case Verdict::Delivered:
      conclude(key, DeliveryStatus::Sent, std::nullopt, std::move(outbound),
               std::move(sent.provider_message_ids));
      break;
    case Verdict::Failed:
      conclude(key, DeliveryStatus::Failed, std::move(outcome.reason), std::move(outbound));
      break;
    case Verdict::Retry:
      retry(key, outcome.reason, outcome.retry_after, std::move(outbound));
      break;
  }
  pump();
}

void Outbox::retry(const LaneKey& key, const std::string& reason,
                   std::optional<std::chrono::milliseconds> at_least,
                   std::optional<storage::OutboundMessage> outbound) {
  Lane& lane = lanes_.at(key);
  storage::OutboxEntry& entry = lane.entries.front();
  const TimePoint now = clock_.now();
  if (options_.policy.givesUp(entry.created_at, now)) {
    conclude(key, DeliveryStatus::Failed, gaveUp(options_.policy, reason), std::move(outbound));
    return;
  }
  entry.attempts += 1;
  const auto delay = std::max(
      options_.policy.jitteredRetryDelay(entry.attempts, options_.random ? options_.random() : 1.0),
      at_least.value_or(std::chrono::milliseconds(0)));
  entry.next_attempt_at = now + delay;
  lane.busy = false;
  spdlog::info("outbox: {} not delivered (attempt {}): {}; trying again in {} ms",
               entry.message_id.value, entry.attempts, withoutLongNumbers(reason), delay.count());
  ++outstanding_;
  stores_.outbox->recordAttempt(
      entry.tenant_id, entry.message_id, entry.attempts, entry.next_attempt_at, reason,
      [this, id = entry.message_id](Result<void> recorded) {
        if (!recorded) {  // only the count is lost: a restart retries sooner
          spdlog::warn("outbox: the attempt on {} was not saved: {}", id.value,
                       recorded.error().message);
        }
        --outstanding_;
      });
  schedule(key, entry.next_attempt_at);
}

void Outbox::conclude(const LaneKey& key, DeliveryStatus status, std::optional<std::string> reason,
                      std::optional<storage::OutboundMessage> outbound,
                      std::vector<std::string> provider_message_ids) {
  const storage::OutboxEntry& entry = lanes_.at(key).entries.front();
  ++outstanding_;
  stores_.outbox->finish(
      entry.tenant_id, entry.message_id, status, reason, std::move(provider_message_ids),
      [this, key, status, reason, outbound = std::move(outbound)](Result<void> recorded) mutable {
        later([this, key, recorded = std::move(recorded), status, reason = std::move(reason),
               outbound = std::move(outbound)]() mutable {
          onConcluded(key, std::move(recorded), status, std::move(reason), std::move(outbound));
        });
      });
}

void Outbox::onConcluded(const LaneKey& key, Result<void> recorded, DeliveryStatus status,
                         std::optional<std::string> reason,
                         std::optional<storage::OutboundMessage> outbound) {
  Lane& lane = lanes_.at(key);
  storage::OutboxEntry& entry = lane.entries.front();
  if (!recorded && recorded.error().code != ErrorCode::NotFound) {
    // Storage is failing: try the whole attempt again later (a delivered message may go twice).
    spdlog::error("outbox: the result of {} was not saved: {}", entry.message_id.value,
                  recorded.error().message);
    lane.busy = false;
    entry.next_attempt_at = clock_.now() + options_.policy.retryDelay(entry.attempts + 1);
    schedule(key, entry.next_attempt_at);
    return;
  }
  if (!recorded) {
    spdlog::warn("outbox: {} is gone", entry.message_id.value);
  } else if (status == DeliveryStatus::Sent) {
    spdlog::info("outbox: {} sent", entry.message_id.value);
  } else {
    spdlog::warn("outbox: {} failed: {}", entry.message_id.value,
                 withoutLongNumbers(reason.value_or("")));
  }
  if (recorded && outbound) {
    outbound->message.status = status;
    outbound->message.status_reason = std::move(reason);
    observer_.messageStatusChanged(entry.tenant_id, outbound->conversation, outbound->message);
  }
  lane.entries.pop_front();
  lane.busy = false;
  if (lane.entries.empty()) {
    lanes_.erase(key);
    return;
  }
  schedule(key, lane.entries.front().next_attempt_at);
}

}  // namespace parley::channels
