#include "conversations/routing_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <future>
#include <map>
#include <thread>

#include "conversations/routing_loop.h"
#include "core/json/json_writer.h"
#include "routing/categorizer.h"

namespace parley::conversations {

using routing::Change;
using routing::Ms;

struct RoutingService::Tenant {
  TenantId id;
  routing::Engine engine;
  storage::TenantSettings settings;
  std::vector<routing::CategoryMatch> matching;
  std::optional<Ms> tick_at;  // the earliest wake-up already asked of the loop
  bool stats_pending = false;
  QueueHistory queue_history;
  int writes_in_flight = 0;
  bool reload_wanted = false;  // a write failed: rebuild from storage once the others land
};

namespace {

constexpr auto kStatsInterval = std::chrono::seconds(1);

routing::CategoryRules rulesOf(const Category& category) {
  routing::CategoryRules rules{.id = category.id.value,
                               .priority = category.priority,
                               .offer_timeout = Ms{category.offer_timeout_seconds} * 1000};
  if (category.window_boost_seconds > 0) {
    rules.window_boost = routing::WindowBoost{.within = Ms{category.window_boost_seconds} * 1000,
                                              .priority = category.window_boost_priority};
  }
  for (const SkillId& skill : category.skills) {
    rules.skills.push_back(skill.value);
  }
  for (const RelaxationStepConfig& step : category.relaxation) {
    routing::RelaxationStep relaxed{.after = Ms{step.after_seconds} * 1000};
    for (const auto& alternative : step.any_of) {
      std::vector<std::string> skills;
      for (const SkillId& skill : alternative) {
        skills.push_back(skill.value);
      }
      relaxed.any_of.push_back(std::move(skills));
    }
    rules.relaxation.push_back(std::move(relaxed));
  }
  return rules;
}

routing::AgentSettings settingsOf(const AgentRouting& routing) {
  routing::AgentSettings settings{
      .id = routing.user_id.value,
      .presence = routing::parsePresence(routing.presence).value_or(routing::Presence::Offline),
      .auto_allocate = routing.auto_allocate,
      .capacity = routing.capacity};
  for (const auto& [skill, active] : routing.skills) {
    settings.skills.emplace_back(skill.value, active);
  }
  return settings;
}

TimePoint timeOf(Ms ms) { return fromUnixMillis(ms); }

}  // namespace

std::string explanationJson(const routing::Explanation& why) {
  JsonWriter json;
  json.beginObject();
  json.key("agent").optionalString(why.agent);
  if (why.agent) {
    json.key("load").number(why.load).key("capacity").number(why.capacity);
    json.key("alternative").number(static_cast<int64_t>(why.alternative));
    json.field("rule", why.idle_tie_break ? "least loaded, then idle longest" : "least loaded");
  }
  if (why.window_boost != 0) {  // R11: served first because its reply window was closing
    json.key("windowBoost")
        .beginObject()
        .key("priority")
        .number(why.window_boost)
        .field("closesAt", formatRfc3339(timeOf(why.window_closes_at)))
        .endObject();
  }
  json.key("skipped").beginArray();
  for (const routing::Skip& skip : why.skipped) {
    json.beginObject()
        .field("agent", skip.agent)
        .field("reason", routing::skipReasonName(skip.reason));
    if (!skip.skill.empty()) {
      json.field("skill", skip.skill);
    }
    json.endObject();
  }
  json.endArray();
  json.key("notReady")
      .beginObject()
      .key("away")
      .number(why.away)
      .key("offline")
      .number(why.offline)
      .key("autoAllocateOff")
      .number(why.auto_allocate_off)
      .key("atCapacity")
      .number(why.at_capacity)
      .endObject();
  json.endObject();
  return json.take();
}

RoutingService::RoutingService(storage::Stores stores, const Clock& clock,
                               RoutingObserver& observer, channels::OutboundSink* outbound)
    : stores_(stores),
      clock_(clock),
      observer_(observer),
      outbound_(outbound),
      tenants_(std::make_unique<std::unordered_map<TenantId, std::unique_ptr<Tenant>>>()),
      loop_(std::make_unique<RoutingLoop>()) {}

template <class T>
storage::Done<T> RoutingService::tracked(storage::Done<T> done) {
  ++outstanding_;
  return [this, done = std::move(done)](Result<T> result) mutable {
    done(std::move(result));
    --outstanding_;
  };
}

// Storage callbacks post to the loop, so the loop lives until none is outstanding and nothing it
// ran started another.
RoutingService::~RoutingService() {
  while (true) {
    if (outstanding_ == 0) {
      std::promise<void> drained;
      loop_->post([&drained] { drained.set_value(); });
      drained.get_future().wait();
      if (outstanding_ == 0) {
        break;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  loop_.reset();
}

Ms RoutingService::now() const { return toUnixMillis(clock_.now()); }

Result<void> RoutingService::start() {
  auto tenants = stores_.tenants->listTenants();
  if (!tenants) {
    return std::unexpected(tenants.error());
  }
  std::promise<Result<void>> loaded;
  loop_->post([&] {
    for (const parley::Tenant& t : *tenants) {
      auto& slot = (*tenants_)[t.id];
      slot = std::make_unique<Tenant>();
      slot->id = t.id;
      if (auto ok = load(*slot); !ok) {
        loaded.set_value(ok);
        return;
      }
    }
    loaded.set_value({});
  });
  return loaded.get_future().get();
}

RoutingService::Tenant& RoutingService::tenant(const TenantId& id) {
  auto& slot = (*tenants_)[id];
  if (!slot) {
    slot = std::make_unique<Tenant>();
    slot->id = id;
    if (auto ok = load(*slot); !ok) {
      spdlog::error("routing state of tenant {} did not load: {}", id.value, ok.error().message);
    }
  }
  return *slot;
}

// Rebuilds the tenant's engine from storage: settings, categories, agents, open conversations.
Result<void> RoutingService::load(Tenant& t) {
  spdlog::info("loading the routing state of tenant {}", t.id.value);
  const Ms at = now();
  auto settings = stores_.routing->findSettings(t.id);
  auto categories = stores_.routing->listCategories(t.id);
  auto agents = stores_.routing->listAgentRouting(t.id);
  auto open = stores_.conversations->listOpenConversations(t.id);
  for (const Error* error :
       {settings ? nullptr : &settings.error(), categories ? nullptr : &categories.error(),
        agents ? nullptr : &agents.error(), open ? nullptr : &open.error()}) {
    if (error) {
      return std::unexpected(*error);
    }
  }
  t.settings = std::move(*settings);
  t.engine = routing::Engine(Ms{t.settings.offline_grace_seconds} * 1000);
  t.matching.clear();
  for (const Category& category : *categories) {
    t.engine.upsertCategory(rulesOf(category), at);
    t.matching.push_back({.category = category.id.value,
                          .channels = category.channels,
                          .keywords = category.keywords,
                          .entry_points = category.entry_points});
  }
  for (const AgentRouting& routing : *agents) {
    t.engine.upsertAgent(settingsOf(routing), toUnixMillis(routing.presence_changed_at));
  }
  for (const Conversation& c : *open) {
    routing::StoredConversation stored{
        .id = c.id.value,
        .category = c.category_id ? c.category_id->value : std::string(),
        .enqueued_at = toUnixMillis(c.enqueued_at),
        .manual = c.manual};
    if (c.state == ConversationState::Assigned && c.agent_id) {
      stored.agent = c.agent_id->value;
      if (!t.engine.agent(c.agent_id->value)) {
        // Assigned by hand to someone without routing settings: they hold it, offline.
        t.engine.upsertAgent({.id = c.agent_id->value, .capacity = 0}, at);
      }
    }
    if (c.offer_deadline) {
      stored.offer_deadline = toUnixMillis(*c.offer_deadline);
    }
    for (const UserId& missed : c.missed_by) {
      stored.missed_by.push_back(missed.value);
    }
    if (c.reply_window_closes_at) {
      stored.window_closes_at = toUnixMillis(*c.reply_window_closes_at);
    }
    if (auto restored = t.engine.restore(stored, at); !restored) {
      // A category deleted while the conversation waited: route it uncategorised.
      stored.category.clear();
      (void)t.engine.restore(stored, at);
    }
  }
  // Deadlines that passed while we were down are due now.
  commit(t, t.engine.tick(at));
  allocateAndCommit(t);
  return {};
}

void RoutingService::commit(Tenant& t, std::vector<Change> changes,
                            std::move_only_function<void(Result<void>)> then) {
  scheduleTick(t);
  if (changes.empty()) {
    if (then) {
      then({});
    }
    return;
  }
  statsDirty(t);
  std::vector<storage::RoutingUpdate> updates;
  updates.reserve(changes.size());
  const TimePoint at = clock_.now();
  for (const Change& change : changes) {
    storage::RoutingUpdate update{.conversation_id = ConversationId{change.conversation}};
    auto view = t.engine.conversation(change.conversation);
    if (view) {
      update.state = view->agent ? ConversationState::Assigned : ConversationState::Queued;
      if (view->agent) {
        update.agent_id = UserId{*view->agent};
        update.assigned_at = at;
      }
      update.manual = view->manual;
      if (view->offer_deadline) {
        update.offer_deadline = timeOf(*view->offer_deadline);
      }
      for (const std::string& missed : view->missed_by) {
        update.missed_by.push_back(UserId{missed});
      }
      if (!view->category.empty()) {
        update.category_id = CategoryId{view->category};
      }
    }
    update.decision = RoutingDecision{.conversation_id = update.conversation_id,
                                      .at = at,
                                      .cause = std::string(routing::changeCauseName(change.cause)),
                                      .explanation_json = explanationJson(change.why)};
    if (change.agent) {
      update.decision->agent_id = UserId{*change.agent};
    }
    updates.push_back(std::move(update));
  }
  ++t.writes_in_flight;
  stores_.conversations->applyRouting(
      t.id, std::move(updates),
      tracked<void>([this, &t, changes = std::move(changes),
                     then = std::move(then)](Result<void> saved) mutable {
        if (saved) {
          observer_.routed(t.id, changes);
        }
        loop_->post([this, &t, saved, then = std::move(then)]() mutable {
          --t.writes_in_flight;
          if (!saved) {
            spdlog::error("routing decisions of tenant {} were not saved: {}; reloading",
                          t.id.value, saved.error().message);
            t.reload_wanted = true;
          }
          if (t.reload_wanted && t.writes_in_flight == 0) {
            t.reload_wanted = false;
            (void)load(t);
          }
          if (then) {
            then(saved);
          }
        });
      }));
}

void RoutingService::allocateAndCommit(Tenant& t) { commit(t, t.engine.allocate(now())); }

void RoutingService::scheduleTick(Tenant& t) {
  const auto next = t.engine.nextDeadline();
  if (!next || (t.tick_at && *t.tick_at <= *next)) {
    return;
  }
  t.tick_at = next;
  const auto delay = std::chrono::milliseconds(std::max<Ms>(0, *next - now()));
  loop_->postAt(RoutingLoop::Clock::now() + delay, [this, &t, at = *next] {
    if (t.tick_at == at) {
      t.tick_at.reset();
    }
    const Ms current = now();
    if (t.engine.nextDeadline().value_or(current + 1) > current) {
      scheduleTick(t);
      return;
    }
    commit(t, t.engine.tick(current));
    allocateAndCommit(t);
  });
}

void RoutingService::statsDirty(Tenant& t) {
  recordQueue(t);  // every change, so that the wallboard's series misses no peak
  if (t.stats_pending) {
    return;
  }
  t.stats_pending = true;
  loop_->postAt(RoutingLoop::Clock::now() + kStatsInterval, [this, &t] {
    t.stats_pending = false;
    observer_.statsChanged(t.id, statsOf(t, /*with_conversations=*/false));
  });
}

void RoutingService::recordQueue(Tenant& t) {
  std::optional<TimePoint> oldest;
  if (auto enqueued = t.engine.oldestEnqueuedAt()) {
    oldest = timeOf(*enqueued);
  }
  t.queue_history.record(clock_.now(), t.engine.queueLength(), oldest);
}

RoutingStats RoutingService::statsOf(Tenant& t, bool with_conversations) {
  RoutingStats stats;
  stats.queue_length = t.engine.queueLength();
  if (auto oldest = t.engine.oldestEnqueuedAt()) {
    stats.oldest = timeOf(*oldest);
  }
  for (const auto& waiting : t.engine.waitingByCategory()) {
    stats.by_category.push_back({.category = waiting.category,
                                 .waiting = waiting.waiting,
                                 .oldest = timeOf(waiting.oldest_enqueued_at)});
  }
  stats.agents = t.engine.agents(with_conversations);
  const auto today = std::chrono::floor<std::chrono::days>(clock_.now());
  if (auto handled = stores_.conversations->handlingStats(t.id, today)) {
    stats.today = *handled;
  }
  if (auto windows = stores_.conversations->windowStats(t.id, clock_.now(), today)) {
    stats.windows = *windows;
  }
  return stats;
}

// ---- use cases ----

void RoutingService::receive(Inbound inbound, storage::Done<storage::ReceivedMessage> done) {
  loop_->post([this, inbound = std::move(inbound), done = std::move(done)]() mutable {
    Tenant& t = tenant(inbound.message.tenant_id);
    auto category = routing::categorize(
        t.matching, {inbound.message.channel, inbound.text, inbound.entry_point});
    if (category) {
      inbound.message.category_id = CategoryId{*category};
    }
    inbound.message.reopen_window = std::chrono::seconds(t.settings.reopen_window_seconds);
    stores_.conversations->receive(
        std::move(inbound.message),
        tracked<storage::ReceivedMessage>(
            [this, &t, done = std::move(done)](Result<storage::ReceivedMessage> received) mutable {
              if (!received || received->duplicate) {
                done(std::move(received));
                return;
              }
              observer_.messageAdded(t.id, received->conversation, received->message);
              loop_->post([this, &t, received = *received]() mutable {
                if (received.new_conversation || received.reopened) {
                  const Conversation& c = received.conversation;
                  auto queued = t.engine.enqueue(
                      c.id.value, c.category_id ? c.category_id->value : std::string(),
                      toUnixMillis(c.enqueued_at));
                  if (!queued && c.category_id) {
                    (void)t.engine.enqueue(c.id.value, "", toUnixMillis(c.enqueued_at));
                  }
                }
                const Conversation& c = received.conversation;
                if (c.reply_window_closes_at) {
                  // R11: a waiting conversation moves up as its window nears its end.
                  (void)t.engine.setReplyWindow(c.id.value, toUnixMillis(*c.reply_window_closes_at),
                                                toUnixMillis(clock_.now()));
                }
                if (received.new_conversation || received.reopened || c.reply_window_closes_at) {
                  statsDirty(t);
                  allocateAndCommit(t);
                }
              });
              done(std::move(received));
            }));
  });
}

void RoutingService::reply(TenantId tenant_id, ConversationId conversation, UserId author,
                           std::string content, storage::Done<Message> done) {
  loop_->post([this, tenant_id = std::move(tenant_id), conversation = std::move(conversation),
               author = std::move(author), content = std::move(content),
               done = std::move(done)]() mutable {
    Tenant& t = tenant(tenant_id);
    auto found = stores_.conversations->findConversation(tenant_id, conversation);
    if (!found) {
      done(std::unexpected(found.error()));
      return;
    }
    // Answering accepts an offer (R8).
    if (found->agent_id == author) {
      if (auto view = t.engine.conversation(conversation.value); view && view->offer_deadline) {
        (void)t.engine.accept(conversation.value, author.value);
        commit(t, {Change{.kind = Change::Kind::Assigned,
                          .cause = Change::Cause::Accepted,
                          .conversation = conversation.value,
                          .agent = author.value}});
      }
    }
    Message message{.tenant_id = tenant_id,
                    .conversation_id = conversation,
                    .contact_id = found->contact_id,
                    .direction = Direction::Outbound,
                    .content = std::move(content),
                    .status = DeliveryStatus::Queued,
                    .author_id = author};
    // Announced and answered once the outbox holds it too: a reply the agent saw accepted is sent
    // (or visibly failed), even after a crash.
    auto announce = [this, &t, conversation = *found,
                     done = std::move(done)](Result<Message> stored) mutable {
      if (stored) {
        observer_.messageAdded(t.id, conversation, *stored);
      }
      done(std::move(stored));
    };
    stores_.conversations->addMessage(
        std::move(message),
        tracked<Message>([this, conversation = *found,
                          announce = std::move(announce)](Result<Message> stored) mutable {
          if (!stored || !outbound_) {
            announce(std::move(stored));
            return;
          }
          outbound_->enqueue(conversation, *stored, tracked<Message>(std::move(announce)));
        }));
  });
}

void RoutingService::accept(TenantId tenant_id, ConversationId conversation, UserId agent,
                            storage::Done<void> done) {
  loop_->post([this, tenant_id = std::move(tenant_id), conversation = std::move(conversation),
               agent = std::move(agent), done = std::move(done)]() mutable {
    Tenant& t = tenant(tenant_id);
    if (auto accepted = t.engine.accept(conversation.value, agent.value); !accepted) {
      done(accepted);
      return;
    }
    commit(t,
           {Change{.kind = Change::Kind::Assigned,
                   .cause = Change::Cause::Accepted,
                   .conversation = conversation.value,
                   .agent = agent.value}},
           std::move(done));
  });
}

// A manual action's change: persisted, answered after the commit, then allocation runs (the action
// may have freed an agent or queued a conversation).
void RoutingService::finishManual(Tenant& t, Result<Change> change, storage::Done<Change> done) {
  if (!change) {
    done(std::move(change));
    return;
  }
  Change made = *change;
  commit(t, {std::move(*change)}, [done = std::move(done), made](Result<void> saved) mutable {
    if (!saved) {
      done(std::unexpected(saved.error()));
      return;
    }
    done(std::move(made));
  });
  allocateAndCommit(t);
}

void RoutingService::pick(TenantId tenant_id, ConversationId conversation, UserId agent,
                          storage::Done<Change> done) {
  loop_->post([this, tenant_id = std::move(tenant_id), conversation = std::move(conversation),
               agent = std::move(agent), done = std::move(done)]() mutable {
    Tenant& t = tenant(tenant_id);
    if (!t.engine.agent(agent.value)) {
      t.engine.upsertAgent({.id = agent.value, .capacity = 0}, now());
    }
    finishManual(t, t.engine.pick(conversation.value, agent.value, now()), std::move(done));
  });
}

void RoutingService::transferToAgent(TenantId tenant_id, ConversationId conversation, UserId agent,
                                     storage::Done<Change> done) {
  loop_->post([this, tenant_id = std::move(tenant_id), conversation = std::move(conversation),
               agent = std::move(agent), done = std::move(done)]() mutable {
    Tenant& t = tenant(tenant_id);
    if (!t.engine.agent(agent.value)) {
      auto user = stores_.users->findUser(tenant_id, agent);
      if (!user || !user->active()) {  // deactivated and deleted users hold nothing
        done(user ? fail(ErrorCode::NotFound, "no such agent") : std::unexpected(user.error()));
        return;
      }
      t.engine.upsertAgent({.id = agent.value, .capacity = 0}, now());
    }
    finishManual(t, t.engine.transferToAgent(conversation.value, agent.value, now()),
                 std::move(done));
  });
}

void RoutingService::transferToCategory(TenantId tenant_id, ConversationId conversation,
                                        CategoryId category, storage::Done<Change> done) {
  loop_->post([this, tenant_id = std::move(tenant_id), conversation = std::move(conversation),
               category = std::move(category), done = std::move(done)]() mutable {
    Tenant& t = tenant(tenant_id);
    finishManual(t, t.engine.transferToCategory(conversation.value, category.value, now()),
                 std::move(done));
  });
}

void RoutingService::unassign(TenantId tenant_id, ConversationId conversation,
                              storage::Done<Change> done) {
  loop_->post([this, tenant_id = std::move(tenant_id), conversation = std::move(conversation),
               done = std::move(done)]() mutable {
    Tenant& t = tenant(tenant_id);
    finishManual(t, t.engine.unassign(conversation.value), std::move(done));
  });
}

void RoutingService::close(TenantId tenant_id, ConversationId conversation, Actor actor,
                           storage::Done<Conversation> done) {
  // Storage first: until the close is durable the engine keeps counting it, which only delays an
  // allocation by the time of a commit.
  stores_.conversations->closeConversation(
      tenant_id, conversation, std::move(actor),
      tracked<Conversation>(
          [this, tenant_id, done = std::move(done)](Result<Conversation> closed) mutable {
            if (!closed) {
              done(std::move(closed));
              return;
            }
            observer_.conversationClosed(tenant_id, *closed);
            loop_->post([this, tenant_id, id = closed->id] {
              Tenant& t = tenant(tenant_id);
              if (t.engine.close(id.value)) {
                statsDirty(t);
                allocateAndCommit(t);
              }
            });
            done(std::move(closed));
          }));
}

void RoutingService::closedInStorage(TenantId tenant_id, std::vector<Conversation> closed) {
  for (const Conversation& conversation : closed) {
    observer_.conversationClosed(tenant_id, conversation);
  }
  loop_->post([this, tenant_id, closed = std::move(closed)] {
    Tenant& t = tenant(tenant_id);
    bool changed = false;
    for (const Conversation& conversation : closed) {
      changed = t.engine.close(conversation.id.value) || changed;
    }
    if (changed) {
      statsDirty(t);
      allocateAndCommit(t);
    }
  });
}

void RoutingService::updateAgent(TenantId tenant_id, UserId agent, AgentPatch patch,
                                 storage::Done<AgentRouting> done) {
  loop_->post([this, tenant_id = std::move(tenant_id), agent = std::move(agent),
               patch = std::move(patch), done = std::move(done)]() mutable {
    // Deactivated and deleted users are out of routing until reactivated (A3): nobody, not their
    // own presence coming back with a socket, puts them in again.
    if (auto user = stores_.users->findUser(tenant_id, agent); !user || !user->active()) {
      done(user ? fail(ErrorCode::Conflict, "the user is deactivated or deleted")
                : std::unexpected(user.error()));
      return;
    }
    auto current = stores_.routing->findAgentRouting(tenant_id, agent);
    AgentRouting routing;
    if (current) {
      routing = std::move(*current);
    } else if (current.error().code == ErrorCode::NotFound) {
      routing = AgentRouting{.tenant_id = tenant_id, .user_id = agent};
    } else {
      done(std::unexpected(current.error()));
      return;
    }
    if (patch.presence &&
        routing::parsePresence(routing.presence) != std::optional(*patch.presence)) {
      routing.presence = std::string(routing::presenceName(*patch.presence));
      routing.presence_changed_at = clock_.now();
    }
    if (patch.auto_allocate) {
      routing.auto_allocate = *patch.auto_allocate;
    }
    if (patch.capacity) {
      routing.capacity = *patch.capacity;
    }
    if (patch.skills) {
      auto skills = stores_.routing->listSkills(tenant_id);
      if (!skills) {
        done(std::unexpected(skills.error()));
        return;
      }
      for (const auto& [skill, active] : *patch.skills) {
        if (std::none_of(skills->begin(), skills->end(),
                         [&](const Skill& known) { return known.id == skill; })) {
          done(fail(ErrorCode::ValidationFailed, "no such skill: " + skill.value));
          return;
        }
      }
      routing.skills = std::move(*patch.skills);
    }
    stores_.routing->saveAgentRouting(
        routing, tracked<AgentRouting>([this, tenant_id, done = std::move(done)](
                                           Result<AgentRouting> saved) mutable {
          if (!saved) {
            done(std::move(saved));
            return;
          }
          loop_->post([this, tenant_id, saved = *saved, done = std::move(done)]() mutable {
            Tenant& t = tenant(tenant_id);
            t.engine.upsertAgent(settingsOf(saved), now());
            statsDirty(t);
            allocateAndCommit(t);
            done(std::move(saved));
          });
        }));
  });
}

void RoutingService::removeAgent(TenantId tenant_id, UserId agent, storage::Done<void> done) {
  loop_->post([this, tenant_id = std::move(tenant_id), agent = std::move(agent),
               done = std::move(done)]() mutable {
    Tenant& t = tenant(tenant_id);
    if (!t.engine.agent(agent.value)) {
      done({});
      return;
    }
    // Their conversations go back to the queue at their original places; the rest of the queue
    // may then go to others at once.
    std::vector<Change> changes = t.engine.removeAgent(agent.value);
    statsDirty(t);
    commit(t, std::move(changes), [this, &t, done = std::move(done)](Result<void> saved) mutable {
      if (saved) {
        allocateAndCommit(t);
      }
      done(std::move(saved));
    });
  });
}

void RoutingService::configChanged(TenantId tenant_id, storage::Done<void> done) {
  loop_->post([this, tenant_id = std::move(tenant_id), done = std::move(done)]() mutable {
    Tenant& t = tenant(tenant_id);
    const Ms at = now();
    auto settings = stores_.routing->findSettings(t.id);
    auto categories = stores_.routing->listCategories(t.id);
    auto agents = stores_.routing->listAgentRouting(t.id);
    if (!settings || !categories || !agents) {
      done(fail(ErrorCode::Internal, "routing configuration did not load"));
      return;
    }
    t.settings = std::move(*settings);
    t.engine.setOfflineGrace(Ms{t.settings.offline_grace_seconds} * 1000);
    std::vector<routing::CategoryMatch> matching;
    for (const Category& category : *categories) {
      t.engine.upsertCategory(rulesOf(category), at);
      matching.push_back({.category = category.id.value,
                          .channels = category.channels,
                          .keywords = category.keywords,
                          .entry_points = category.entry_points});
    }
    for (const routing::CategoryMatch& old : t.matching) {
      if (std::none_of(matching.begin(), matching.end(),
                       [&](const auto& kept) { return kept.category == old.category; })) {
        t.engine.removeCategory(old.category, at);
      }
    }
    t.matching = std::move(matching);
    for (const AgentRouting& routing : *agents) {
      t.engine.upsertAgent(settingsOf(routing), at);
    }
    statsDirty(t);
    allocateAndCommit(t);
    done({});
  });
}

void RoutingService::explain(TenantId tenant_id, std::optional<CategoryId> category,
                             std::optional<ConversationId> conversation,
                             storage::Done<routing::Explanation> done) {
  loop_->post([this, tenant_id = std::move(tenant_id), category = std::move(category),
               conversation = std::move(conversation), done = std::move(done)]() mutable {
    Tenant& t = tenant(tenant_id);
    if (conversation) {
      done(t.engine.explainConversation(conversation->value, now()));
      return;
    }
    if (category && std::none_of(t.matching.begin(), t.matching.end(),
                                 [&](const auto& m) { return m.category == category->value; })) {
      done(fail(ErrorCode::NotFound, "no such category"));
      return;
    }
    done(t.engine.explain(category ? category->value : std::string(), now()));
  });
}

void RoutingService::queue(TenantId tenant_id, size_t limit, storage::Done<QueuePage> done) {
  loop_->post([this, tenant_id = std::move(tenant_id), limit, done = std::move(done)]() mutable {
    const routing::Engine& engine = tenant(tenant_id).engine;
    done(QueuePage{engine.queue(limit), engine.queueLength()});
  });
}

void RoutingService::agent(TenantId tenant_id, UserId agent,
                           storage::Done<routing::AgentView> done) {
  loop_->post([this, tenant_id = std::move(tenant_id), agent = std::move(agent),
               done = std::move(done)]() mutable {
    auto view = tenant(tenant_id).engine.agent(agent.value);
    if (!view) {
      // Never configured: the defaults, offline.
      done(routing::AgentView{.id = agent.value, .capacity = AgentRouting{}.capacity});
      return;
    }
    done(std::move(view));
  });
}

void RoutingService::queueHistory(TenantId tenant_id, TimePoint from,
                                  storage::Done<std::vector<QueuePoint>> done) {
  loop_->post([this, tenant_id = std::move(tenant_id), from, done = std::move(done)]() mutable {
    Tenant& t = tenant(tenant_id);
    recordQueue(t);  // the minute now has its point even when nothing changed in it
    done(t.queue_history.since(from, clock_.now()));
  });
}

void RoutingService::stats(TenantId tenant_id, storage::Done<RoutingStats> done) {
  loop_->post([this, tenant_id = std::move(tenant_id), done = std::move(done)]() mutable {
    done(statsOf(tenant(tenant_id), /*with_conversations=*/true));
  });
}

}  // namespace parley::conversations
