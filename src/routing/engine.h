#pragma once
// The routing engine of one tenant (R1–R6, R8–R10): pure logic over an in-memory snapshot of the
// tenant's agents, categories and open conversations. No I/O, no clock, no locks: the caller owns
// one engine per tenant on one strand, passes the time into every call, persists the Changes it
// returns, and only then announces them.
//
// Rules, in the order they decide:
// - Queue order: higher category priority first (raised while a reply window is about to close,
//   R11), then longest waiting (the time the conversation
//   first entered the queue; unassigning, a missed offer or an agent going offline puts it back at
//   that original place), then arrival order.
// - Eligibility (R2): presence available, auto-allocate on, load below capacity, not an agent who
//   let this conversation's offer expire (R8), and the agent's *active* skills include every skill
//   of one of the conversation's current alternatives (a category's relaxation steps, R9, widen
//   the alternatives as the conversation waits; an empty alternative matches anyone).
// - Choice (R1): the least loaded eligible agent; ties go to the agent idle longest (oldest last
//   assignment, or the time they became available), then to the agent known longest.
// - allocate() repeats "the first conversation in queue order that has an eligible agent gets its
//   best agent" until no queued conversation has one (R6). It only looks at what changed since the
//   last call, so a single event costs microseconds even with 100,000 conversations waiting.
// Manual actions (pick, transfer) ignore capacity and auto-allocate: a person decided.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace parley::routing {

// Milliseconds since the Unix epoch; the engine never reads a clock.
using Ms = int64_t;

enum class Presence { Available, Away, Offline };
std::string_view presenceName(Presence presence);
std::optional<Presence> parsePresence(std::string_view name);

// One step of a category's skill relaxation: after waiting `after` ms, an agent qualifies with the
// active skills of any one alternative ("X or Y" = {{X},{Y}}; "anyone" = {{}}).
struct RelaxationStep {
  Ms after = 0;
  std::vector<std::vector<std::string>> any_of;
};

// R11: while a queued conversation's reply window (WhatsApp, Messenger) closes within `within` ms,
// its priority is raised by `priority`, so it is answered before only a template can reach the
// customer.
struct WindowBoost {
  Ms within = 0;
  int priority = 0;
};

struct CategoryRules {
  std::string id;
  int priority = 0;                        // higher is served first
  std::vector<std::string> skills;         // all required until the first relaxation step
  std::vector<RelaxationStep> relaxation;  // ordered by `after`
  Ms offer_timeout = 0;                    // 0: allocations need no acceptance
  std::optional<WindowBoost> window_boost;
};

struct AgentSettings {
  std::string id;
  Presence presence = Presence::Offline;
  bool auto_allocate = true;
  int capacity = 3;
  std::vector<std::pair<std::string, bool>> skills;  // skill id, active
};

// An open conversation as storage knows it, for rebuilding the engine after a restart.
struct StoredConversation {
  std::string id;
  std::string category;  // empty: uncategorised (no requirement, priority 0)
  Ms enqueued_at = 0;    // its place in the queue
  std::optional<std::string> agent;
  bool manual = false;                 // assigned by a person (does not count against R6)
  std::optional<Ms> offer_deadline;    // assigned but not accepted yet
  std::vector<std::string> missed_by;  // agents whose offer expired
  std::optional<Ms> window_closes_at;  // its reply window, on channels with one
};

// Why an agent did not get a conversation.
enum class SkipReason {
  Away,
  Offline,
  AutoAllocateOff,
  AtCapacity,
  SkillMissing,
  SkillInactive,
  MissedOffer,
};
std::string_view skipReasonName(SkipReason reason);

struct Skip {
  std::string agent;
  SkipReason reason;
  std::string skill;  // for SkillMissing / SkillInactive
};

// The reasons kept with one allocation (R10). `skipped` lists the agents the choice passed over
// while searching (bounded); agents that could not take anything at all are counted by reason.
struct Explanation {
  std::optional<std::string> agent;  // unset: nobody eligible
  int load = 0;                      // the chosen agent's load before, and capacity
  int capacity = 0;
  bool idle_tie_break = false;  // an equally loaded agent was passed over for idling less long
  size_t alternative = 0;       // which alternative of the requirement matched
  std::vector<Skip> skipped;
  int away = 0, offline = 0, auto_allocate_off = 0, at_capacity = 0;
  int window_boost = 0;  // the priority its closing reply window added (R11)
  Ms window_closes_at = 0;
};

struct Change {
  enum class Kind { Assigned, Requeued };
  enum class Cause {
    Allocated,    // automatic allocation
    Picked,       // an agent took it from the queue
    Transferred,  // to an agent, or to a category (Requeued)
    Unassigned,
    OfferExpired,  // R8: the agent did not accept in time
    AgentAway,     // the agent stayed offline past the grace period, or was removed
    Accepted,      // the agent accepted the offer (made by the caller; the engine never returns it)
  };
  Kind kind;
  Cause cause;
  std::string conversation;
  std::optional<std::string> agent;           // Assigned: the new agent
  std::optional<std::string> previous_agent;  // Requeued / Transferred: who had it
  std::optional<Ms> offer_deadline;           // Assigned with an offer to accept
  Ms enqueued_at = 0;
  Explanation why;  // Allocated only
};
std::string_view changeCauseName(Change::Cause cause);

struct QueuedConversation {
  std::string id;
  std::string category;
  int priority = 0;
  Ms enqueued_at = 0;
  std::vector<std::vector<std::string>> any_of;  // the current requirement
};

struct AgentView {
  std::string id;
  Presence presence = Presence::Offline;
  bool auto_allocate = true;
  int capacity = 0;
  int load = 0;
  int missed_offers = 0;
  std::vector<std::pair<std::string, bool>> skills;
  std::vector<std::string> conversations;
};

struct ConversationView {
  std::string id;
  std::string category;
  Ms enqueued_at = 0;
  std::optional<std::string> agent;
  bool manual = false;
  std::optional<Ms> offer_deadline;
  std::vector<std::string> missed_by;
};

class Engine {
 public:
  explicit Engine(Ms offline_grace = 60'000);
  ~Engine();
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;

  // Configuration. Changes take effect at the next allocate().
  void setOfflineGrace(Ms grace);
  void upsertCategory(const CategoryRules& rules, Ms now);
  // Its conversations become uncategorised.
  void removeCategory(std::string_view id, Ms now);
  void upsertAgent(const AgentSettings& settings, Ms now);
  // Requeues the agent's conversations at once.
  [[nodiscard]] std::vector<Change> removeAgent(std::string_view id);
  [[nodiscard]] Result<void> setPresence(std::string_view agent, Presence presence, Ms now);
  [[nodiscard]] Result<void> setAutoAllocate(std::string_view agent, bool on);
  [[nodiscard]] Result<void> setCapacity(std::string_view agent, int capacity);
  [[nodiscard]] Result<void> setSkill(std::string_view agent, std::string_view skill, bool active);
  [[nodiscard]] Result<void> removeSkill(std::string_view agent, std::string_view skill);

  // Conversations. Conflict for a conversation id already open; NotFound for unknown ids.
  [[nodiscard]] Result<void> enqueue(std::string_view conversation, std::string_view category,
                                     Ms now);
  [[nodiscard]] Result<void> restore(const StoredConversation& conversation, Ms now);
  // When the conversation's reply window closes (none: no window); a queued one moves in the
  // queue as its category's window boost says.
  [[nodiscard]] Result<void> setReplyWindow(std::string_view conversation,
                                            std::optional<Ms> closes_at, Ms now);
  [[nodiscard]] Result<void> close(std::string_view conversation);
  // The agent accepts an offer (or answers, which accepts it).
  [[nodiscard]] Result<void> accept(std::string_view conversation, std::string_view agent);
  [[nodiscard]] Result<Change> pick(std::string_view conversation, std::string_view agent, Ms now);
  [[nodiscard]] Result<Change> transferToAgent(std::string_view conversation,
                                               std::string_view agent, Ms now);
  [[nodiscard]] Result<Change> transferToCategory(std::string_view conversation,
                                                  std::string_view category, Ms now);
  [[nodiscard]] Result<Change> unassign(std::string_view conversation);

  // Expired offers, relaxation steps and offline grace periods due by `now`.
  [[nodiscard]] std::vector<Change> tick(Ms now);
  // The earliest time tick() has something to do.
  std::optional<Ms> nextDeadline() const;
  // Allocates until no queued conversation has an eligible agent.
  [[nodiscard]] std::vector<Change> allocate(Ms now);

  // Dry run (R10): who would get a conversation of this category now, with every agent's reason.
  Explanation explain(std::string_view category, Ms now) const;
  // The same for a queued conversation (its exclusions and relaxation included).
  [[nodiscard]] Result<Explanation> explainConversation(std::string_view conversation,
                                                        Ms now) const;

  // Queries.
  std::vector<QueuedConversation> queue(size_t limit) const;
  size_t queueLength() const;
  struct CategoryWaiting {
    std::string category;  // empty: uncategorised
    size_t waiting = 0;
    Ms oldest_enqueued_at = 0;
  };
  // Per category with anything waiting, ordered by category id.
  std::vector<CategoryWaiting> waitingByCategory() const;
  std::optional<Ms> oldestEnqueuedAt() const;
  [[nodiscard]] Result<AgentView> agent(std::string_view id) const;
  // Sorted by id. Without conversations the list is cheap enough for a statistics tick.
  std::vector<AgentView> agents(bool with_conversations = true) const;
  [[nodiscard]] Result<ConversationView> conversation(std::string_view id) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace parley::routing
