#include "events/event_bus.h"

#include <algorithm>
#include <charconv>
#include <random>
#include <vector>

namespace parley::events {
namespace {

std::string newEpoch() {
  std::random_device random;
  char text[17];
  std::snprintf(text, sizeof text, "%08x%08x", random(), random());
  return text;
}

// "<epoch>.<seq>" → seq, when the epoch is this run's.
std::optional<uint64_t> seqOf(std::string_view cursor, std::string_view epoch) {
  if (cursor.size() <= epoch.size() + 1 || !cursor.starts_with(epoch) ||
      cursor[epoch.size()] != '.') {
    return std::nullopt;
  }
  const std::string_view digits = cursor.substr(epoch.size() + 1);
  uint64_t seq = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), seq);
  if (error != std::errc() || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  return seq;
}

}  // namespace

EventBus::EventBus() : epoch_(newEpoch()) {}

bool EventBus::reaches(const Audience& audience, const Event& event) {
  // A watcher hears its conversation, and like any socket what closes it (a role changed, a session
  // ended, the tenant deleted), by the usual addressing.
  if (audience.watching && !event.closes) {
    return event.conversation == audience.watching && !event.session;
  }
  if (event.for_watchers) {
    return false;
  }
  if (audience.only_addressed && !event.user) {
    return false;
  }
  if (event.user && audience.user != *event.user) {
    return false;
  }
  if (event.session && audience.session != event.session) {
    return false;
  }
  return !event.needs || isAllowed(audience.role, *event.needs);
}

std::string EventBus::cursor(const TenantId& tenant) const {
  std::lock_guard lock(mutex_);
  auto recent = recent_.find(tenant);
  return epoch_ + "." + std::to_string(recent == recent_.end() ? 0 : recent->second.last_seq);
}

EventBus::SubscriptionId EventBus::subscribe(Audience audience, Subscriber subscriber,
                                             std::optional<std::string> since) {
  std::lock_guard lock(mutex_);
  const SubscriptionId id = next_id_++;
  if (since) {
    // Replayed under the lock, so nothing published meanwhile can overtake it.
    const Recent& recent = recent_[audience.tenant];
    const auto seq = seqOf(*since, epoch_);
    const uint64_t oldest_kept = recent.last_seq - recent.events.size() + 1;
    if (!seq || *seq > recent.last_seq || *seq + 1 < oldest_kept) {
      Event resync{.tenant = audience.tenant,
                   .json = R"({"type":"resync","cursor":")" + epoch_ + "." +
                           std::to_string(recent.last_seq) + "\"}"};
      subscriber(std::make_shared<const Event>(std::move(resync)));
    } else {
      for (size_t i = *seq + 1 - oldest_kept; i < recent.events.size(); ++i) {
        if (reaches(audience, *recent.events[i])) {
          subscriber(recent.events[i]);
        }
      }
    }
  }
  tenant_of_.emplace(id, audience.tenant);
  by_tenant_[audience.tenant].emplace(
      id,
      Subscription{std::move(audience), std::make_shared<const Subscriber>(std::move(subscriber))});
  return id;
}

void EventBus::unsubscribe(SubscriptionId id) {
  std::lock_guard lock(mutex_);
  auto tenant = tenant_of_.find(id);
  if (tenant == tenant_of_.end()) {
    return;
  }
  auto subscriptions = by_tenant_.find(tenant->second);
  subscriptions->second.erase(id);
  if (subscriptions->second.empty()) {
    by_tenant_.erase(subscriptions);
  }
  tenant_of_.erase(tenant);
}

void EventBus::publish(Event event) {
  std::vector<std::shared_ptr<const Subscriber>> receivers;
  std::shared_ptr<const Event> shared;
  {
    std::lock_guard lock(mutex_);
    if (event.replayable) {
      Recent& recent = recent_[event.tenant];
      const uint64_t seq = ++recent.last_seq;
      if (event.json.starts_with('{')) {
        event.json.insert(1, "\"seq\":" + std::to_string(seq) + (event.json.size() > 2 ? "," : ""));
      }
      shared = std::make_shared<const Event>(std::move(event));
      recent.events.push_back(shared);
      recent.bytes += shared->json.size();
      while (recent.events.size() > kKeptEvents ||
             (recent.bytes > kKeptBytes && recent.events.size() > 1)) {
        recent.bytes -= recent.events.front()->json.size();
        recent.events.pop_front();
      }
    } else {
      shared = std::make_shared<const Event>(std::move(event));
    }
    auto subscriptions = by_tenant_.find(shared->tenant);
    if (subscriptions == by_tenant_.end()) {
      return;
    }
    receivers.reserve(subscriptions->second.size());
    for (const auto& [id, subscription] : subscriptions->second) {
      if (reaches(subscription.audience, *shared)) {
        receivers.push_back(subscription.subscriber);
      }
    }
  }
  for (const auto& receiver : receivers) {
    (*receiver)(shared);
  }
}

size_t EventBus::redact(const TenantId& tenant, const std::vector<std::string>& conversations) {
  std::lock_guard lock(mutex_);
  auto recent = recent_.find(tenant);
  if (recent == recent_.end() || conversations.empty()) {
    return 0;
  }
  Recent& kept = recent->second;
  size_t redacted = 0;
  uint64_t seq = kept.last_seq - kept.events.size();
  for (std::shared_ptr<const Event>& event : kept.events) {
    ++seq;
    if (!event->conversation || std::find(conversations.begin(), conversations.end(),
                                          *event->conversation) == conversations.end()) {
      continue;
    }
    auto replacement = std::make_shared<Event>(
        Event{.tenant = event->tenant,
              .user = event->user,
              .session = event->session,
              .json = "{\"seq\":" + std::to_string(seq) + ",\"type\":\"redacted\"}",
              .needs = event->needs,
              .for_watchers = event->for_watchers});
    kept.bytes = kept.bytes - event->json.size() + replacement->json.size();
    event = std::move(replacement);
    ++redacted;
  }
  return redacted;
}

size_t EventBus::forgetFrames(const TenantId& tenant) {
  std::lock_guard lock(mutex_);
  auto recent = recent_.find(tenant);
  if (recent == recent_.end()) {
    return 0;
  }
  const size_t dropped = recent->second.events.size();
  recent->second.events.clear();  // last_seq stays: older cursors now fall before what is kept
  recent->second.bytes = 0;
  return dropped;
}

size_t EventBus::subscriberCount() const {
  std::lock_guard lock(mutex_);
  return tenant_of_.size();
}

}  // namespace parley::events
