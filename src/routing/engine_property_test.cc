// Property tests for the routing engine (R6, with R5, R8 and R9): thousands of random event
// sequences, each event followed by allocate() as the service does, run against the engine and
// against a naive reference model written from the rules in engine.h (plain vectors and maps,
// every decision a scan of everything). After every step:
// - the R6 invariants hold, checked on what the engine reports: a conversation has at most one
//   agent; no automatic allocation takes an agent past capacity; no queued conversation has an
//   eligible agent;
// - the engine and the model agree on the changes returned, the queue (order and contents), every
//   open conversation and every agent, and nextDeadline() is not later than the model's.
// A failure prints the seed, the step and a shrunk event sequence that still fails.
// PARLEY_ROUTING_SEED=<seed> replays one sequence and prints every event; PARLEY_ROUTING_PERCENT
// scales the number of sequences (see percentToRun()).
//
// Where engine.h leaves a choice open, the model decides as follows:
// - Boundaries: a relaxation step applies once enqueued_at + after <= now; an offer expires at
//   tick(now) with deadline <= now; an agent offline since t loses their conversations at
//   tick(now) with t + grace <= now (the grace in force then: setOfflineGrace moves pending ones).
// - Relaxation is a function of the time passed to the call: allocate(now) uses the requirement at
//   `now` (also right after upsertCategory or a transfer to a category), not only what tick() saw.
// - tick() handles what is due in time order (as if it had been called at each deadline); an offer
//   and a grace period due at the same instant: the offer expires first.
// - Idle since: the later of the agent's last assignment of any kind (allocated, picked,
//   transferred to them) and the last time they became available (creation counts); setting the
//   presence they already have changes nothing.
// - Load counts every conversation the agent holds, manual or offered ones included.
// - Only automatic allocations carry offers; a pick or a transfer to an agent is accepted at once.
// - A transfer to an agent works on a queued conversation too (like a pick, cause Transferred);
//   to the agent who holds it, it fails.
// - A transfer to a category keeps the conversation's original place (enqueued_at and arrival);
//   its missed offers still exclude their agents.
// - Picking a conversation someone holds, unassigning a queued one, accepting a conversation one
//   does not hold, and enqueueing an id that is open fail and change nothing. A closed id enqueued
//   again is a new conversation.
// - A removed category's conversations keep their offers; they lose requirement and priority.
// - A removed agent leaves the missed-offer lists (ConversationView::missed_by).
// Not generated, because the rules say nothing about them: manual actions by or to an offline
//   agent (does the grace period, once passed, apply to what they get later?), accepting while
//   offline, removing a skill the agent lacks, reusing a removed agent's id, relaxation steps with
//   equal `after`, an enqueue into an unknown category.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "routing/engine.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif

namespace parley::routing {
namespace {

using Alternatives = std::vector<std::vector<std::string>>;

const std::vector<std::string> kSkills = {"en", "fr", "billing", "tech", "vip"};
const std::vector<std::string> kCategories = {"sales", "support", "vip", "refunds"};
constexpr Ms kStart = 1'700'000'000'000;
constexpr size_t kWholeQueue = 100'000;

// ---------------------------------------------------------------------------------------------
// Events

struct Event {
  enum class Kind {
    AddAgent,
    UpdateAgent,
    RemoveAgent,
    SetPresence,
    SetAutoAllocate,
    SetCapacity,
    SetSkill,
    RemoveSkill,
    UpsertCategory,
    RemoveCategory,
    Enqueue,
    Close,
    Accept,
    Pick,
    TransferToAgent,
    TransferToCategory,
    Unassign,
    SetOfflineGrace,
    Advance,  // then tick()
  };
  Kind kind;
  std::string agent;
  std::string conversation;
  std::string category;
  std::string skill;
  Presence presence = Presence::Available;
  bool on = false;
  int number = 0;          // capacity, grace, or the ms to advance
  AgentSettings settings;  // AddAgent, UpdateAgent
  CategoryRules rules;     // UpsertCategory
};

std::string describeAlternatives(const Alternatives& any_of) {
  std::string out;
  for (const auto& alternative : any_of) {
    out += out.empty() ? "(" : "|(";
    for (size_t k = 0; k < alternative.size(); ++k) {
      out += (k ? " " : "") + alternative[k];
    }
    out += ")";
  }
  return out.empty() ? "nothing" : out;
}

std::string describeSettings(const AgentSettings& settings) {
  std::ostringstream out;
  out << settings.id << "{" << presenceName(settings.presence)
      << (settings.auto_allocate ? " auto" : " manual") << " cap " << settings.capacity;
  for (const auto& [skill, active] : settings.skills) {
    out << " " << skill << (active ? "" : "(inactive)");
  }
  out << "}";
  return out.str();
}

std::string describeRules(const CategoryRules& rules) {
  std::ostringstream out;
  out << rules.id << "{priority " << rules.priority << " skills "
      << describeAlternatives({rules.skills});
  for (const RelaxationStep& step : rules.relaxation) {
    out << " after " << step.after << "ms " << describeAlternatives(step.any_of);
  }
  out << " offer " << rules.offer_timeout << "ms}";
  return out.str();
}

std::string describe(const Event& event) {
  using K = Event::Kind;
  switch (event.kind) {
    case K::AddAgent:
      return "upsertAgent(new " + describeSettings(event.settings) + ")";
    case K::UpdateAgent:
      return "upsertAgent(" + describeSettings(event.settings) + ")";
    case K::RemoveAgent:
      return "removeAgent(" + event.agent + ")";
    case K::SetPresence:
      return "setPresence(" + event.agent + ", " + std::string(presenceName(event.presence)) + ")";
    case K::SetAutoAllocate:
      return "setAutoAllocate(" + event.agent + ", " + (event.on ? "on" : "off") + ")";
    case K::SetCapacity:
      return "setCapacity(" + event.agent + ", " + std::to_string(event.number) + ")";
    case K::SetSkill:
      return "setSkill(" + event.agent + ", " + event.skill + ", " +
             (event.on ? "active" : "inactive") + ")";
    case K::RemoveSkill:
      return "removeSkill(" + event.agent + ", " + event.skill + ")";
    case K::UpsertCategory:
      return "upsertCategory(" + describeRules(event.rules) + ")";
    case K::RemoveCategory:
      return "removeCategory(" + event.category + ")";
    case K::Enqueue:
      return "enqueue(" + event.conversation + ", \"" + event.category + "\")";
    case K::Close:
      return "close(" + event.conversation + ")";
    case K::Accept:
      return "accept(" + event.conversation + ", " + event.agent + ")";
    case K::Pick:
      return "pick(" + event.conversation + ", " + event.agent + ")";
    case K::TransferToAgent:
      return "transferToAgent(" + event.conversation + ", " + event.agent + ")";
    case K::TransferToCategory:
      return "transferToCategory(" + event.conversation + ", " + event.category + ")";
    case K::Unassign:
      return "unassign(" + event.conversation + ")";
    case K::SetOfflineGrace:
      return "setOfflineGrace(" + std::to_string(event.number) + "ms)";
    case K::Advance:
      return "advance " + std::to_string(event.number) + "ms, tick()";
  }
  return "?";
}

// A Change reduced to what the model predicts.
struct Move {
  Change::Kind kind;
  Change::Cause cause;
  std::string conversation;
  std::optional<std::string> agent;
  std::optional<std::string> previous_agent;
  std::optional<Ms> offer_deadline;
  Ms enqueued_at = 0;
  int load_before = 0;  // Allocated only: the chosen agent's load and capacity (Explanation)
  int capacity = 0;
  auto operator<=>(const Move&) const = default;
};

Move moveOf(const Change& change) {
  const bool allocated = change.cause == Change::Cause::Allocated;
  return {change.kind,
          change.cause,
          change.conversation,
          change.agent,
          change.previous_agent,
          change.offer_deadline,
          change.enqueued_at,
          allocated ? change.why.load : 0,
          allocated ? change.why.capacity : 0};
}

std::string describe(const Move& move) {
  std::ostringstream out;
  out << (move.kind == Change::Kind::Assigned ? "Assigned " : "Requeued ") << move.conversation
      << " (" << changeCauseName(move.cause) << ")";
  if (move.agent) {
    out << " to " << *move.agent;
  }
  if (move.previous_agent) {
    out << " from " << *move.previous_agent;
  }
  if (move.offer_deadline) {
    out << " offer until " << *move.offer_deadline - kStart;
  }
  out << " enqueued_at " << move.enqueued_at - kStart;
  if (move.cause == Change::Cause::Allocated) {
    out << " load " << move.load_before << "/" << move.capacity;
  }
  return out.str();
}

// ---------------------------------------------------------------------------------------------
// The reference model: the rules of engine.h, naively.

struct ModelAgent {
  AgentSettings settings;
  std::map<std::string, bool> skills;
  Ms idle_since = 0;
  Ms offline_since = 0;
  int missed_offers = 0;
  int64_t known = 0;  // creation order
};

struct ModelConversation {
  std::string id;
  std::string category;
  Ms enqueued_at = 0;
  int64_t arrival = 0;
  std::optional<std::string> agent;
  std::optional<Ms> offer_deadline;
  bool manual = false;
  std::set<std::string> missed_by;
};

enum class Status { Ok, Failed, Skip };  // Skip: the rules do not say; not applied to either

struct Outcome {
  Status status = Status::Ok;
  std::vector<Move> moves;
};

class Model {
 public:
  explicit Model(Ms grace) : grace_(grace) {}

  // Applies one event; Advance moves `now` and runs tick().
  Outcome apply(const Event& event, Ms& now);
  std::vector<Move> allocate(Ms now);

  const std::vector<ModelAgent>& agents() const { return agents_; }
  const std::vector<ModelConversation>& conversations() const { return conversations_; }
  const ModelAgent* findAgent(std::string_view id) const;
  const ModelConversation* findConversation(std::string_view id) const;
  bool hasCategory(const std::string& id) const { return categories_.contains(id); }
  std::vector<std::string> categories() const {
    std::vector<std::string> ids;
    for (const auto& [id, category] : categories_) {
      ids.push_back(id);
    }
    return ids;
  }

  // Queued conversations in queue order.
  std::vector<const ModelConversation*> queue() const;
  int priority(const ModelConversation& conversation) const;
  const Alternatives& requirement(const ModelConversation& conversation, Ms now) const;
  int load(std::string_view agent) const;
  bool isEligible(const ModelAgent& agent, const ModelConversation& conversation,
                  const Alternatives& requirement, int load) const;
  // The earliest time tick() must run: an offer, a relaxation step of a queued conversation, the
  // grace period of an offline agent holding conversations.
  std::optional<Ms> nextDeadline(Ms now) const;

 private:
  ModelAgent* agent(std::string_view id);
  ModelConversation* conversation(std::string_view id);
  void setPresence(ModelAgent& agent, Presence presence, Ms now);
  Move assign(ModelConversation& conversation, ModelAgent& agent, Change::Cause cause, Ms now);
  Move requeue(ModelConversation& conversation, Change::Cause cause);
  std::vector<Move> tick(Ms now);

  Ms grace_;
  std::vector<ModelAgent> agents_;  // creation order
  struct ModelCategory {
    CategoryRules rules;
    Alternatives skills;  // {rules.skills}
  };
  std::map<std::string, ModelCategory> categories_;
  std::vector<ModelConversation> conversations_;  // open ones, arrival order
  int64_t next_known_ = 0;
  int64_t next_arrival_ = 0;
};

const ModelAgent* Model::findAgent(std::string_view id) const {
  for (const ModelAgent& agent : agents_) {
    if (agent.settings.id == id) {
      return &agent;
    }
  }
  return nullptr;
}

const ModelConversation* Model::findConversation(std::string_view id) const {
  for (const ModelConversation& conversation : conversations_) {
    if (conversation.id == id) {
      return &conversation;
    }
  }
  return nullptr;
}

ModelAgent* Model::agent(std::string_view id) { return const_cast<ModelAgent*>(findAgent(id)); }

ModelConversation* Model::conversation(std::string_view id) {
  return const_cast<ModelConversation*>(findConversation(id));
}

std::vector<const ModelConversation*> Model::queue() const {
  std::vector<std::tuple<int, Ms, int64_t, const ModelConversation*>> keyed;
  for (const ModelConversation& conversation : conversations_) {
    if (!conversation.agent) {
      keyed.emplace_back(-priority(conversation), conversation.enqueued_at, conversation.arrival,
                         &conversation);
    }
  }
  std::sort(keyed.begin(), keyed.end());
  std::vector<const ModelConversation*> queued;
  for (const auto& key : keyed) {
    queued.push_back(std::get<3>(key));
  }
  return queued;
}

int Model::priority(const ModelConversation& conversation) const {
  auto it = categories_.find(conversation.category);
  return it == categories_.end() ? 0 : it->second.rules.priority;
}

const Alternatives& Model::requirement(const ModelConversation& conversation, Ms now) const {
  static const Alternatives kAnyone = {{}};
  auto it = categories_.find(conversation.category);
  if (it == categories_.end()) {
    return kAnyone;
  }
  const Alternatives* current = &it->second.skills;
  for (const RelaxationStep& step : it->second.rules.relaxation) {
    if (conversation.enqueued_at + step.after <= now) {
      current = &step.any_of;
    }
  }
  return *current;
}

int Model::load(std::string_view agent) const {
  return static_cast<int>(std::count_if(conversations_.begin(), conversations_.end(),
                                        [&](const auto& c) { return c.agent == agent; }));
}

bool Model::isEligible(const ModelAgent& agent, const ModelConversation& conversation,
                       const Alternatives& requirement, int load) const {
  if (agent.settings.presence != Presence::Available || !agent.settings.auto_allocate ||
      load >= agent.settings.capacity || conversation.missed_by.contains(agent.settings.id)) {
    return false;
  }
  for (const auto& alternative : requirement) {
    if (std::all_of(alternative.begin(), alternative.end(), [&](const std::string& skill) {
          auto it = agent.skills.find(skill);
          return it != agent.skills.end() && it->second;
        })) {
      return true;
    }
  }
  return false;
}

std::optional<Ms> Model::nextDeadline(Ms now) const {
  std::optional<Ms> next;
  auto consider = [&](Ms at) { next = next ? std::min(*next, at) : at; };
  for (const ModelConversation& conversation : conversations_) {
    if (conversation.offer_deadline) {
      consider(*conversation.offer_deadline);
    }
    auto category = categories_.find(conversation.category);
    if (!conversation.agent && category != categories_.end()) {
      for (const RelaxationStep& step : category->second.rules.relaxation) {
        if (conversation.enqueued_at + step.after > now) {
          consider(conversation.enqueued_at + step.after);
          break;
        }
      }
    }
  }
  for (const ModelAgent& agent : agents_) {
    if (agent.settings.presence == Presence::Offline && load(agent.settings.id) > 0) {
      consider(agent.offline_since + grace_);
    }
  }
  return next;
}

void Model::setPresence(ModelAgent& agent, Presence presence, Ms now) {
  if (presence == agent.settings.presence) {
    return;
  }
  if (presence == Presence::Available) {
    agent.idle_since = now;
  }
  if (presence == Presence::Offline) {
    agent.offline_since = now;
  }
  agent.settings.presence = presence;
}

Move Model::assign(ModelConversation& conversation, ModelAgent& agent, Change::Cause cause,
                   Ms now) {
  Move move{Change::Kind::Assigned, cause, conversation.id, agent.settings.id, conversation.agent};
  if (cause == Change::Cause::Allocated) {
    move.load_before = load(agent.settings.id);
    move.capacity = agent.settings.capacity;
    auto category = categories_.find(conversation.category);
    if (category != categories_.end() && category->second.rules.offer_timeout > 0) {
      move.offer_deadline = now + category->second.rules.offer_timeout;
    }
  }
  conversation.agent = agent.settings.id;
  conversation.manual = cause != Change::Cause::Allocated;
  conversation.offer_deadline = move.offer_deadline;
  agent.idle_since = now;
  move.enqueued_at = conversation.enqueued_at;
  return move;
}

Move Model::requeue(ModelConversation& conversation, Change::Cause cause) {
  Move move{Change::Kind::Requeued, cause, conversation.id, std::nullopt, conversation.agent};
  move.enqueued_at = conversation.enqueued_at;
  conversation.agent.reset();
  conversation.offer_deadline.reset();
  conversation.manual = false;
  return move;
}

std::vector<Move> Model::tick(Ms now) {
  struct Due {
    Ms at;
    int order;  // 0: an offer, 1: a grace period
    std::string id;
    auto operator<=>(const Due&) const = default;
  };
  std::vector<Due> due;
  for (const ModelConversation& conversation : conversations_) {
    if (conversation.offer_deadline && *conversation.offer_deadline <= now) {
      due.push_back({*conversation.offer_deadline, 0, conversation.id});
    }
  }
  for (const ModelAgent& agent : agents_) {
    if (agent.settings.presence == Presence::Offline && agent.offline_since + grace_ <= now) {
      due.push_back({agent.offline_since + grace_, 1, agent.settings.id});
    }
  }
  std::sort(due.begin(), due.end());
  std::vector<Move> moves;
  for (const Due& item : due) {
    if (item.order == 0) {
      ModelConversation& expired = *conversation(item.id);
      if (!expired.offer_deadline) {
        continue;  // requeued by an earlier grace period
      }
      ModelAgent& holder = *agent(*expired.agent);
      ++holder.missed_offers;
      expired.missed_by.insert(holder.settings.id);
      moves.push_back(requeue(expired, Change::Cause::OfferExpired));
      continue;
    }
    for (ModelConversation& held : conversations_) {
      if (held.agent == item.id) {
        moves.push_back(requeue(held, Change::Cause::AgentAway));
      }
    }
  }
  return moves;
}

std::vector<Move> Model::allocate(Ms now) {
  std::vector<Move> moves;
  for (;;) {
    std::vector<int> loads;
    for (const ModelAgent& agent : agents_) {
      loads.push_back(load(agent.settings.id));
    }
    ModelConversation* chosen_conversation = nullptr;
    ModelAgent* best = nullptr;
    int best_load = 0;
    for (const ModelConversation* queued : queue()) {
      const Alternatives& needs = requirement(*queued, now);
      for (size_t k = 0; k < agents_.size(); ++k) {
        ModelAgent& candidate = agents_[k];
        if (!isEligible(candidate, *queued, needs, loads[k])) {
          continue;
        }
        if (!best || std::tuple(loads[k], candidate.idle_since, candidate.known) <
                         std::tuple(best_load, best->idle_since, best->known)) {
          best = &candidate;
          best_load = loads[k];
        }
      }
      if (best) {
        chosen_conversation = conversation(queued->id);
        break;
      }
    }
    if (!best) {
      return moves;
    }
    moves.push_back(assign(*chosen_conversation, *best, Change::Cause::Allocated, now));
  }
}

Outcome Model::apply(const Event& event, Ms& now) {
  using K = Event::Kind;
  const Outcome ok;
  const Outcome failed{Status::Failed};
  const Outcome skip{Status::Skip};
  switch (event.kind) {
    case K::AddAgent: {
      if (findAgent(event.settings.id)) {
        return skip;
      }
      ModelAgent added{.settings = event.settings, .idle_since = now, .offline_since = now};
      added.known = next_known_++;
      added.skills.insert(event.settings.skills.begin(), event.settings.skills.end());
      agents_.push_back(std::move(added));
      return ok;
    }
    case K::UpdateAgent: {
      ModelAgent* updated = agent(event.settings.id);
      if (!updated) {
        return skip;
      }
      setPresence(*updated, event.settings.presence, now);
      updated->settings = event.settings;
      updated->skills = {event.settings.skills.begin(), event.settings.skills.end()};
      return ok;
    }
    case K::RemoveAgent: {
      if (!findAgent(event.agent)) {
        return skip;
      }
      Outcome outcome;
      for (ModelConversation& held : conversations_) {
        if (held.agent == event.agent) {
          outcome.moves.push_back(requeue(held, Change::Cause::AgentAway));
        }
      }
      std::erase_if(agents_, [&](const ModelAgent& a) { return a.settings.id == event.agent; });
      return outcome;
    }
    case K::SetPresence:
    case K::SetAutoAllocate:
    case K::SetCapacity:
    case K::SetSkill:
    case K::RemoveSkill: {
      ModelAgent* changed = agent(event.agent);
      if (!changed) {
        return failed;
      }
      if (event.kind == K::SetPresence) {
        setPresence(*changed, event.presence, now);
      } else if (event.kind == K::SetAutoAllocate) {
        changed->settings.auto_allocate = event.on;
      } else if (event.kind == K::SetCapacity) {
        changed->settings.capacity = event.number;
      } else if (event.kind == K::SetSkill) {
        changed->skills[event.skill] = event.on;
      } else if (!changed->skills.erase(event.skill)) {
        return skip;
      }
      return ok;
    }
    case K::UpsertCategory:
      categories_[event.rules.id] = {event.rules, {event.rules.skills}};
      return ok;
    case K::RemoveCategory:
      if (!categories_.erase(event.category)) {
        return skip;
      }
      for (ModelConversation& member : conversations_) {
        if (member.category == event.category) {
          member.category.clear();
        }
      }
      return ok;
    case K::Enqueue:
      if (!event.category.empty() && !hasCategory(event.category)) {
        return skip;
      }
      if (findConversation(event.conversation)) {
        return failed;
      }
      conversations_.push_back({.id = event.conversation,
                                .category = event.category,
                                .enqueued_at = now,
                                .arrival = next_arrival_++});
      return ok;
    case K::Close:
      if (!findConversation(event.conversation)) {
        return failed;
      }
      std::erase_if(conversations_, [&](const auto& c) { return c.id == event.conversation; });
      return ok;
    case K::SetOfflineGrace:
      grace_ = event.number;
      return ok;
    case K::Advance:
      now += event.number;
      return {Status::Ok, tick(now)};
    default:
      break;
  }
  // Actions on one open conversation.
  ModelConversation* target = conversation(event.conversation);
  if (!target) {
    return failed;
  }
  ModelAgent* person = event.agent.empty() ? nullptr : agent(event.agent);
  switch (event.kind) {
    case K::Accept:
      if (!person || target->agent != event.agent) {
        return person ? failed : skip;
      }
      if (person->settings.presence == Presence::Offline) {
        return skip;
      }
      target->offer_deadline.reset();
      return ok;
    case K::Pick:
      if (!person || person->settings.presence == Presence::Offline) {
        return skip;
      }
      if (target->agent) {
        return failed;
      }
      return {Status::Ok, {assign(*target, *person, Change::Cause::Picked, now)}};
    case K::TransferToAgent:
      if (!person || person->settings.presence == Presence::Offline) {
        return skip;
      }
      if (target->agent == event.agent) {
        return failed;
      }
      return {Status::Ok, {assign(*target, *person, Change::Cause::Transferred, now)}};
    case K::TransferToCategory:
      if (!hasCategory(event.category)) {
        return skip;
      }
      target->category = event.category;
      return {Status::Ok, {requeue(*target, Change::Cause::Transferred)}};
    case K::Unassign:
      if (!target->agent) {
        return failed;
      }
      return {Status::Ok, {requeue(*target, Change::Cause::Unassigned)}};
    default:
      return skip;
  }
}

// ---------------------------------------------------------------------------------------------
// The runner: one event to the engine and to the model, allocate(), then every check.

struct Failure {
  std::string kind;  // what was checked, so shrinking keeps the same failure
  std::string detail;
};

struct EngineOutcome {
  bool ok = true;
  std::string error;
  std::vector<Change> changes;
};

EngineOutcome fromResult(const Result<void>& result) {
  return result ? EngineOutcome{} : EngineOutcome{false, result.error().message, {}};
}

EngineOutcome fromResult(const Result<Change>& result) {
  return result ? EngineOutcome{true, "", {*result}}
                : EngineOutcome{false, result.error().message, {}};
}

EngineOutcome applyToEngine(Engine& engine, const Event& event, Ms now) {
  using K = Event::Kind;
  switch (event.kind) {
    case K::AddAgent:
    case K::UpdateAgent:
      engine.upsertAgent(event.settings, now);
      return {};
    case K::RemoveAgent:
      return {true, "", engine.removeAgent(event.agent)};
    case K::SetPresence:
      return fromResult(engine.setPresence(event.agent, event.presence, now));
    case K::SetAutoAllocate:
      return fromResult(engine.setAutoAllocate(event.agent, event.on));
    case K::SetCapacity:
      return fromResult(engine.setCapacity(event.agent, event.number));
    case K::SetSkill:
      return fromResult(engine.setSkill(event.agent, event.skill, event.on));
    case K::RemoveSkill:
      return fromResult(engine.removeSkill(event.agent, event.skill));
    case K::UpsertCategory:
      engine.upsertCategory(event.rules, now);
      return {};
    case K::RemoveCategory:
      engine.removeCategory(event.category, now);
      return {};
    case K::Enqueue:
      return fromResult(engine.enqueue(event.conversation, event.category, now));
    case K::Close:
      return fromResult(engine.close(event.conversation));
    case K::Accept:
      return fromResult(engine.accept(event.conversation, event.agent));
    case K::Pick:
      return fromResult(engine.pick(event.conversation, event.agent, now));
    case K::TransferToAgent:
      return fromResult(engine.transferToAgent(event.conversation, event.agent, now));
    case K::TransferToCategory:
      return fromResult(engine.transferToCategory(event.conversation, event.category, now));
    case K::Unassign:
      return fromResult(engine.unassign(event.conversation));
    case K::SetOfflineGrace:
      engine.setOfflineGrace(event.number);
      return {};
    case K::Advance:
      return {true, "", engine.tick(now)};
  }
  return {};
}

Alternatives normalized(Alternatives any_of) {
  for (auto& alternative : any_of) {
    std::sort(alternative.begin(), alternative.end());
  }
  std::sort(any_of.begin(), any_of.end());
  return any_of;
}

template <class T>
std::string show(const std::optional<T>& value) {
  if (!value) {
    return "none";
  }
  std::ostringstream out;
  out << *value;
  return out.str();
}

class Runner {
 public:
  explicit Runner(Ms grace) : engine_(grace), model_(grace) {}

  // Applies one event (skipped when the rules do not say what it should do) and the allocate()
  // after it to both, then checks everything.
  std::optional<Failure> step(const Event& event);
  const Model& model() const { return model_; }
  Ms now() const { return now_; }

 private:
  std::optional<Failure> compareMoves(const char* what, std::vector<Move> expected,
                                      const std::vector<Change>& changes);
  void track(const std::vector<Change>& changes);
  std::optional<Failure> checkInvariants(const std::vector<Change>& allocated,
                                         const std::vector<AgentView>& views,
                                         const std::vector<QueuedConversation>& queue);
  std::optional<Failure> compareState(bool after_tick, std::vector<AgentView>& views,
                                      const std::vector<QueuedConversation>& queue);

  Engine engine_;
  Model model_;
  Ms now_ = kStart;
  // Kept from the engine's own changes, for the invariants: which assignments were manual, which
  // agents are over capacity only because their capacity was lowered.
  std::map<std::string, bool> manual_;
  std::set<std::string> lowered_;
};

std::optional<Failure> Runner::step(const Event& event) {
  Ms model_now = now_;
  Outcome expected = model_.apply(event, model_now);
  if (expected.status == Status::Skip) {
    return std::nullopt;
  }
  now_ = model_now;
  EngineOutcome actual = applyToEngine(engine_, event, now_);
  if (expected.status == Status::Ok && !actual.ok) {
    return Failure{"refused", "the engine refused it: " + actual.error};
  }
  if (expected.status == Status::Failed && actual.ok) {
    return Failure{"accepted", "the engine accepted what should fail"};
  }
  if (auto failure = compareMoves("changes of the event", expected.moves, actual.changes)) {
    return failure;
  }
  track(actual.changes);
  if (event.kind == Event::Kind::Close && expected.status == Status::Ok) {
    manual_.erase(event.conversation);
    if (engine_.conversation(event.conversation)) {
      return Failure{"closed", "a closed conversation is still known"};
    }
  }
  if (event.kind == Event::Kind::RemoveAgent && engine_.agent(event.agent)) {
    return Failure{"removed", "a removed agent is still known"};
  }
  if ((event.kind == Event::Kind::SetCapacity || event.kind == Event::Kind::UpdateAgent)) {
    lowered_.insert(event.kind == Event::Kind::SetCapacity ? event.agent : event.settings.id);
  }
  std::vector<Change> allocated = engine_.allocate(now_);
  if (auto failure = compareMoves("allocate()", model_.allocate(now_), allocated)) {
    return failure;
  }
  track(allocated);
  std::vector<AgentView> views = engine_.agents();
  std::vector<QueuedConversation> queue = engine_.queue(kWholeQueue);
  if (auto failure = checkInvariants(allocated, views, queue)) {
    return failure;
  }
  return compareState(event.kind == Event::Kind::Advance, views, queue);
}

std::optional<Failure> Runner::compareMoves(const char* what, std::vector<Move> expected,
                                            const std::vector<Change>& changes) {
  std::vector<Move> actual;
  for (const Change& change : changes) {
    actual.push_back(moveOf(change));
    if (change.cause == Change::Cause::Allocated && change.why.agent != change.agent) {
      return Failure{"explanation", "Explanation.agent differs from the change's agent"};
    }
  }
  std::sort(expected.begin(), expected.end());
  std::sort(actual.begin(), actual.end());
  if (expected == actual) {
    return std::nullopt;
  }
  std::ostringstream out;
  out << what << " differ\n  expected:";
  for (const Move& move : expected) {
    out << "\n    " << describe(move);
  }
  out << "\n  engine:";
  for (const Move& move : actual) {
    out << "\n    " << describe(move);
  }
  return Failure{std::string("changes: ") + what, out.str()};
}

void Runner::track(const std::vector<Change>& changes) {
  for (const Change& change : changes) {
    if (change.kind == Change::Kind::Requeued) {
      manual_.erase(change.conversation);
    } else {
      manual_[change.conversation] = change.cause != Change::Cause::Allocated;
    }
  }
}

const AgentView* findView(const std::vector<AgentView>& views, std::string_view id) {
  for (const AgentView& view : views) {
    if (view.id == id) {
      return &view;
    }
  }
  return nullptr;
}

std::optional<Failure> Runner::checkInvariants(const std::vector<Change>& allocated,
                                               const std::vector<AgentView>& views,
                                               const std::vector<QueuedConversation>& queue) {
  std::vector<std::pair<std::string_view, std::string_view>> holders;  // conversation, agent
  auto holderOf = [&](std::string_view conversation) -> std::optional<std::string_view> {
    for (const auto& [held, agent] : holders) {
      if (held == conversation) {
        return agent;
      }
    }
    return std::nullopt;
  };
  for (const AgentView& view : views) {
    int automatic = 0;
    for (const std::string& held : view.conversations) {
      if (auto other = holderOf(held)) {
        return Failure{"R6 one agent",
                       held + " is held by " + std::string(*other) + " and " + view.id};
      }
      holders.emplace_back(held, view.id);
      auto manual = manual_.find(held);
      automatic += manual != manual_.end() && !manual->second;
    }
    if (view.load != static_cast<int>(view.conversations.size())) {
      return Failure{"load", view.id + "'s load is not the number of its conversations"};
    }
    if (automatic <= view.capacity) {
      lowered_.erase(view.id);
    } else if (!lowered_.contains(view.id)) {
      return Failure{"R6 capacity", view.id + " is over capacity through automatic allocation"};
    }
  }
  for (const Change& change : allocated) {
    const AgentView* view = findView(views, *change.agent);
    if (change.why.load >= change.why.capacity || !view || view->load > view->capacity) {
      return Failure{"R6 capacity", change.conversation + " was allocated to " + *change.agent +
                                        " who had no room"};
    }
  }
  for (const QueuedConversation& queued : queue) {
    if (auto holder = holderOf(queued.id)) {
      return Failure{"R6 one agent", queued.id + " is queued and held by " + std::string(*holder)};
    }
    const ModelConversation* conversation = model_.findConversation(queued.id);
    if (!conversation) {
      continue;  // compareState reports it
    }
    const Alternatives& requirement = model_.requirement(*conversation, now_);
    for (const ModelAgent& agent : model_.agents()) {
      const AgentView* view = findView(views, agent.settings.id);
      if (view && model_.isEligible(agent, *conversation, requirement, view->load)) {
        return Failure{"R6 waiting",
                       queued.id + " waits while " + agent.settings.id + " is eligible"};
      }
    }
  }
  return std::nullopt;
}

std::optional<Failure> Runner::compareState(bool after_tick, std::vector<AgentView>& views,
                                            const std::vector<QueuedConversation>& queue) {
  std::vector<const ModelConversation*> expected = model_.queue();
  bool same = queue.size() == expected.size() && engine_.queueLength() == expected.size();
  for (size_t k = 0; same && k < queue.size(); ++k) {
    const ModelConversation& want = *expected[k];
    const QueuedConversation& got = queue[k];
    const Alternatives& requirement = model_.requirement(want, now_);
    same = got.id == want.id && got.category == want.category &&
           got.priority == model_.priority(want) && got.enqueued_at == want.enqueued_at &&
           (got.any_of == requirement || normalized(got.any_of) == normalized(requirement));
  }
  if (!same) {
    std::ostringstream out;
    out << "queue differs\n  expected:";
    for (const ModelConversation* want : expected) {
      out << " " << want->id << "[" << want->category << " p" << model_.priority(*want) << " t"
          << want->enqueued_at - kStart << " "
          << describeAlternatives(model_.requirement(*want, now_)) << "]";
    }
    out << "\n  engine:  ";
    for (const QueuedConversation& got : queue) {
      out << " " << got.id << "[" << got.category << " p" << got.priority << " t"
          << got.enqueued_at - kStart << " " << describeAlternatives(got.any_of) << "]";
    }
    return Failure{"queue", out.str()};
  }
  std::optional<Ms> oldest;
  for (const ModelConversation* want : expected) {
    oldest = oldest ? std::min(*oldest, want->enqueued_at) : want->enqueued_at;
  }
  if (engine_.oldestEnqueuedAt() != oldest) {
    return Failure{"oldest", "oldestEnqueuedAt() is " + show(engine_.oldestEnqueuedAt()) +
                                 ", expected " + show(oldest)};
  }

  for (const ModelConversation& want : model_.conversations()) {
    auto got = engine_.conversation(want.id);
    std::set<std::string> missed_by, want_missed_by;
    if (got && !got->missed_by.empty()) {
      missed_by.insert(got->missed_by.begin(), got->missed_by.end());
    }
    // A removed agent leaves the list (ids of removed agents are not reused here).
    for (const std::string& agent : want.missed_by) {
      if (model_.findAgent(agent)) {
        want_missed_by.insert(agent);
      }
    }
    if (!got || got->category != want.category || got->enqueued_at != want.enqueued_at ||
        got->agent != want.agent || got->offer_deadline != want.offer_deadline ||
        got->manual != want.manual || missed_by != want_missed_by) {
      std::ostringstream out;
      out << "conversation " << want.id << " differs: expected agent " << show(want.agent)
          << (want.manual ? " (manual)" : "") << " offer " << show(want.offer_deadline)
          << " category " << want.category << " t " << want.enqueued_at - kStart << " missed by "
          << want_missed_by.size() << "; engine ";
      if (got) {
        out << "agent " << show(got->agent) << (got->manual ? " (manual)" : "") << " offer "
            << show(got->offer_deadline) << " category " << got->category << " t "
            << got->enqueued_at - kStart << " missed by " << missed_by.size();
      } else {
        out << "does not know it";
      }
      return Failure{"conversation", out.str()};
    }
  }

  if (views.size() != model_.agents().size()) {
    return Failure{"agents", "agents() has " + std::to_string(views.size()) + " agents, expected " +
                                 std::to_string(model_.agents().size())};
  }
  for (AgentView& got : views) {
    const ModelAgent* want = model_.findAgent(got.id);
    if (!want) {
      return Failure{"agents", "unexpected agent " + got.id};
    }
    std::vector<std::string> held;
    for (const ModelConversation& conversation : model_.conversations()) {
      if (conversation.agent == got.id) {
        held.push_back(conversation.id);
      }
    }
    std::vector<std::pair<std::string, bool>> skills(want->skills.begin(), want->skills.end());
    std::sort(got.conversations.begin(), got.conversations.end());
    std::sort(held.begin(), held.end());
    std::sort(got.skills.begin(), got.skills.end());
    if (got.presence != want->settings.presence ||
        got.auto_allocate != want->settings.auto_allocate ||
        got.capacity != want->settings.capacity || got.load != static_cast<int>(held.size()) ||
        got.missed_offers != want->missed_offers || got.conversations != held ||
        got.skills != skills) {
      return Failure{"agent", "agent " + got.id + " differs (load " + std::to_string(got.load) +
                                  " expected " + std::to_string(held.size()) + ", missed offers " +
                                  std::to_string(got.missed_offers) + " expected " +
                                  std::to_string(want->missed_offers) + ")"};
    }
  }

  std::optional<Ms> next = engine_.nextDeadline();
  std::optional<Ms> due = model_.nextDeadline(now_);
  if ((due && (!next || *next > *due)) || (after_tick && next && *next <= now_)) {
    return Failure{"nextDeadline", "nextDeadline() is " + show(next) + ", expected at most " +
                                       show(due) + " and after now " + std::to_string(now_)};
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Random event sequences

struct Profile {
  int sequences = 0;
  int steps = 150;
  uint64_t first_seed = 0;
  int max_agents = 6;
  int max_open = 14;
  int max_capacity = 3;
  int offer_percent = 40;       // categories with an offer timeout
  int relaxation_percent = 50;  // categories with relaxation steps
  int advance_weight = 10;
};

class Generator {
 public:
  Generator(uint64_t seed, const Profile& profile) : rng_(seed), profile_(profile) {}
  Event next(const Model& model, Ms now);

 private:
  int uniform(int low, int high) { return std::uniform_int_distribution(low, high)(rng_); }
  bool chance(int percent) { return uniform(1, 100) <= percent; }
  template <class T>
  const T& pickFrom(const std::vector<T>& items) {
    return items[uniform(0, static_cast<int>(items.size()) - 1)];
  }
  Presence presence();
  AgentSettings settings(std::string id);
  CategoryRules rules();
  std::vector<std::string> someSkills(int most);
  std::optional<Event> build(Event::Kind kind, const Model& model, Ms now);

  std::mt19937 rng_;
  Profile profile_;
  int agents_made_ = 0;
  int conversations_made_ = 0;
};

Presence Generator::presence() {
  const int roll = uniform(1, 100);
  return roll <= 70 ? Presence::Available : roll <= 85 ? Presence::Away : Presence::Offline;
}

std::vector<std::string> Generator::someSkills(int most) {
  std::vector<std::string> skills;
  const int count = uniform(0, most);
  while (static_cast<int>(skills.size()) < count) {
    const std::string& skill = pickFrom(kSkills);
    if (std::find(skills.begin(), skills.end(), skill) == skills.end()) {
      skills.push_back(skill);
    }
  }
  return skills;
}

AgentSettings Generator::settings(std::string id) {
  AgentSettings settings{.id = std::move(id),
                         .presence = presence(),
                         .auto_allocate = chance(85),
                         .capacity = uniform(chance(5) ? 0 : 1, profile_.max_capacity)};
  for (const std::string& skill : kSkills) {
    if (chance(50)) {
      settings.skills.emplace_back(skill, chance(80));
    }
  }
  return settings;
}

CategoryRules Generator::rules() {
  CategoryRules rules{.id = pickFrom(kCategories), .priority = uniform(0, 2)};
  rules.skills = someSkills(chance(20) ? 0 : 2);
  if (chance(profile_.relaxation_percent)) {
    Ms after = 0;
    for (int steps = uniform(1, 3); steps > 0; --steps) {
      after += pickFrom(std::vector<Ms>{1, 300, 1000, 2500, 20'000});
      Alternatives any_of;
      for (int alternatives = uniform(1, 2); alternatives > 0; --alternatives) {
        any_of.push_back(someSkills(chance(30) ? 0 : 2));
      }
      rules.relaxation.push_back({after, any_of});
    }
  }
  if (chance(profile_.offer_percent)) {
    rules.offer_timeout = pickFrom(std::vector<Ms>{1, 500, 2000, 5000});
  }
  return rules;
}

std::optional<Event> Generator::build(Event::Kind kind, const Model& model, Ms now) {
  using K = Event::Kind;
  Event event{kind};
  std::vector<const std::string*> agents, present, open, queued, held, offered;
  for (const ModelAgent& agent : model.agents()) {
    agents.push_back(&agent.settings.id);
    if (agent.settings.presence != Presence::Offline) {
      present.push_back(&agent.settings.id);
    }
  }
  for (const ModelConversation& conversation : model.conversations()) {
    open.push_back(&conversation.id);
    (conversation.agent ? held : queued).push_back(&conversation.id);
    if (conversation.offer_deadline) {
      offered.push_back(&conversation.id);
    }
  }
  std::vector<std::string> categories;  // filled where needed
  // Now and then an action on an unknown agent, which must fail.
  const bool ghost = chance(3);
  switch (kind) {
    case K::AddAgent:
      if (static_cast<int>(agents.size()) >= profile_.max_agents) {
        return std::nullopt;
      }
      event.settings = settings("a" + std::to_string(++agents_made_));
      return event;
    case K::UpdateAgent:
      if (agents.empty()) {
        return std::nullopt;
      }
      event.settings = settings(*pickFrom(agents));
      return event;
    case K::RemoveAgent:
    case K::SetPresence:
    case K::SetAutoAllocate:
    case K::SetCapacity:
    case K::SetSkill:
    case K::RemoveSkill:
      if (agents.empty()) {
        return std::nullopt;
      }
      event.agent = ghost && kind != K::RemoveAgent ? "ghost" : *pickFrom(agents);
      event.presence = presence();
      event.on = chance(60);
      event.number = uniform(0, profile_.max_capacity);
      event.skill = pickFrom(kSkills);
      if (kind == K::RemoveSkill && !ghost) {
        const ModelAgent& agent = *model.findAgent(event.agent);
        if (agent.skills.empty()) {
          return std::nullopt;
        }
        event.skill =
            std::next(agent.skills.begin(), uniform(0, static_cast<int>(agent.skills.size()) - 1))
                ->first;
      }
      return event;
    case K::UpsertCategory:
      event.rules = rules();
      return event;
    case K::RemoveCategory:
      categories = model.categories();
      if (categories.empty()) {
        return std::nullopt;
      }
      event.category = pickFrom(categories);
      return event;
    case K::Enqueue:
      if (static_cast<int>(open.size()) >= profile_.max_open) {
        return std::nullopt;
      }
      categories = model.categories();
      // Now and then an id that is open (must fail) or was closed (a new conversation).
      event.conversation = chance(3) && !open.empty() ? *pickFrom(open)
                           : chance(3) && conversations_made_ > 0
                               ? "c" + std::to_string(uniform(1, conversations_made_))
                               : "c" + std::to_string(++conversations_made_);
      event.category = categories.empty() || chance(15) ? "" : pickFrom(categories);
      return event;
    case K::Close:
      if (open.empty()) {
        return std::nullopt;
      }
      event.conversation = chance(3) ? "unknown" : *pickFrom(open);
      return event;
    case K::Accept:
      if (offered.empty()) {
        return std::nullopt;
      }
      event.conversation = *pickFrom(offered);
      event.agent =
          chance(5) ? *pickFrom(agents) : *model.findConversation(event.conversation)->agent;
      return event;
    case K::Pick:
      if (queued.empty() || present.empty()) {
        return std::nullopt;
      }
      event.conversation = chance(5) && !held.empty() ? *pickFrom(held) : *pickFrom(queued);
      event.agent = *pickFrom(present);
      return event;
    case K::TransferToAgent:
    case K::Unassign:
      if (held.empty() || present.empty()) {
        return std::nullopt;
      }
      // Mostly held conversations; a queued one now and then (must fail for unassign).
      event.conversation = chance(kind == K::Unassign ? 5 : 20) && !queued.empty()
                               ? *pickFrom(queued)
                               : *pickFrom(held);
      event.agent = kind == K::Unassign ? "" : *pickFrom(present);
      return event;
    case K::SetOfflineGrace:
      event.number = pickFrom(std::vector<int>{0, 1000, 5000, 60'000});
      return event;
    case K::TransferToCategory:
      categories = model.categories();
      if (open.empty() || categories.empty()) {
        return std::nullopt;
      }
      event.conversation = *pickFrom(open);
      event.category = pickFrom(categories);
      return event;
    case K::Advance: {
      std::optional<Ms> due = model.nextDeadline(now);
      const int roll = uniform(1, 100);
      event.number = roll <= 30 && due && *due > now ? static_cast<int>(*due - now)
                     : roll <= 45                    ? 1
                     : roll <= 80                    ? uniform(2, 3000)
                                  : pickFrom(std::vector<int>{999, 1000, 5000, 20'000, 70'000});
      return event;
    }
  }
  return std::nullopt;
}

Event Generator::next(const Model& model, Ms now) {
  using K = Event::Kind;
  const std::vector<std::pair<K, int>> weights = {
      {K::AddAgent, model.agents().size() < 2 ? 30 : 3},
      {K::UpdateAgent, 1},
      {K::RemoveAgent, 1},
      {K::SetPresence, 8},
      {K::SetAutoAllocate, 4},
      {K::SetCapacity, 4},
      {K::SetSkill, 6},
      {K::RemoveSkill, 2},
      {K::UpsertCategory, model.categories().empty() ? 20 : 3},
      {K::RemoveCategory, 1},
      {K::Enqueue, 14},
      {K::Close, 8},
      {K::Accept, 5},
      {K::Pick, 4},
      {K::TransferToAgent, 3},
      {K::TransferToCategory, 3},
      {K::Unassign, 3},
      {K::SetOfflineGrace, 1},
      {K::Advance, profile_.advance_weight},
  };
  int total = 0;
  for (const auto& [kind, weight] : weights) {
    total += weight;
  }
  for (;;) {
    int roll = uniform(1, total);
    for (const auto& [kind, weight] : weights) {
      roll -= weight;
      if (roll <= 0) {
        if (auto event = build(kind, model, now)) {
          return *event;
        }
        break;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Running, shrinking and reporting

constexpr int kSeedsPerProfile = 100'000;

Ms graceFor(uint64_t seed) { return std::vector<Ms>{1000, 5000, 60'000}[seed % 3]; }

// What a crash prints: the sequence and step under way.
volatile std::sig_atomic_t crash_seed = -1;
volatile std::sig_atomic_t crash_step = -1;

void writeNumber(const char* label, long value) {
  char buffer[32];
  int length = 0;
  bool negative = value < 0;
  unsigned long magnitude = negative ? -static_cast<unsigned long>(value) : value;
  do {
    buffer[length++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (negative) {
    buffer[length++] = '-';
  }
  std::reverse(buffer, buffer + length);
  [[maybe_unused]] auto written = write(2, label, std::strlen(label));
  written = write(2, buffer, length);
}

void reportCrash() {
  writeNumber("\nengine property test crashed in the sequence with seed ", crash_seed);
  writeNumber(" at step ", crash_step);
  [[maybe_unused]] auto written = write(2, "\n", 1);
}

void onSignal(int signal) {
  reportCrash();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

void installCrashReport() {
  static bool installed = false;
  if (installed) {
    return;
  }
  installed = true;
  for (int signal : {SIGSEGV, SIGABRT, SIGFPE, SIGBUS, SIGILL}) {
    std::signal(signal, onSignal);
  }
#if defined(__SANITIZE_ADDRESS__)
  __sanitizer_set_death_callback(reportCrash);
#endif
}

std::optional<std::pair<size_t, Failure>> replay(const std::vector<Event>& events, Ms grace) {
  Runner runner(grace);
  for (size_t k = 0; k < events.size(); ++k) {
    if (auto failure = runner.step(events[k])) {
      return std::pair(k, *failure);
    }
  }
  return std::nullopt;
}

// Removes events (halves, then quarters, … then single events) while the same check still fails.
std::vector<Event> shrink(std::vector<Event> events, Ms grace, const std::string& kind) {
  int budget = 3000;
  for (size_t chunk = std::max<size_t>(events.size() / 2, 1); chunk >= 1 && budget > 0;
       chunk /= 2) {
    for (size_t start = 0; start + chunk <= events.size() && budget-- > 0;) {
      std::vector<Event> candidate = events;
      candidate.erase(candidate.begin() + start, candidate.begin() + start + chunk);
      auto failure = replay(candidate, grace);
      if (failure && failure->second.kind == kind) {
        candidate.resize(failure->first + 1);
        events = std::move(candidate);
      } else {
        start += chunk;
      }
    }
    if (chunk == 1) {
      break;
    }
  }
  return events;
}

std::string replayLog(const std::vector<Event>& events, Ms grace) {
  std::ostringstream out;
  Runner runner(grace);
  for (const Event& event : events) {
    out << "  t+" << runner.now() - kStart << "ms " << describe(event) << "\n";
    if (runner.step(event)) {
      break;
    }
  }
  return out.str();
}

// Runs one sequence; on failure returns the report (seed, step, shrunk sequence).
std::optional<std::string> runSequence(uint64_t seed, const Profile& profile, bool verbose) {
  const Ms grace = graceFor(seed);
  Generator generator(seed, profile);
  Runner runner(grace);
  std::vector<Event> events;
  crash_seed = static_cast<std::sig_atomic_t>(seed);
  for (int step = 0; step < profile.steps; ++step) {
    crash_step = step;
    events.push_back(generator.next(runner.model(), runner.now()));
    if (verbose) {
      std::printf("step %d t+%lldms %s\n", step, static_cast<long long>(runner.now() - kStart),
                  describe(events.back()).c_str());
    }
    std::optional<Failure> failure = runner.step(events.back());
    if (!failure) {
      continue;
    }
    std::ostringstream out;
    out << "seed " << seed << " (offline grace " << grace << "ms), step " << step << ": "
        << describe(events.back()) << "\n"
        << failure->detail << "\nReplay with PARLEY_ROUTING_SEED=" << seed << ".\n";
    std::vector<Event> minimal = shrink(events, grace, failure->kind);
    auto again = replay(minimal, grace);
    out << "Shrunk to " << minimal.size() << " events (from the start, each followed by "
        << "allocate()):\n"
        << replayLog(minimal, grace);
    if (again) {
      out << again->second.detail << "\n";
    }
    return out.str();
  }
  return std::nullopt;
}

// The share of each profile's sequences to run, in percent: PARLEY_ROUTING_PERCENT, else 100, or
// 12 in sanitizer builds. There a step costs ~40x more (-O0 and ASan, the engine's own calls
// included), so the full 2,000 sequences take over a minute; an eighth keeps the run near 10 s.
int percentToRun() {
  if (const char* percent = std::getenv("PARLEY_ROUTING_PERCENT")) {
    return std::max(1, std::atoi(percent));
  }
#if defined(__SANITIZE_ADDRESS__)
  return 12;
#else
  return 100;
#endif
}

void runProfile(const Profile& profile) {
  installCrashReport();
  if (const char* only = std::getenv("PARLEY_ROUTING_SEED")) {
    const uint64_t seed = std::strtoull(only, nullptr, 10);
    if (seed < profile.first_seed || seed >= profile.first_seed + kSeedsPerProfile) {
      GTEST_SKIP() << "seed " << seed << " belongs to another profile";
    }
    if (auto report = runSequence(seed, profile, true)) {
      ADD_FAILURE() << *report;
    }
    return;
  }
  const int sequences = std::min(kSeedsPerProfile, profile.sequences * percentToRun() / 100);
  std::printf("%d sequences of %d steps from seed %llu\n", sequences, profile.steps,
              static_cast<unsigned long long>(profile.first_seed));
  for (int sequence = 0; sequence < sequences; ++sequence) {
    if (auto report = runSequence(profile.first_seed + sequence, profile, false)) {
      ADD_FAILURE() << *report;
      return;
    }
  }
}

TEST(EngineProperty, AgreesWithTheReferenceModelOnRandomEvents) {
  runProfile({.sequences = 1000, .steps = 150, .first_seed = 1});
}

TEST(EngineProperty, AgreesWithTheReferenceModelWhenConversationsOutnumberAgents) {
  runProfile({.sequences = 500,
              .steps = 150,
              .first_seed = kSeedsPerProfile + 1,
              .max_agents = 4,
              .max_open = 24,
              .max_capacity = 2});
}

TEST(EngineProperty, AgreesWithTheReferenceModelWhenOffersAndRelaxationAreEverywhere) {
  runProfile({.sequences = 500,
              .steps = 150,
              .first_seed = 2 * kSeedsPerProfile + 1,
              .offer_percent = 90,
              .relaxation_percent = 90,
              .advance_weight = 25});
}

}  // namespace
}  // namespace parley::routing
