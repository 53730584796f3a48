#include "events/event_bus.h"

#include <vector>

namespace parley::events {

EventBus::SubscriptionId EventBus::subscribe(Audience audience, Subscriber subscriber) {
  std::lock_guard lock(mutex_);
  const SubscriptionId id = next_id_++;
  tenant_of_.emplace(id, audience.tenant);
  by_tenant_[audience.tenant].emplace(id, Subscription{std::move(audience), std::move(subscriber)});
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
  auto shared = std::make_shared<const Event>(std::move(event));
  std::vector<Subscriber> receivers;
  {
    std::lock_guard lock(mutex_);
    auto subscriptions = by_tenant_.find(shared->tenant);
    if (subscriptions == by_tenant_.end()) {
      return;
    }
    for (const auto& [id, subscription] : subscriptions->second) {
      const Audience& audience = subscription.audience;
      if (shared->user && audience.user != *shared->user) {
        continue;
      }
      if (shared->session && audience.session != shared->session) {
        continue;
      }
      if (shared->needs && !isAllowed(audience.role, *shared->needs)) {
        continue;
      }
      receivers.push_back(subscription.subscriber);
    }
  }
  for (const Subscriber& receiver : receivers) {
    receiver(shared);
  }
}

size_t EventBus::subscriberCount() const {
  std::lock_guard lock(mutex_);
  return tenant_of_.size();
}

}  // namespace parley::events
