#include "conversations/connection_presence.h"

#include <spdlog/spdlog.h>

namespace parley::conversations {

ConnectionPresence::ConnectionPresence(RoutingService& routing,
                                       std::unique_ptr<Scheduler> scheduler, const Clock& clock,
                                       Millis grace)
    : routing_(routing), clock_(clock), grace_(grace), scheduler_(std::move(scheduler)) {}

ConnectionPresence::~ConnectionPresence() { stop(); }

void ConnectionPresence::stop() {
  stopped_ = true;
  scheduler_.reset();
}

void ConnectionPresence::opened(const TenantId& tenant, const UserId& user) {
  if (grace_.count() <= 0 || stopped_) {
    return;
  }
  const Key key{tenant, user};
  std::optional<routing::Presence> to_restore;
  {
    std::lock_guard lock(mutex_);
    Person& person = people_[key];
    ++person.sockets;
    if (person.sockets == 1) {
      to_restore = std::exchange(person.restore, std::nullopt);
    }
  }
  if (to_restore) {
    restore(key, *to_restore);
  }
}

void ConnectionPresence::closed(const TenantId& tenant, const UserId& user) {
  if (grace_.count() <= 0 || stopped_) {
    return;
  }
  const Key key{tenant, user};
  uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    Person& person = people_[key];
    if (person.sockets > 0 && --person.sockets > 0) {
      return;
    }
    generation = ++person.generation;
  }
  scheduler_->postAt(clock_.now() + grace_,
                     [this, key, generation] { checkGone(key, generation); });
}

void ConnectionPresence::checkGone(const Key& key, uint64_t generation) {
  {
    std::lock_guard lock(mutex_);
    auto found = people_.find(key);
    if (found == people_.end() || found->second.sockets > 0 ||
        found->second.generation != generation) {
      return;  // back meanwhile, or a later close has its own check
    }
  }
  setOffline(key);
}

void ConnectionPresence::setOffline(const Key& key) {
  routing_.agent(key.first, key.second, [this, key](Result<routing::AgentView> view) {
    if (!view || view->presence == routing::Presence::Offline) {
      // Not an agent, or offline by their own choice: nothing to do or undo.
      // (Offline because this set them so, with a socket that came and went meanwhile: what to
      // restore is kept.)
      std::lock_guard lock(mutex_);
      if (auto found = people_.find(key);
          found != people_.end() && found->second.sockets == 0 && !found->second.restore) {
        people_.erase(found);
      }
      return;
    }
    const routing::Presence chosen = view->presence;
    {
      std::lock_guard lock(mutex_);
      auto found = people_.find(key);
      if (found == people_.end() || found->second.sockets > 0) {
        return;  // came back while we looked
      }
      found->second.restore = chosen;
    }
    routing_.updateAgent(key.first, key.second, AgentPatch{.presence = routing::Presence::Offline},
                         [this, key, chosen](Result<AgentRouting> updated) {
                           if (!updated) {
                             spdlog::warn(
                                 "could not set {} offline after their last socket closed: {}",
                                 key.second.value, updated.error().message);
                             return;
                           }
                           // A socket that opened while this was written found them not yet
                           // offline, so its restore did nothing: undo it now (restoring twice is
                           // harmless).
                           bool back = false;
                           {
                             std::lock_guard lock(mutex_);
                             auto found = people_.find(key);
                             if (found != people_.end()) {
                               back = found->second.sockets > 0;
                               // One that came and went again took what to restore: put it back
                               // for the next.
                               if (!back && !found->second.restore) {
                                 found->second.restore = chosen;
                               }
                             }
                           }
                           if (back && !stopped_) {
                             restore(key, chosen);
                           }
                         });
  });
}

void ConnectionPresence::restore(const Key& key, routing::Presence presence) {
  routing_.agent(key.first, key.second, [this, key, presence](Result<routing::AgentView> view) {
    // Only undo what this did: someone who changed the presence meanwhile keeps their change.
    if (!view || view->presence != routing::Presence::Offline) {
      return;
    }
    routing_.updateAgent(key.first, key.second, AgentPatch{.presence = presence},
                         [key](Result<AgentRouting> updated) {
                           if (!updated) {
                             spdlog::warn("could not restore {}'s presence: {}", key.second.value,
                                          updated.error().message);
                           }
                         });
  });
}

}  // namespace parley::conversations
