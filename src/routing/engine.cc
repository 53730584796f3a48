#include "routing/engine.h"

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "routing/skill_set.h"

namespace parley::routing {
namespace {

using Index = uint32_t;
constexpr Index kNone = std::numeric_limits<Index>::max();
constexpr size_t kMaxSkipsKept = 8;
constexpr int kMaxSkipsLooked = 64;

// What a requirement is made of: alternatives, each a set of skills that must all be active.
using Alternatives = std::vector<SkillSet>;

// Agents' preference order: least loaded, then idle longest, then known longest.
struct AgentKey {
  int load;
  Ms idle_since;
  uint64_t order;
  Index agent;
  auto operator<=>(const AgentKey&) const = default;
};

// Queue order: priority (higher first), original place, arrival.
struct QueueKey {
  int negative_priority;
  Ms enqueued_at;
  uint64_t arrival;
  Index conversation;
  auto operator<=>(const QueueKey&) const = default;
};

// Agents that cannot take anything, counted for explanations.
enum class Standing { Ready, Away, Offline, AutoAllocateOff, AtCapacity, Count };

struct Agent {
  std::string id;
  uint64_t order = 0;
  Presence presence = Presence::Offline;
  bool auto_allocate = true;
  int capacity = 0;
  int load = 0;
  int missed_offers = 0;
  Ms idle_since = 0;
  Ms offline_since = 0;
  SkillSet has;
  SkillSet active;
  std::vector<std::string> skill_order;  // as configured, for views
  std::unordered_set<Index> conversations;
  bool ready = false;  // in the ready sets under `key`
  AgentKey key{};
  Standing standing = Standing::Offline;
  bool alive = false;
};

struct Category {
  std::string id;
  int priority = 0;
  Ms offer_timeout = 0;
  // steps[0] applies from the start; steps[i] from enqueued_at + after[i].
  std::vector<Alternatives> steps;
  std::vector<Ms> after;
  std::vector<std::vector<std::vector<std::string>>> step_names;
  std::vector<Index> step_groups;  // the group of each step, interned once
  std::unordered_set<Index> conversations;
  std::optional<WindowBoost> window_boost;
  bool alive = false;
};

struct Conversation {
  std::string id;
  Index category = kNone;
  Ms enqueued_at = 0;
  uint64_t arrival = 0;
  Index agent = kNone;
  bool manual = false;
  std::optional<Ms> offer_deadline;
  std::vector<Index> missed_by;
  // While queued:
  Index group = kNone;
  size_t step = 0;
  std::optional<Ms> relax_at;
  std::optional<Ms> window_closes_at;
  bool boosted = false;        // its window closes soon: its category's boost applies
  std::optional<Ms> boost_at;  // when that changes next, while queued
  bool alive = false;
};

struct Group {
  Alternatives alternatives;
  std::set<QueueKey> members;
};

struct Candidate {
  Index conversation = kNone;
  Index agent = kNone;
  size_t alternative = 0;
};

}  // namespace

struct Engine::State {
  Ms offline_grace;
  Ms latest = 0;  // the latest time any call brought, for calls that bring none
  uint64_t next_order = 0;
  uint64_t next_arrival = 0;

  std::unordered_map<std::string, Index> skill_ids;
  std::vector<std::string> skill_names;

  std::vector<Agent> agents;
  std::vector<Index> free_agents;
  std::unordered_map<std::string, Index> agent_ids;
  std::set<AgentKey> ready_all;
  std::vector<std::set<AgentKey>> ready_by_skill;
  std::array<int, static_cast<size_t>(Standing::Count)> standing_counts{};

  std::vector<Category> categories;
  std::unordered_map<std::string, Index> category_ids;

  std::vector<Conversation> conversations;
  std::vector<Index> free_conversations;
  std::unordered_map<std::string, Index> conversation_ids;

  std::vector<Group> groups;
  std::map<Alternatives, Index> group_ids;
  std::vector<std::vector<Index>> groups_by_skill;  // by each alternative's first skill
  std::vector<Index> groups_for_anyone;             // groups with an empty alternative
  std::set<QueueKey> queue;                         // every queued conversation
  std::multiset<Ms> waiting_since;

  std::set<std::pair<Ms, Index>> offer_deadlines;
  std::set<std::pair<Ms, Index>> relax_deadlines;
  std::set<std::pair<Ms, Index>> boost_deadlines;
  std::set<std::pair<Ms, Index>> offline_deadlines;

  // What changed since the last allocate(). Vectors with marks, not hash sets: clearing a hash set
  // costs its whole bucket array, which grows with the largest batch ever seen.
  struct DirtySet {
    std::vector<Index> list;
    std::vector<char> marked;
    void insert(Index index) {
      if (index >= marked.size()) {
        marked.resize(index + 1, 0);
      }
      if (!marked[index]) {
        marked[index] = 1;
        list.push_back(index);
      }
    }
    void clear() {
      for (Index index : list) {
        marked[index] = 0;
      }
      list.clear();
    }
  };
  DirtySet dirty_groups;
  DirtySet dirty_agents;
  Index anyone_group = kNone;  // uncategorised conversations: no requirement

  // allocate()'s working sets, kept to reuse their memory.
  std::vector<Index> candidates;
  std::vector<uint64_t> candidate_mark;  // by group: == allocation_round when a candidate
  uint64_t allocation_round = 0;
  std::vector<std::pair<Index, Candidate>> heads;

  explicit State(Ms grace) : offline_grace(grace) {
    anyone_group = group(Alternatives{SkillSet{}});
  }
  void see(Ms now) { latest = std::max(latest, now); }

  // ---- skills and groups ----

  Index skill(std::string_view name) {
    auto found = skill_ids.find(std::string(name));
    if (found != skill_ids.end()) {
      return found->second;
    }
    const Index index = static_cast<Index>(skill_names.size());
    skill_names.emplace_back(name);
    skill_ids.emplace(std::string(name), index);
    ready_by_skill.emplace_back();
    groups_by_skill.emplace_back();
    return index;
  }

  SkillSet skillSet(const std::vector<std::string>& names) {
    SkillSet set;
    for (const auto& name : names) {
      set.insert(skill(name));
    }
    return set;
  }

  std::vector<std::string> skillNames(const SkillSet& set) const {
    std::vector<std::string> names;
    set.forEach([&](uint32_t skill) { names.push_back(skill_names[skill]); });
    return names;
  }

  Index group(const Alternatives& alternatives) {
    auto found = group_ids.find(alternatives);
    if (found != group_ids.end()) {
      return found->second;
    }
    const Index index = static_cast<Index>(groups.size());
    groups.push_back(Group{alternatives, {}});
    group_ids.emplace(alternatives, index);
    bool anyone = false;
    std::set<uint32_t> keys;
    for (const SkillSet& alternative : alternatives) {
      std::optional<uint32_t> first;
      alternative.forEach([&](uint32_t skill) {
        if (!first) {
          first = skill;
        }
      });
      if (first) {
        keys.insert(*first);
      } else {
        anyone = true;
      }
    }
    if (anyone) {
      groups_for_anyone.push_back(index);
    } else {
      for (uint32_t key : keys) {
        groups_by_skill[key].push_back(index);
      }
    }
    return index;
  }

  // ---- agents ----

  Agent* findAgent(std::string_view id) {
    auto found = agent_ids.find(std::string(id));
    return found == agent_ids.end() ? nullptr : &agents[found->second];
  }
  const Agent* findAgent(std::string_view id) const {
    auto found = agent_ids.find(std::string(id));
    return found == agent_ids.end() ? nullptr : &agents[found->second];
  }
  Index agentIndex(const Agent& agent) const { return static_cast<Index>(&agent - agents.data()); }

  static Standing standingOf(const Agent& agent) {
    if (agent.presence == Presence::Offline) {
      return Standing::Offline;
    }
    if (agent.presence == Presence::Away) {
      return Standing::Away;
    }
    if (!agent.auto_allocate) {
      return Standing::AutoAllocateOff;
    }
    if (agent.load >= agent.capacity) {
      return Standing::AtCapacity;
    }
    return Standing::Ready;
  }

  // Every change to an agent goes through here, so the ready sets and counts stay true.
  template <class F>
  void changeAgent(Index index, F&& change) {
    Agent& agent = agents[index];
    if (agent.ready) {
      ready_all.erase(agent.key);
      agent.active.forEach([&](uint32_t skill) { ready_by_skill[skill].erase(agent.key); });
      agent.ready = false;
    }
    --standing_counts[static_cast<size_t>(agent.standing)];
    change(agent);
    agent.standing = standingOf(agent);
    ++standing_counts[static_cast<size_t>(agent.standing)];
    if (agent.standing == Standing::Ready) {
      agent.key = AgentKey{agent.load, agent.idle_since, agent.order, index};
      ready_all.insert(agent.key);
      agent.active.forEach([&](uint32_t skill) { ready_by_skill[skill].insert(agent.key); });
      agent.ready = true;
    }
    dirty_agents.insert(index);
  }

  // ---- conversations ----

  Conversation* findConversation(std::string_view id) {
    auto found = conversation_ids.find(std::string(id));
    return found == conversation_ids.end() ? nullptr : &conversations[found->second];
  }
  const Conversation* findConversation(std::string_view id) const {
    auto found = conversation_ids.find(std::string(id));
    return found == conversation_ids.end() ? nullptr : &conversations[found->second];
  }
  Index conversationIndex(const Conversation& c) const {
    return static_cast<Index>(&c - conversations.data());
  }

  Index newConversation(std::string_view id) {
    Index index;
    if (!free_conversations.empty()) {
      index = free_conversations.back();
      free_conversations.pop_back();
      conversations[index] = Conversation{};
    } else {
      index = static_cast<Index>(conversations.size());
      conversations.emplace_back();
    }
    Conversation& c = conversations[index];
    c.id = std::string(id);
    c.arrival = next_arrival++;
    c.alive = true;
    conversation_ids.emplace(c.id, index);
    return index;
  }

  int priorityOf(const Conversation& c) const {
    return c.category == kNone ? 0 : categories[c.category].priority + boostOf(c);
  }

  int boostOf(const Conversation& c) const {
    return c.boosted ? categories[c.category].window_boost->priority : 0;
  }

  // Whether the category's window boost applies at `now`, and when that changes next.
  void updateBoost(Conversation& c, Ms now) const {
    c.boosted = false;
    c.boost_at.reset();
    if (c.category == kNone || !c.window_closes_at || !categories[c.category].window_boost) {
      return;
    }
    const Ms closes = *c.window_closes_at;
    const Ms from = closes - categories[c.category].window_boost->within;
    if (now < from) {
      c.boost_at = from;
    } else if (now < closes) {
      c.boosted = true;
      c.boost_at = closes;
    }
  }

  QueueKey queueKey(Index index) const {
    const Conversation& c = conversations[index];
    return QueueKey{-priorityOf(c), c.enqueued_at, c.arrival, index};
  }

  // The requirement step that applies to a conversation waiting since enqueued_at, at `now`.
  size_t stepAt(const Conversation& c, Ms now) const {
    if (c.category == kNone) {
      return 0;
    }
    const Category& category = categories[c.category];
    size_t step = 0;
    while (step + 1 < category.steps.size() && c.enqueued_at + category.after[step + 1] <= now) {
      ++step;
    }
    return step;
  }

  Alternatives alternativesOf(const Conversation& c, size_t step) const {
    if (c.category == kNone) {
      return Alternatives{SkillSet{}};
    }
    return categories[c.category].steps[step];
  }

  void enterQueue(Index index, Ms now) {
    Conversation& c = conversations[index];
    c.agent = kNone;
    c.manual = false;
    c.offer_deadline.reset();
    c.step = stepAt(c, now);
    c.group = c.category == kNone ? anyone_group : categories[c.category].step_groups[c.step];
    updateBoost(c, now);
    if (c.boost_at) {
      boost_deadlines.emplace(*c.boost_at, index);
    }
    const QueueKey key = queueKey(index);
    groups[c.group].members.insert(key);
    queue.insert(key);
    waiting_since.insert(c.enqueued_at);
    if (c.category != kNone && c.step + 1 < categories[c.category].steps.size()) {
      c.relax_at = c.enqueued_at + categories[c.category].after[c.step + 1];
      relax_deadlines.emplace(*c.relax_at, index);
    }
    dirty_groups.insert(c.group);
  }

  void leaveQueue(Index index) {
    Conversation& c = conversations[index];
    const QueueKey key = queueKey(index);
    groups[c.group].members.erase(key);
    queue.erase(key);
    waiting_since.erase(waiting_since.find(c.enqueued_at));
    if (c.relax_at) {
      relax_deadlines.erase({*c.relax_at, index});
      c.relax_at.reset();
    }
    if (c.boost_at) {
      boost_deadlines.erase({*c.boost_at, index});
      c.boost_at.reset();
    }
    c.group = kNone;
  }

  bool isQueued(const Conversation& c) const { return c.group != kNone; }

  void assign(Index conversation, Index agent_index, bool manual, Ms now) {
    Conversation& c = conversations[conversation];
    if (isQueued(c)) {
      leaveQueue(conversation);
    }
    c.agent = agent_index;
    c.manual = manual;
    changeAgent(agent_index, [&](Agent& agent) {
      ++agent.load;
      agent.idle_since = now;
      agent.conversations.insert(conversation);
    });
    const Ms timeout = c.category == kNone ? 0 : categories[c.category].offer_timeout;
    if (!manual && timeout > 0) {
      c.offer_deadline = now + timeout;
      offer_deadlines.emplace(*c.offer_deadline, conversation);
    }
  }

  // Takes the conversation from its agent, if it has one; returns who that was.
  Index release(Index conversation) {
    Conversation& c = conversations[conversation];
    const Index previous = c.agent;
    if (previous == kNone) {
      return kNone;
    }
    if (c.offer_deadline) {
      offer_deadlines.erase({*c.offer_deadline, conversation});
      c.offer_deadline.reset();
    }
    changeAgent(previous, [&](Agent& agent) {
      --agent.load;
      agent.conversations.erase(conversation);
    });
    c.agent = kNone;
    c.manual = false;
    return previous;
  }

  Change requeue(Index conversation, Change::Cause cause, Ms now) {
    const Index previous = release(conversation);
    enterQueue(conversation, now);
    const Conversation& c = conversations[conversation];
    Change change{.kind = Change::Kind::Requeued,
                  .cause = cause,
                  .conversation = c.id,
                  .enqueued_at = c.enqueued_at};
    if (previous != kNone) {
      change.previous_agent = agents[previous].id;
    }
    return change;
  }

  Change assignedChange(Index conversation, Change::Cause cause, Index previous) const {
    const Conversation& c = conversations[conversation];
    Change change{.kind = Change::Kind::Assigned,
                  .cause = cause,
                  .conversation = c.id,
                  .agent = agents[c.agent].id,
                  .offer_deadline = c.offer_deadline,
                  .enqueued_at = c.enqueued_at};
    if (previous != kNone) {
      change.previous_agent = agents[previous].id;
    }
    return change;
  }

  // ---- choosing ----

  static bool excluded(const Conversation* c, Index agent) {
    return c && std::find(c->missed_by.begin(), c->missed_by.end(), agent) != c->missed_by.end();
  }

  // The best ready agent for one alternative, or kNone: the first in preference order among the
  // ready agents of the alternative's rarest skill.
  Index bestFor(const SkillSet& alternative, const Conversation* c) const {
    const std::set<AgentKey>* candidates = &ready_all;
    alternative.forEach([&](uint32_t skill) {
      if (ready_by_skill[skill].size() < candidates->size()) {
        candidates = &ready_by_skill[skill];
      }
    });
    for (const AgentKey& key : *candidates) {
      const Agent& agent = agents[key.agent];
      if (agent.active.containsAll(alternative) && !excluded(c, key.agent)) {
        return key.agent;
      }
    }
    return kNone;
  }

  std::pair<Index, size_t> best(const Alternatives& alternatives, const Conversation* c) const {
    Index chosen = kNone;
    size_t chosen_alternative = 0;
    for (size_t i = 0; i < alternatives.size(); ++i) {
      const Index agent = bestFor(alternatives[i], c);
      if (agent != kNone && (chosen == kNone || agents[agent].key < agents[chosen].key)) {
        chosen = agent;
        chosen_alternative = i;
      }
    }
    return {chosen, chosen_alternative};
  }

  // The first conversation of a group, in queue order, that some ready agent can take.
  Candidate takeable(Index group_index) const {
    const Group& g = groups[group_index];
    if (g.members.empty() || ready_all.empty()) {
      return {};
    }
    if (best(g.alternatives, nullptr).first == kNone) {
      return {};  // nobody ready qualifies at all
    }
    for (const QueueKey& key : g.members) {
      const Conversation& c = conversations[key.conversation];
      auto [agent, alternative] = best(g.alternatives, &c);
      if (agent != kNone) {
        return {key.conversation, agent, alternative};
      }
    }
    return {};
  }

  SkipReason skillReason(const Agent& agent, const SkillSet& alternative,
                         std::string& skill) const {
    std::optional<uint32_t> missing;
    std::optional<uint32_t> inactive;
    alternative.forEach([&](uint32_t s) {
      if (!agent.active.contains(s)) {
        if (agent.has.contains(s)) {
          inactive = inactive.value_or(s);
        } else {
          missing = missing.value_or(s);
        }
      }
    });
    if (missing) {
      skill = skill_names[*missing];
      return SkipReason::SkillMissing;
    }
    skill = inactive ? skill_names[*inactive] : std::string();
    return SkipReason::SkillInactive;
  }

  void countStandings(Explanation& why) const {
    why.away = standing_counts[static_cast<size_t>(Standing::Away)];
    why.offline = standing_counts[static_cast<size_t>(Standing::Offline)];
    why.auto_allocate_off = standing_counts[static_cast<size_t>(Standing::AutoAllocateOff)];
    why.at_capacity = standing_counts[static_cast<size_t>(Standing::AtCapacity)];
  }

  // The reasons kept with an automatic allocation: the ready agents passed over on the way to the
  // chosen one (bounded), whether an equally loaded agent lost on idle time, and the counts of
  // agents who could take nothing.
  Explanation explainAllocation(const Candidate& chosen) const {
    const Conversation& c = conversations[chosen.conversation];
    const Group& g = groups[c.group];
    const Agent& agent = agents[chosen.agent];
    Explanation why{.agent = agent.id,
                    .load = agent.load,
                    .capacity = agent.capacity,
                    .alternative = chosen.alternative,
                    .window_boost = boostOf(c),
                    .window_closes_at = c.boosted ? *c.window_closes_at : 0};
    // The ready agents ahead of the chosen one in preference order were passed over: say why.
    const SkillSet& alternative = g.alternatives[chosen.alternative];
    int looked = 0;
    for (auto it = ready_all.begin();
         it != ready_all.end() && it->agent != chosen.agent && looked < kMaxSkipsLooked &&
         why.skipped.size() < kMaxSkipsKept;
         ++it, ++looked) {
      Skip skip{.agent = agents[it->agent].id};
      skip.reason = excluded(&c, it->agent)
                        ? SkipReason::MissedOffer
                        : skillReason(agents[it->agent], alternative, skip.skill);
      why.skipped.push_back(std::move(skip));
    }
    // An equally loaded eligible agent after the chosen one lost on idle time.
    auto next = ready_all.upper_bound(agent.key);
    for (int looked = 0; next != ready_all.end() && looked < 32 && next->load == agent.load;
         ++next, ++looked) {
      const Agent& other = agents[next->agent];
      if (!excluded(&c, next->agent) &&
          other.active.containsAll(g.alternatives[chosen.alternative])) {
        why.idle_tie_break = true;
        break;
      }
    }
    countStandings(why);
    return why;
  }

  // The dry run: every agent's reason.
  Explanation explainFully(const Alternatives& alternatives, const Conversation* c) const {
    Explanation why;
    auto [chosen, alternative] = best(alternatives, c);
    if (chosen != kNone) {
      why.agent = agents[chosen].id;
      why.load = agents[chosen].load;
      why.capacity = agents[chosen].capacity;
      why.alternative = alternative;
    }
    for (Index i = 0; i < agents.size(); ++i) {
      const Agent& agent = agents[i];
      if (!agent.alive || i == chosen) {
        continue;
      }
      Skip skip{.agent = agent.id};
      switch (agent.standing) {
        case Standing::Away:
          skip.reason = SkipReason::Away;
          break;
        case Standing::Offline:
          skip.reason = SkipReason::Offline;
          break;
        case Standing::AutoAllocateOff:
          skip.reason = SkipReason::AutoAllocateOff;
          break;
        case Standing::AtCapacity:
          skip.reason = SkipReason::AtCapacity;
          break;
        default: {
          if (excluded(c, i)) {
            skip.reason = SkipReason::MissedOffer;
            break;
          }
          const bool qualifies =
              std::any_of(alternatives.begin(), alternatives.end(),
                          [&](const SkillSet& alt) { return agent.active.containsAll(alt); });
          if (qualifies) {
            if (chosen != kNone && agent.load == agents[chosen].load) {
              why.idle_tie_break = true;
            }
            continue;  // eligible, but the chosen agent comes first
          }
          skip.reason = skillReason(agent, alternatives.front(), skip.skill);
        }
      }
      why.skipped.push_back(std::move(skip));
    }
    countStandings(why);
    return why;
  }

  // ---- allocation ----

  std::vector<Change> allocate(Ms now) {
    // Only groups with new conversations, or that a changed agent qualifies for, can have anything
    // to take; every other group was settled by the previous call.
    ++allocation_round;
    candidate_mark.resize(groups.size(), 0);
    candidates.clear();
    auto consider = [&](Index g) {
      if (candidate_mark[g] != allocation_round && !groups[g].members.empty()) {
        candidate_mark[g] = allocation_round;
        candidates.push_back(g);
      }
    };
    for (Index g : dirty_groups.list) {
      consider(g);
    }
    for (Index a : dirty_agents.list) {
      const Agent& agent = agents[a];
      if (!agent.ready) {
        continue;
      }
      auto qualifies = [&](Index g) {
        for (const SkillSet& alternative : groups[g].alternatives) {
          if (agent.active.containsAll(alternative)) {
            consider(g);
            return;
          }
        }
      };
      for (Index g : groups_for_anyone) {
        qualifies(g);
      }
      agent.active.forEach([&](uint32_t skill) {
        for (Index g : groups_by_skill[skill]) {
          qualifies(g);
        }
      });
    }
    dirty_groups.clear();
    dirty_agents.clear();

    // Each candidate group's takeable head; an assignment only makes its agent less preferable,
    // so only the group it came from and the groups that wanted that agent need a fresh look.
    heads.clear();
    for (Index g : candidates) {
      Candidate head = takeable(g);
      if (head.conversation != kNone) {
        heads.emplace_back(g, head);
      }
    }
    std::vector<Change> changes;
    while (!heads.empty()) {
      size_t first = 0;
      for (size_t i = 1; i < heads.size(); ++i) {
        if (queueKey(heads[i].second.conversation) < queueKey(heads[first].second.conversation)) {
          first = i;
        }
      }
      const Index chosen_group = heads[first].first;
      const Candidate chosen = heads[first].second;
      Explanation why = explainAllocation(chosen);
      assign(chosen.conversation, chosen.agent, /*manual=*/false, now);
      Change change = assignedChange(chosen.conversation, Change::Cause::Allocated, kNone);
      change.why = std::move(why);
      changes.push_back(std::move(change));
      for (size_t i = 0; i < heads.size();) {
        if (heads[i].first == chosen_group || heads[i].second.agent == chosen.agent) {
          Candidate head = takeable(heads[i].first);
          if (head.conversation == kNone) {
            heads[i] = heads.back();  // and look at the one moved here
            heads.pop_back();
            continue;
          }
          heads[i].second = head;
        }
        ++i;
      }
    }
    // The assignments themselves made their agents dirty; nothing new can be taken by them.
    dirty_agents.clear();
    dirty_groups.clear();
    return changes;
  }

  // ---- time ----

  std::optional<Ms> nextDeadline() const {
    std::optional<Ms> next;
    for (const auto* deadlines :
         {&offer_deadlines, &relax_deadlines, &offline_deadlines, &boost_deadlines}) {
      if (!deadlines->empty() && (!next || deadlines->begin()->first < *next)) {
        next = deadlines->begin()->first;
      }
    }
    return next;
  }

  // Due events in time order; at equal times offers expire first, then grace periods, then
  // relaxation steps, then window boosts.
  std::vector<Change> tick(Ms now) {
    std::vector<Change> changes;
    while (true) {
      const std::set<std::pair<Ms, Index>>* due = nullptr;
      for (const auto* deadlines :
           {&offer_deadlines, &offline_deadlines, &relax_deadlines, &boost_deadlines}) {
        if (!deadlines->empty() && deadlines->begin()->first <= now &&
            (!due || deadlines->begin()->first < due->begin()->first)) {
          due = deadlines;
        }
      }
      if (!due) {
        return changes;
      }
      const auto [at, index] = *due->begin();
      if (due == &offer_deadlines) {
        const Index agent = conversations[index].agent;
        changeAgent(agent, [](Agent& a) { ++a.missed_offers; });
        conversations[index].missed_by.push_back(agent);
        changes.push_back(requeue(index, Change::Cause::OfferExpired, at));
      } else if (due == &offline_deadlines) {
        offline_deadlines.erase(offline_deadlines.begin());
        std::vector<Index> held(agents[index].conversations.begin(),
                                agents[index].conversations.end());
        std::sort(held.begin(), held.end(), [&](Index a, Index b) {
          return conversations[a].arrival < conversations[b].arrival;
        });
        for (Index conversation : held) {
          changes.push_back(requeue(conversation, Change::Cause::AgentAway, at));
        }
      } else {
        // A relaxation step (the conversation keeps its place, under a wider requirement), or its
        // window's boost starting or ending (it moves by priority, keeping its waiting time).
        leaveQueue(index);
        enterQueue(index, at);
      }
    }
  }

  // At most one grace period per agent is pending; it starts when they go offline.
  void setOffline(Index index, bool offline, Ms now) {
    Agent& agent = agents[index];
    offline_deadlines.erase({agent.offline_since + offline_grace, index});
    if (offline) {
      agent.offline_since = now;
      offline_deadlines.emplace(now + offline_grace, index);
    }
  }

  AgentView view(const Agent& agent, bool with_conversations = true) const {
    AgentView view{.id = agent.id,
                   .presence = agent.presence,
                   .auto_allocate = agent.auto_allocate,
                   .capacity = agent.capacity,
                   .load = agent.load,
                   .missed_offers = agent.missed_offers};
    for (const std::string& name : agent.skill_order) {
      view.skills.emplace_back(name, agent.active.contains(skill_ids.at(name)));
    }
    if (with_conversations) {
      for (Index c : agent.conversations) {
        view.conversations.push_back(conversations[c].id);
      }
      std::sort(view.conversations.begin(), view.conversations.end());
    }
    return view;
  }
};

// ---- names ----

std::string_view presenceName(Presence presence) {
  switch (presence) {
    case Presence::Available:
      return "available";
    case Presence::Away:
      return "away";
    case Presence::Offline:
      return "offline";
  }
  return "offline";
}

std::optional<Presence> parsePresence(std::string_view name) {
  for (Presence p : {Presence::Available, Presence::Away, Presence::Offline}) {
    if (presenceName(p) == name) {
      return p;
    }
  }
  return std::nullopt;
}

std::string_view skipReasonName(SkipReason reason) {
  switch (reason) {
    case SkipReason::Away:
      return "away";
    case SkipReason::Offline:
      return "offline";
    case SkipReason::AutoAllocateOff:
      return "auto_allocate_off";
    case SkipReason::AtCapacity:
      return "at_capacity";
    case SkipReason::SkillMissing:
      return "skill_missing";
    case SkipReason::SkillInactive:
      return "skill_inactive";
    case SkipReason::MissedOffer:
      return "missed_offer";
  }
  return "";
}

std::string_view changeCauseName(Change::Cause cause) {
  switch (cause) {
    case Change::Cause::Allocated:
      return "allocated";
    case Change::Cause::Picked:
      return "picked";
    case Change::Cause::Transferred:
      return "transferred";
    case Change::Cause::Unassigned:
      return "unassigned";
    case Change::Cause::OfferExpired:
      return "offer_expired";
    case Change::Cause::AgentAway:
      return "agent_away";
    case Change::Cause::Accepted:
      return "accepted";
  }
  return "";
}

// ---- Engine ----

Engine::Engine(Ms offline_grace) : state_(std::make_unique<State>(offline_grace)) {}
Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

void Engine::setOfflineGrace(Ms grace) {
  State& s = *state_;
  // Pending grace periods move with the setting.
  std::set<std::pair<Ms, Index>> moved;
  for (const auto& [at, agent] : s.offline_deadlines) {
    moved.emplace(s.agents[agent].offline_since + grace, agent);
  }
  s.offline_deadlines = std::move(moved);
  s.offline_grace = grace;
}

void Engine::upsertCategory(const CategoryRules& rules, Ms now) {
  state_->see(now);
  State& s = *state_;
  auto [found, created] = s.category_ids.try_emplace(rules.id, Index(s.categories.size()));
  if (created) {
    s.categories.emplace_back();
  }
  const Index index = found->second;
  Category& category = s.categories[index];
  // Its queued conversations leave the queue under the old rules and come back under the new.
  std::vector<Index> queued;
  for (Index c : category.conversations) {
    if (s.isQueued(s.conversations[c])) {
      queued.push_back(c);
      s.leaveQueue(c);
    }
  }
  category.id = rules.id;
  category.alive = true;
  category.priority = rules.priority;
  category.offer_timeout = rules.offer_timeout;
  category.window_boost = rules.window_boost;
  category.steps = {Alternatives{s.skillSet(rules.skills)}};
  category.after = {0};
  category.step_names = {{rules.skills}};
  for (const RelaxationStep& step : rules.relaxation) {
    Alternatives alternatives;
    for (const auto& names : step.any_of) {
      alternatives.push_back(s.skillSet(names));
    }
    if (alternatives.empty()) {
      alternatives.emplace_back();
    }
    category.steps.push_back(std::move(alternatives));
    category.after.push_back(std::max(step.after, category.after.back()));
    category.step_names.push_back(step.any_of);
  }
  category.step_groups.clear();
  for (const Alternatives& alternatives : category.steps) {
    category.step_groups.push_back(s.group(alternatives));
  }
  for (Index c : queued) {
    s.enterQueue(c, now);
  }
}

void Engine::removeCategory(std::string_view id, Ms now) {
  state_->see(now);
  State& s = *state_;
  auto found = s.category_ids.find(std::string(id));
  if (found == s.category_ids.end()) {
    return;
  }
  Category& category = s.categories[found->second];
  for (Index c : category.conversations) {
    Conversation& conversation = s.conversations[c];
    const bool queued = s.isQueued(conversation);
    if (queued) {
      s.leaveQueue(c);
    }
    conversation.category = kNone;
    if (queued) {
      s.enterQueue(c, now);
    }
  }
  category = Category{};
  s.category_ids.erase(found);
}

void Engine::upsertAgent(const AgentSettings& settings, Ms now) {
  state_->see(now);
  State& s = *state_;
  auto [found, created] = s.agent_ids.try_emplace(settings.id, kNone);
  if (created) {
    Index index;
    if (!s.free_agents.empty()) {
      index = s.free_agents.back();
      s.free_agents.pop_back();
      s.agents[index] = Agent{};
    } else {
      index = static_cast<Index>(s.agents.size());
      s.agents.emplace_back();
    }
    found->second = index;
    Agent& agent = s.agents[index];
    agent.id = settings.id;
    agent.order = s.next_order++;
    agent.alive = true;
    agent.idle_since = now;
    ++s.standing_counts[static_cast<size_t>(agent.standing)];
  }
  const Index index = found->second;
  const Presence was = s.agents[index].presence;
  s.changeAgent(index, [&](Agent& agent) {
    agent.presence = settings.presence;
    agent.auto_allocate = settings.auto_allocate;
    agent.capacity = settings.capacity;
    agent.has = {};
    agent.active = {};
    agent.skill_order.clear();
    for (const auto& [name, active] : settings.skills) {
      const Index skill = s.skill(name);
      if (!agent.has.contains(skill)) {
        agent.skill_order.push_back(name);
      }
      agent.has.insert(skill);
      if (active) {
        agent.active.insert(skill);
      }
    }
    if (settings.presence == Presence::Available && (created || was != Presence::Available)) {
      agent.idle_since = now;
    }
  });
  if (created || was != settings.presence) {
    s.setOffline(index, settings.presence == Presence::Offline, now);
  }
}

std::vector<Change> Engine::removeAgent(std::string_view id) {
  State& s = *state_;
  Agent* agent = s.findAgent(id);
  if (!agent) {
    return {};
  }
  const Index index = s.agentIndex(*agent);
  std::vector<Index> held(agent->conversations.begin(), agent->conversations.end());
  std::sort(held.begin(), held.end(), [&](Index a, Index b) {
    return s.conversations[a].arrival < s.conversations[b].arrival;
  });
  std::vector<Change> changes;
  for (Index c : held) {
    changes.push_back(s.requeue(c, Change::Cause::AgentAway, s.latest));
  }
  s.setOffline(index, false, 0);
  s.changeAgent(index, [](Agent& a) { a.presence = Presence::Offline; });
  --s.standing_counts[static_cast<size_t>(s.agents[index].standing)];
  // Conversations that excluded this agent keep a stale index; reuse must not inherit it.
  for (Conversation& c : s.conversations) {
    std::erase(c.missed_by, index);
  }
  s.agent_ids.erase(s.agents[index].id);
  s.agents[index] = Agent{};
  s.free_agents.push_back(index);
  return changes;
}

namespace {
Error noAgent() { return Error{ErrorCode::NotFound, "no such agent"}; }
Error noConversation() { return Error{ErrorCode::NotFound, "no such open conversation"}; }
}  // namespace

Result<void> Engine::setPresence(std::string_view id, Presence presence, Ms now) {
  state_->see(now);
  State& s = *state_;
  Agent* agent = s.findAgent(id);
  if (!agent) {
    return std::unexpected(noAgent());
  }
  const Index index = s.agentIndex(*agent);
  if (agent->presence == presence) {
    return {};
  }
  s.changeAgent(index, [&](Agent& a) {
    a.presence = presence;
    if (presence == Presence::Available) {
      a.idle_since = now;
    }
  });
  s.setOffline(index, presence == Presence::Offline, now);
  return {};
}

Result<void> Engine::setAutoAllocate(std::string_view id, bool on) {
  State& s = *state_;
  Agent* agent = s.findAgent(id);
  if (!agent) {
    return std::unexpected(noAgent());
  }
  s.changeAgent(s.agentIndex(*agent), [&](Agent& a) { a.auto_allocate = on; });
  return {};
}

Result<void> Engine::setCapacity(std::string_view id, int capacity) {
  State& s = *state_;
  Agent* agent = s.findAgent(id);
  if (!agent) {
    return std::unexpected(noAgent());
  }
  if (capacity < 0) {
    return fail(ErrorCode::ValidationFailed, "capacity must not be negative");
  }
  s.changeAgent(s.agentIndex(*agent), [&](Agent& a) { a.capacity = capacity; });
  return {};
}

Result<void> Engine::setSkill(std::string_view id, std::string_view skill_name, bool active) {
  State& s = *state_;
  Agent* agent = s.findAgent(id);
  if (!agent) {
    return std::unexpected(noAgent());
  }
  const Index skill = s.skill(skill_name);
  s.changeAgent(s.agentIndex(*agent), [&](Agent& a) {
    if (!a.has.contains(skill)) {
      a.skill_order.emplace_back(skill_name);
      a.has.insert(skill);
    }
    if (active) {
      a.active.insert(skill);
    } else {
      a.active.erase(skill);
    }
  });
  return {};
}

Result<void> Engine::removeSkill(std::string_view id, std::string_view skill_name) {
  State& s = *state_;
  Agent* agent = s.findAgent(id);
  if (!agent) {
    return std::unexpected(noAgent());
  }
  auto found = s.skill_ids.find(std::string(skill_name));
  if (found == s.skill_ids.end()) {
    return {};
  }
  const Index skill = found->second;
  s.changeAgent(s.agentIndex(*agent), [&](Agent& a) {
    a.has.erase(skill);
    a.active.erase(skill);
    std::erase(a.skill_order, std::string(skill_name));
  });
  return {};
}

Result<void> Engine::enqueue(std::string_view id, std::string_view category, Ms now) {
  return restore(
      StoredConversation{
          .id = std::string(id), .category = std::string(category), .enqueued_at = now},
      now);
}

Result<void> Engine::setReplyWindow(std::string_view id, std::optional<Ms> closes_at, Ms now) {
  state_->see(now);
  State& s = *state_;
  Conversation* c = s.findConversation(id);
  if (!c) {
    return fail(ErrorCode::NotFound, "no such conversation");
  }
  if (c->window_closes_at == closes_at) {
    return {};
  }
  const Index index = s.conversation_ids.at(c->id);
  const bool queued = s.isQueued(*c);
  if (queued) {
    s.leaveQueue(index);
  }
  c->window_closes_at = closes_at;
  if (queued) {
    s.enterQueue(index, now);
  }
  return {};
}

Result<void> Engine::restore(const StoredConversation& stored, Ms now) {
  state_->see(now);
  State& s = *state_;
  if (s.findConversation(stored.id)) {
    return fail(ErrorCode::Conflict, "conversation is open already");
  }
  Index category = kNone;
  if (!stored.category.empty()) {
    auto found = s.category_ids.find(stored.category);
    if (found == s.category_ids.end()) {
      return fail(ErrorCode::NotFound, "no such category");
    }
    category = found->second;
  }
  Index agent = kNone;
  if (stored.agent) {
    const Agent* a = s.findAgent(*stored.agent);
    if (!a) {
      return std::unexpected(noAgent());
    }
    agent = s.agentIndex(*a);
  }
  const Index index = s.newConversation(stored.id);
  Conversation& c = s.conversations[index];
  c.category = category;
  c.enqueued_at = stored.enqueued_at;
  c.window_closes_at = stored.window_closes_at;
  for (const std::string& missed : stored.missed_by) {
    if (const Agent* a = s.findAgent(missed)) {
      c.missed_by.push_back(s.agentIndex(*a));
    }
  }
  if (category != kNone) {
    s.categories[category].conversations.insert(index);
  }
  if (agent == kNone) {
    s.enterQueue(index, now);
    return {};
  }
  c.agent = agent;
  c.manual = stored.manual;
  s.changeAgent(agent, [&](Agent& a) {
    ++a.load;
    a.conversations.insert(index);
  });
  if (stored.offer_deadline) {
    c.offer_deadline = stored.offer_deadline;
    s.offer_deadlines.emplace(*c.offer_deadline, index);
  }
  return {};
}

Result<void> Engine::close(std::string_view id) {
  State& s = *state_;
  Conversation* c = s.findConversation(id);
  if (!c) {
    return std::unexpected(noConversation());
  }
  const Index index = s.conversationIndex(*c);
  if (s.isQueued(*c)) {
    s.leaveQueue(index);
  }
  s.release(index);
  if (c->category != kNone) {
    s.categories[c->category].conversations.erase(index);
  }
  s.conversation_ids.erase(c->id);
  *c = Conversation{};
  s.free_conversations.push_back(index);
  return {};
}

Result<void> Engine::accept(std::string_view id, std::string_view agent_id) {
  State& s = *state_;
  Conversation* c = s.findConversation(id);
  const Agent* agent = s.findAgent(agent_id);
  if (!c || !agent) {
    return std::unexpected(c ? noAgent() : noConversation());
  }
  if (c->agent != s.agentIndex(*agent)) {
    return fail(ErrorCode::Conflict, "the conversation is not assigned to this agent");
  }
  if (c->offer_deadline) {
    s.offer_deadlines.erase({*c->offer_deadline, s.conversationIndex(*c)});
    c->offer_deadline.reset();
  }
  return {};
}

Result<Change> Engine::pick(std::string_view id, std::string_view agent_id, Ms now) {
  state_->see(now);
  State& s = *state_;
  Conversation* c = s.findConversation(id);
  const Agent* agent = s.findAgent(agent_id);
  if (!c || !agent) {
    return std::unexpected(c ? noAgent() : noConversation());
  }
  if (!s.isQueued(*c)) {
    return fail(ErrorCode::Conflict, "the conversation is not waiting in the queue");
  }
  const Index index = s.conversationIndex(*c);
  s.assign(index, s.agentIndex(*agent), /*manual=*/true, now);
  return s.assignedChange(index, Change::Cause::Picked, kNone);
}

Result<Change> Engine::transferToAgent(std::string_view id, std::string_view agent_id, Ms now) {
  state_->see(now);
  State& s = *state_;
  Conversation* c = s.findConversation(id);
  const Agent* agent = s.findAgent(agent_id);
  if (!c || !agent) {
    return std::unexpected(c ? noAgent() : noConversation());
  }
  const Index target = s.agentIndex(*agent);
  if (c->agent == target) {
    return fail(ErrorCode::Conflict, "the conversation is assigned to this agent already");
  }
  const Index index = s.conversationIndex(*c);
  const Index previous = s.release(index);
  s.assign(index, target, /*manual=*/true, now);
  return s.assignedChange(index, Change::Cause::Transferred, previous);
}

Result<Change> Engine::transferToCategory(std::string_view id, std::string_view category_id,
                                          Ms now) {
  state_->see(now);
  State& s = *state_;
  Conversation* c = s.findConversation(id);
  if (!c) {
    return std::unexpected(noConversation());
  }
  auto found = s.category_ids.find(std::string(category_id));
  if (found == s.category_ids.end()) {
    return fail(ErrorCode::NotFound, "no such category");
  }
  const Index index = s.conversationIndex(*c);
  if (s.isQueued(*c)) {
    s.leaveQueue(index);
  }
  if (c->category != kNone) {
    s.categories[c->category].conversations.erase(index);
  }
  c->category = found->second;
  s.categories[c->category].conversations.insert(index);
  return s.requeue(index, Change::Cause::Transferred, now);
}

Result<Change> Engine::unassign(std::string_view id) {
  State& s = *state_;
  Conversation* c = s.findConversation(id);
  if (!c) {
    return std::unexpected(noConversation());
  }
  if (c->agent == kNone) {
    return fail(ErrorCode::Conflict, "the conversation is not assigned");
  }
  // Back at its original place (its queue key keeps enqueued_at).
  return s.requeue(s.conversationIndex(*c), Change::Cause::Unassigned, s.latest);
}

std::vector<Change> Engine::tick(Ms now) {
  state_->see(now);
  return state_->tick(now);
}
std::optional<Ms> Engine::nextDeadline() const { return state_->nextDeadline(); }
std::vector<Change> Engine::allocate(Ms now) {
  state_->see(now);
  return state_->allocate(now);
}

Explanation Engine::explain(std::string_view category_id, Ms now) const {
  const State& s = *state_;
  Conversation probe;
  probe.enqueued_at = now;
  if (auto found = s.category_ids.find(std::string(category_id)); found != s.category_ids.end()) {
    probe.category = found->second;
  }
  return s.explainFully(s.alternativesOf(probe, 0), nullptr);
}

Result<Explanation> Engine::explainConversation(std::string_view id, Ms now) const {
  const State& s = *state_;
  const Conversation* c = s.findConversation(id);
  if (!c) {
    return std::unexpected(noConversation());
  }
  return s.explainFully(s.alternativesOf(*c, s.stepAt(*c, now)), c);
}

std::vector<QueuedConversation> Engine::queue(size_t limit) const {
  const State& s = *state_;
  std::vector<QueuedConversation> queued;
  for (const QueueKey& key : s.queue) {
    if (queued.size() >= limit) {
      break;
    }
    const Conversation& c = s.conversations[key.conversation];
    QueuedConversation view{.id = c.id, .priority = s.priorityOf(c), .enqueued_at = c.enqueued_at};
    if (c.category != kNone) {
      view.category = s.categories[c.category].id;
    }
    for (const SkillSet& alternative : s.groups[c.group].alternatives) {
      view.any_of.push_back(s.skillNames(alternative));
    }
    queued.push_back(std::move(view));
  }
  return queued;
}

size_t Engine::queueLength() const { return state_->queue.size(); }

std::vector<Engine::CategoryWaiting> Engine::waitingByCategory() const {
  const State& s = *state_;
  std::map<std::string, CategoryWaiting> by_category;
  std::unordered_map<Index, CategoryWaiting*> by_index;
  for (const QueueKey& key : s.queue) {
    const Conversation& c = s.conversations[key.conversation];
    CategoryWaiting*& waiting = by_index[c.category];
    if (!waiting) {
      const std::string id = c.category == kNone ? std::string() : s.categories[c.category].id;
      waiting = &by_category[id];
      waiting->category = id;
      waiting->oldest_enqueued_at = c.enqueued_at;
    }
    ++waiting->waiting;
    waiting->oldest_enqueued_at = std::min(waiting->oldest_enqueued_at, c.enqueued_at);
  }
  std::vector<CategoryWaiting> list;
  for (auto& [_, waiting] : by_category) {
    list.push_back(std::move(waiting));
  }
  return list;
}

std::optional<Ms> Engine::oldestEnqueuedAt() const {
  const State& s = *state_;
  if (s.waiting_since.empty()) {
    return std::nullopt;
  }
  return *s.waiting_since.begin();
}

Result<AgentView> Engine::agent(std::string_view id) const {
  const Agent* agent = state_->findAgent(id);
  if (!agent) {
    return std::unexpected(noAgent());
  }
  return state_->view(*agent);
}

std::vector<AgentView> Engine::agents(bool with_conversations) const {
  std::vector<AgentView> views;
  for (const Agent& agent : state_->agents) {
    if (agent.alive) {
      views.push_back(state_->view(agent, with_conversations));
    }
  }
  std::sort(views.begin(), views.end(),
            [](const AgentView& a, const AgentView& b) { return a.id < b.id; });
  return views;
}

Result<ConversationView> Engine::conversation(std::string_view id) const {
  const State& s = *state_;
  const Conversation* c = s.findConversation(id);
  if (!c) {
    return std::unexpected(noConversation());
  }
  ConversationView view{
      .id = c->id, .enqueued_at = c->enqueued_at, .offer_deadline = c->offer_deadline};
  if (c->category != kNone) {
    view.category = s.categories[c->category].id;
  }
  if (c->agent != kNone) {
    view.agent = s.agents[c->agent].id;
    view.manual = c->manual;
  }
  for (Index agent : c->missed_by) {
    view.missed_by.push_back(s.agents[agent].id);
  }
  return view;
}

}  // namespace parley::routing
