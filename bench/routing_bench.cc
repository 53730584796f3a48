// routing_bench: the routing engine (src/routing/engine.h) against a naive scan-everything router
// written here, on one tenant with 10,000 agents, 200 skills, 400 categories and 100,000
// conversations (BENCH_SMOKE=1: 1,000 agents and 10,000 conversations). Every operation is an
// event followed by allocate(), as the service does; simulated time moves 10 ms per operation and
// tick() runs when nextDeadline() is due (relaxation steps after 30 s and 120 s).
//
// Phase 1 enqueues the conversations one by one while the agents fill up. Phase 2, the steady
// state, alternates "close a random assigned conversation" and "enqueue a new one". The naive
// router then replays the first phase-2 operations from the same state, checks each of its
// decisions against the engine's, and gives its decisions/s. Speed is reported against targets
// (PASS/MISS) but never fails the run; the exit status is 1 only if the benchmark misbehaves (an
// agent over capacity, no decisions, an engine error, the naive router disagreeing).
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "routing/engine.h"

namespace {

using parley::routing::AgentSettings;
using parley::routing::CategoryRules;
using parley::routing::Change;
using parley::routing::Engine;
using parley::routing::Ms;
using parley::routing::Presence;
using Clock = std::chrono::steady_clock;

constexpr Ms kStart = 1'700'000'000'000;
constexpr Ms kStep = 10;  // simulated time between operations: 100 conversations a second

struct Config {
  bool smoke = false;
  int agents = 10'000;
  int skills = 200;
  int categories = 400;
  int conversations = 100'000;
  int steady_ops = 200'000;    // phase 2: closes and enqueues, alternating
  double steady_seconds = 20;  // …or until this much engine time
  int naive_decisions = 200;   // the naive router stops at this many decisions…
  double naive_seconds = 5;    // …or after this long
  uint64_t seed = 42;
};

Config config() {
  Config config;
  const char* smoke = std::getenv("BENCH_SMOKE");
  if (smoke && std::string_view(smoke) == "1") {
    config = {.smoke = true,
              .agents = 1'000,
              .conversations = 10'000,
              .steady_ops = 20'000,
              .steady_seconds = 0.5,
              .naive_decisions = 50,
              .naive_seconds = 0.3};
  }
  return config;
}

// A requirement as skill numbers: alternatives, each needing all its skills active.
using Requirement = std::vector<std::vector<int>>;

struct CategorySpec {
  int priority = 0;
  Requirement base;
  std::vector<std::pair<Ms, Requirement>> relaxation;
};

struct AgentSpec {
  int capacity = 1;
  std::vector<std::pair<int, bool>> skills;
  std::vector<int> active;  // sorted
};

struct Scenario {
  std::vector<AgentSpec> agents;
  std::vector<CategorySpec> categories;
  std::discrete_distribution<int> category_of;  // which category a new conversation has
};

std::string skillName(int skill) { return "s" + std::to_string(skill); }
std::string agentName(int agent) { return "a" + std::to_string(agent); }
std::string conversationName(int conversation) { return "c" + std::to_string(conversation); }
std::string categoryName(int category) { return "k" + std::to_string(category); }

int numberOf(std::string_view id) {
  int number = -1;
  std::from_chars(id.data() + 1, id.data() + id.size(), number);
  return number;
}

// A Zipf-like skew: item k is drawn with weight 1 / (k + 1)^exponent.
std::discrete_distribution<int> skewed(int items, double exponent) {
  std::vector<double> weights;
  for (int k = 0; k < items; ++k) {
    weights.push_back(1.0 / std::pow(k + 1, exponent));
  }
  return std::discrete_distribution<int>(weights.begin(), weights.end());
}

std::vector<int> distinctSkills(std::mt19937_64& rng, std::discrete_distribution<int>& skill,
                                int count) {
  std::vector<int> out;
  while (static_cast<int>(out.size()) < count) {
    const int drawn = skill(rng);
    if (std::find(out.begin(), out.end(), drawn) == out.end()) {
      out.push_back(drawn);
    }
  }
  return out;
}

Scenario makeScenario(const Config& config, std::mt19937_64& rng) {
  Scenario scenario;
  auto skill = skewed(config.skills, 1.0);
  std::uniform_int_distribution<int> percent(1, 100);
  for (int k = 0; k < config.categories; ++k) {
    CategorySpec category;
    const int roll = percent(rng);
    category.priority = roll <= 70 ? 0 : roll <= 85 ? 1 : roll <= 95 ? 2 : 3;
    const std::vector<int> needs =
        distinctSkills(rng, skill, std::uniform_int_distribution<int>(1, 3)(rng));
    category.base = {needs};
    if (percent(rng) <= 25) {
      category.relaxation.push_back({30'000, {{needs[0]}}});
      if (percent(rng) <= 50) {
        category.relaxation.push_back({120'000, {{}}});
      }
    }
    scenario.categories.push_back(category);
  }
  for (int k = 0; k < config.agents; ++k) {
    AgentSpec agent;
    agent.capacity = std::uniform_int_distribution<int>(1, 5)(rng);
    for (int held : distinctSkills(rng, skill, std::uniform_int_distribution<int>(5, 15)(rng))) {
      const bool active = percent(rng) <= 80;
      agent.skills.emplace_back(held, active);
      if (active) {
        agent.active.push_back(held);
      }
    }
    std::sort(agent.active.begin(), agent.active.end());
    scenario.agents.push_back(agent);
  }
  scenario.category_of = skewed(config.categories, 0.7);
  return scenario;
}

std::vector<std::vector<std::string>> names(const Requirement& requirement) {
  std::vector<std::vector<std::string>> out;
  for (const auto& alternative : requirement) {
    out.emplace_back();
    for (int skill : alternative) {
      out.back().push_back(skillName(skill));
    }
  }
  return out;
}

void configure(Engine& engine, const Scenario& scenario) {
  for (size_t k = 0; k < scenario.categories.size(); ++k) {
    const CategorySpec& spec = scenario.categories[k];
    CategoryRules rules{.id = categoryName(static_cast<int>(k)), .priority = spec.priority};
    rules.skills = names(spec.base)[0];
    for (const auto& [after, any_of] : spec.relaxation) {
      rules.relaxation.push_back({after, names(any_of)});
    }
    engine.upsertCategory(rules, kStart);
  }
  for (size_t k = 0; k < scenario.agents.size(); ++k) {
    AgentSettings settings{.id = agentName(static_cast<int>(k)),
                           .presence = Presence::Available,
                           .auto_allocate = true,
                           .capacity = scenario.agents[k].capacity};
    for (const auto& [skill, active] : scenario.agents[k].skills) {
      settings.skills.emplace_back(skillName(skill), active);
    }
    engine.upsertAgent(settings, kStart);
  }
}

// ---------------------------------------------------------------------------------------------
// What the benchmark knows of the tenant, kept from the engine's changes: enough to check
// capacity, to pick a conversation to close, and to start the naive router in the same state.

struct ConversationState {
  int category = 0;
  Ms enqueued_at = 0;
  int agent = -1;
  bool open = false;
};

struct Tenant {
  std::vector<ConversationState> conversations;  // by number, which is also arrival order
  std::vector<int> load;
  std::vector<Ms> idle_since;
  std::vector<int> assigned;           // conversations with an agent, for closing at random
  std::vector<int> assigned_position;  // by conversation number
  size_t queued = 0;

  void assign(int conversation, int agent, Ms now) {
    conversations[conversation].agent = agent;
    ++load[agent];
    idle_since[agent] = now;
    assigned_position[conversation] = static_cast<int>(assigned.size());
    assigned.push_back(conversation);
    --queued;
  }
  void close(int conversation) {
    ConversationState& state = conversations[conversation];
    state.open = false;
    if (state.agent < 0) {
      --queued;
      return;
    }
    --load[state.agent];
    const int position = assigned_position[conversation];
    assigned[position] = assigned.back();
    assigned_position[assigned[position]] = position;
    assigned.pop_back();
  }
};

struct Decision {
  int conversation;
  int agent;
  bool operator==(const Decision&) const = default;
};

struct Op {
  enum class Kind { Enqueue, Close, Tick } kind;
  int conversation = -1;
  int category = 0;  // Enqueue
  Ms now = 0;
};

struct Latencies {
  std::vector<double> micros;
  double total_seconds = 0;
  void add(Clock::duration took) {
    const double us = std::chrono::duration<double, std::micro>(took).count();
    micros.push_back(us);
    total_seconds += us / 1e6;
  }
  double percentile(double p) {
    if (micros.empty()) {
      return 0;
    }
    std::sort(micros.begin(), micros.end());
    const size_t at = std::min(micros.size() - 1, static_cast<size_t>(p * micros.size()));
    return micros[at];
  }
};

bool misbehaved = false;

void problem(const std::string& what) {
  std::printf("PROBLEM: %s\n", what.c_str());
  misbehaved = true;
}

// The engine's side of one operation: the event, then allocate(); returns the decisions.
std::vector<Decision> run(Engine& engine, Tenant& tenant, const Scenario& scenario, const Op& op,
                          Latencies& latencies) {
  const std::string id = conversationName(op.conversation);
  const std::string category = categoryName(op.category);
  const Clock::time_point started = Clock::now();
  std::vector<Change> changes;
  bool ok = true;
  if (op.kind == Op::Kind::Enqueue) {
    ok = engine.enqueue(id, category, op.now).has_value();
  } else if (op.kind == Op::Kind::Close) {
    ok = engine.close(id).has_value();
  } else {
    changes = engine.tick(op.now);
  }
  std::vector<Change> allocated = engine.allocate(op.now);
  latencies.add(Clock::now() - started);
  if (!ok) {
    problem("the engine refused an operation on " + id);
  }
  if (!changes.empty()) {
    problem("tick() returned changes, though no offer or presence can expire here");
  }
  std::vector<Decision> decisions;
  for (const Change& change : allocated) {
    const int conversation = numberOf(change.conversation);
    const int agent = numberOf(*change.agent);
    if (change.kind != Change::Kind::Assigned || change.cause != Change::Cause::Allocated ||
        tenant.conversations[conversation].agent >= 0) {
      problem("unexpected change for " + change.conversation);
      continue;
    }
    tenant.assign(conversation, agent, op.now);
    if (tenant.load[agent] > scenario.agents[agent].capacity) {
      problem(*change.agent + " is over capacity");
    }
    decisions.push_back({conversation, agent});
  }
  return decisions;
}

// ---------------------------------------------------------------------------------------------
// The baseline: the same rules, done the obvious way. Every allocate() scans the queue in order
// and, for each conversation, every agent; it repeats until a whole pass finds nobody.

class NaiveRouter {
 public:
  NaiveRouter(const Scenario& scenario, const Tenant& tenant)
      : scenario_(scenario), tenant_(tenant) {
    for (size_t number = 0; number < tenant.conversations.size(); ++number) {
      const ConversationState& state = tenant.conversations[number];
      if (state.open && state.agent < 0) {
        queue_.push_back(static_cast<int>(number));
      }
    }
    std::sort(queue_.begin(), queue_.end(), [&](int a, int b) { return before(a, b); });
  }

  std::vector<Decision> apply(const Op& op) {
    if (op.kind == Op::Kind::Enqueue) {
      if (tenant_.conversations.size() <= static_cast<size_t>(op.conversation)) {
        tenant_.conversations.resize(op.conversation + 1);
      }
      tenant_.conversations[op.conversation] = {op.category, op.now, -1, true};
      ++tenant_.queued;
      queue_.insert(std::upper_bound(queue_.begin(), queue_.end(), op.conversation,
                                     [&](int a, int b) { return before(a, b); }),
                    op.conversation);
    } else if (op.kind == Op::Kind::Close) {
      if (tenant_.conversations[op.conversation].agent < 0) {
        queue_.erase(std::find(queue_.begin(), queue_.end(), op.conversation));
      }
      tenant_.close(op.conversation);
    }
    return allocate(op.now);
  }

  std::vector<Decision> allocate(Ms now) {
    std::vector<Decision> decisions;
    for (bool found = true; found;) {
      found = false;
      for (size_t position = 0; position < queue_.size() && !found; ++position) {
        const int conversation = queue_[position];
        const int agent = bestAgent(conversation, now);
        if (agent >= 0) {
          tenant_.assign(conversation, agent, now);
          queue_.erase(queue_.begin() + static_cast<std::ptrdiff_t>(position));
          decisions.push_back({conversation, agent});
          found = true;
        }
      }
    }
    return decisions;
  }

 private:
  bool before(int a, int b) const {
    const ConversationState& x = tenant_.conversations[a];
    const ConversationState& y = tenant_.conversations[b];
    const int priority_x = scenario_.categories[x.category].priority;
    const int priority_y = scenario_.categories[y.category].priority;
    if (priority_x != priority_y) {
      return priority_x > priority_y;
    }
    return x.enqueued_at != y.enqueued_at ? x.enqueued_at < y.enqueued_at : a < b;
  }

  const Requirement& requirement(const ConversationState& conversation, Ms now) const {
    const CategorySpec& category = scenario_.categories[conversation.category];
    const Requirement* current = &category.base;
    for (const auto& [after, any_of] : category.relaxation) {
      if (conversation.enqueued_at + after <= now) {
        current = &any_of;
      }
    }
    return *current;
  }

  bool isEligible(int agent, const Requirement& requirement) const {
    // Every agent here is available with auto-allocate on.
    if (tenant_.load[agent] >= scenario_.agents[agent].capacity) {
      return false;
    }
    const std::vector<int>& active = scenario_.agents[agent].active;
    return std::any_of(requirement.begin(), requirement.end(), [&](const auto& alternative) {
      return std::all_of(alternative.begin(), alternative.end(), [&](int skill) {
        return std::binary_search(active.begin(), active.end(), skill);
      });
    });
  }

  int bestAgent(int conversation, Ms now) const {
    const Requirement& needs = requirement(tenant_.conversations[conversation], now);
    int best = -1;
    for (int agent = 0; agent < static_cast<int>(scenario_.agents.size()); ++agent) {
      if (isEligible(agent, needs) &&
          (best < 0 || std::pair(tenant_.load[agent], tenant_.idle_since[agent]) <
                           std::pair(tenant_.load[best], tenant_.idle_since[best]))) {
        best = agent;
      }
    }
    return best;
  }

  const Scenario& scenario_;
  Tenant tenant_;
  std::vector<int> queue_;  // in queue order
};

// ---------------------------------------------------------------------------------------------

void printLatencies(const char* what, Latencies& latencies) {
  std::printf("  %-20s %8zu ops   p50 %8.1f us   p99 %8.1f us   max %9.1f us\n", what,
              latencies.micros.size(), latencies.percentile(0.50), latencies.percentile(0.99),
              latencies.percentile(1.0));
}

void target(const char* what, const std::string& measured, bool met) {
  std::printf("  %-34s %-22s %s\n", what, measured.c_str(), met ? "PASS" : "MISS");
}

std::string format(double value, const char* unit) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, value >= 100 ? "%.0f%s" : "%.1f%s", value, unit);
  return buffer;
}

class Benchmark {
 public:
  explicit Benchmark(const Config& config)
      : config_(config), rng_(config.seed), scenario_(makeScenario(config, rng_)) {
    const size_t most = static_cast<size_t>(config.conversations) + config.steady_ops;
    tenant_.conversations.reserve(most);
    tenant_.assigned_position.resize(most, -1);
    tenant_.load.assign(config.agents, 0);
    tenant_.idle_since.assign(config.agents, kStart);
  }

  void setUp();
  // Phase 1: the queue fills while the agents do.
  void fill();
  // Phase 2: the steady state.
  void steady();
  // The naive router from the state after phase 1, on the first phase-2 operations.
  void naive();
  void summary();

 private:
  Op enqueueOp();
  bool isTickDue() const {
    const std::optional<Ms> due = engine_.nextDeadline();
    return due && *due <= now_;
  }
  size_t steadyOp(const Op& op, Latencies& latencies);

  Config config_;
  std::mt19937_64 rng_;
  Scenario scenario_;
  Engine engine_;
  Tenant tenant_;
  Ms now_ = kStart;
  Tenant after_fill_;
  Ms fill_end_ = 0;
  Latencies closes_, enqueues_, ticks_;
  size_t steady_decisions_ = 0, close_decisions_ = 0;
  std::vector<Op> ops_;  // the first phase-2 operations, for the naive router to replay
  std::vector<std::vector<Decision>> engine_decisions_;
  double naive_per_second_ = 0;
};

void Benchmark::setUp() {
  std::printf(
      "routing_bench%s: %d agents (all available, capacity 1-5), %d skills, %d categories, %d "
      "conversations, seed %llu\n",
      config_.smoke ? " (BENCH_SMOKE)" : "", config_.agents, config_.skills, config_.categories,
      config_.conversations, static_cast<unsigned long long>(config_.seed));
  const Clock::time_point started = Clock::now();
  configure(engine_, scenario_);
  std::printf("setup: %.2f s\n", std::chrono::duration<double>(Clock::now() - started).count());
}

Op Benchmark::enqueueOp() {
  const Op op{Op::Kind::Enqueue, static_cast<int>(tenant_.conversations.size()),
              scenario_.category_of(rng_), now_};
  tenant_.conversations.push_back({op.category, now_, -1, true});
  ++tenant_.queued;
  return op;
}

void Benchmark::fill() {
  Latencies enqueues, ticks;
  size_t decisions = 0;
  for (int k = 0; k < config_.conversations; ++k) {
    now_ += kStep;
    if (isTickDue()) {
      decisions += run(engine_, tenant_, scenario_, {Op::Kind::Tick, -1, 0, now_}, ticks).size();
    }
    decisions += run(engine_, tenant_, scenario_, enqueueOp(), enqueues).size();
  }
  const double seconds = enqueues.total_seconds + ticks.total_seconds;
  std::printf(
      "\nphase 1: %d enqueues, allocate() after each: %zu decisions in %.2f s (%.0f decisions/s); "
      "%zu assigned, %zu waiting\n",
      config_.conversations, decisions, seconds, decisions / seconds, tenant_.assigned.size(),
      tenant_.queued);
  printLatencies("enqueue + allocate", enqueues);
  printLatencies("tick + allocate", ticks);
  if (engine_.queueLength() != tenant_.queued) {
    problem("the engine's queue length differs from the conversations left unassigned");
  }
  if (decisions == 0) {
    problem("phase 1 made no decisions");
  }
  after_fill_ = tenant_;
  fill_end_ = now_;
}

size_t Benchmark::steadyOp(const Op& op, Latencies& latencies) {
  std::vector<Decision> decisions = run(engine_, tenant_, scenario_, op, latencies);
  steady_decisions_ += decisions.size();
  if (ops_.size() < 5'000) {
    ops_.push_back(op);
    engine_decisions_.push_back(decisions);
  }
  return decisions.size();
}

void Benchmark::steady() {
  for (int k = 0; k < config_.steady_ops; ++k) {
    now_ += kStep;
    if (isTickDue()) {
      steadyOp({Op::Kind::Tick, -1, 0, now_}, ticks_);
    }
    if (k % 2 == 0 && !tenant_.assigned.empty()) {
      std::uniform_int_distribution<size_t> any(0, tenant_.assigned.size() - 1);
      const Op op{Op::Kind::Close, tenant_.assigned[any(rng_)], 0, now_};
      tenant_.close(op.conversation);
      close_decisions_ += steadyOp(op, closes_);
    } else {
      steadyOp(enqueueOp(), enqueues_);
    }
    if (closes_.total_seconds + enqueues_.total_seconds + ticks_.total_seconds >
        config_.steady_seconds) {
      break;
    }
  }
  std::printf(
      "\nphase 2 (steady state): %zu closes and %zu enqueues, allocate() after each: %zu "
      "decisions (%zu after closes) in %.2f s of engine time\n",
      closes_.micros.size(), enqueues_.micros.size(), steady_decisions_, close_decisions_,
      closes_.total_seconds + enqueues_.total_seconds + ticks_.total_seconds);
  printLatencies("close + allocate", closes_);
  printLatencies("enqueue + allocate", enqueues_);
  printLatencies("tick + allocate", ticks_);
  for (const parley::routing::AgentView& view : engine_.agents()) {
    if (view.load > view.capacity || view.load != tenant_.load[numberOf(view.id)]) {
      problem(view.id + "'s load is over capacity or not what its changes say");
      break;
    }
  }
  if (steady_decisions_ == 0) {
    problem("phase 2 made no decisions");
  }
}

void Benchmark::naive() {
  NaiveRouter naive(scenario_, after_fill_);
  const Clock::time_point check_started = Clock::now();
  if (!naive.allocate(fill_end_).empty()) {
    problem("after phase 1 a waiting conversation had an eligible agent (R6)");
  }
  std::printf(
      "\nnaive router: checked that no waiting conversation has an eligible agent after "
      "phase 1 (one full scan: %.2f s)\n",
      std::chrono::duration<double>(Clock::now() - check_started).count());
  size_t decisions = 0, replayed = 0, disagreements = 0;
  const Clock::time_point started = Clock::now();
  double seconds = 0;
  while (replayed < ops_.size() && decisions < static_cast<size_t>(config_.naive_decisions) &&
         seconds < config_.naive_seconds) {
    const std::vector<Decision> made = naive.apply(ops_[replayed]);
    disagreements += made != engine_decisions_[replayed];
    decisions += made.size();
    ++replayed;
    seconds = std::chrono::duration<double>(Clock::now() - started).count();
  }
  naive_per_second_ = decisions / seconds;
  std::printf(
      "  replayed %zu phase-2 operations: %zu decisions in %.2f s (%.2f decisions/s); "
      "decisions differing from the engine's: %zu\n",
      replayed, decisions, seconds, naive_per_second_, disagreements);
  if (decisions == 0) {
    problem("the naive router made no decisions");
  }
  if (disagreements != 0) {
    problem("the naive router and the engine decided differently");
  }
}

void Benchmark::summary() {
  const double steady_seconds =
      closes_.total_seconds + enqueues_.total_seconds + ticks_.total_seconds;
  const double per_second = steady_decisions_ / steady_seconds;
  const double ratio = per_second / naive_per_second_;
  // A close frees room, so nearly every close + allocate makes one decision.
  const double p99 = closes_.percentile(0.99);
  std::printf(
      "\nsummary (phase 2; decisions/s over all engine time, %.0f counting only close + "
      "allocate)\n",
      close_decisions_ / closes_.total_seconds);
  target("decisions/s >= 100,000", format(per_second, ""), per_second >= 1e5);
  target("engine/naive >= 50x", format(ratio, "x"), ratio >= 50);
  target("p99 close + allocate < 100 us", format(p99, " us"), p99 < 100);
  std::printf("%s\n", misbehaved ? "benchmark misbehaved (see PROBLEM lines)" : "benchmark ok");
}

}  // namespace

int main() {
  Benchmark benchmark(config());
  benchmark.setUp();
  benchmark.fill();
  benchmark.steady();
  benchmark.naive();
  benchmark.summary();
  return misbehaved ? 1 : 0;
}
