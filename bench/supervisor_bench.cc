// supervisor_bench: what supervisors read over a large tenant, on the real SQLite engine
// (bench/README.md, issue 15's targets).
//
// A tenant with 1,000,000 conversations (BENCH_SMOKE=1: 20,000; SUPERVISOR_BENCH_CONVERSATIONS
// overrides) over 90 days: 3 channels, 10 categories (one of them rare: 1 in 1,000), 50 agents,
// 4 % still open, 10 % of the closed ones never answered. They are stored as migration 19 would
// find them (insertConversation counts each one for reports as it now stands).
//
// 1. The conversation list (W3): pages of 50 through the store, as GET /conversations reads them,
//    with each filter and at random depths (a cursor somewhere in the tenant), 200 pages each;
//    against raw SQLite reading the tenant's newest 50 rows in the same run. Target: p99 < 50 ms.
// 2. A 30-day report (W6) by day, by agent and by channel from the hourly aggregates, against the
//    same report recounted from the raw rows in the same run. Targets: < 200 ms, ≥ 100× faster.
//    The two must agree (there are no reopenings or missed offers in this data).
//
// Speed is reported against the targets but never fails the run; the exit status is 1 only if
// the benchmark misbehaves (a write fails, the reports disagree).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "privacy/crypto.h"
#include "storage/conversation_stores.h"
#include "storage/report_store.h"
#include "storage/sqlite/conversation_rows.h"
#include "storage/sqlite/report_store.h"
#include "storage/sqlite/sqlite_stores.h"
#include "storage/wait.h"
#include "storage_bench.h"

namespace {

using namespace parley;
using namespace parley::storage;
using Steady = std::chrono::steady_clock;
using bench::percentile;
using std::chrono::milliseconds;

[[noreturn]] void die(const std::string& why) { bench::die("supervisor_bench", why); }

double millisSince(Steady::time_point start) {
  return std::chrono::duration<double, std::milli>(Steady::now() - start).count();
}

constexpr int64_t kDayMs = 24 * 3600 * 1000;
const std::vector<std::string> kChannels{"sms", "whatsapp", "api"};

struct Shape {
  size_t conversations = 0;
  size_t contacts = 0;
  int agents = 50;
  int categories = 10;
};

std::string agentId(int i) { return "usr_bench_agent_" + std::to_string(i); }
std::string categoryId(int i) { return "cat_bench_" + std::to_string(i); }

// The i-th conversation: created at a random moment of the 90 days before `now`, waiting,
// answered and closed after lognormal delays; the newest 4 % (by index) still open, each on a
// contact and channel of its own.
Conversation conversationAt(size_t i, const Shape& shape, const std::vector<ContactId>& contacts,
                            const TenantId& tenant, TimePoint now, std::mt19937_64& random) {
  std::lognormal_distribution<double> wait(10.0, 1.2);      // ~20 s
  std::lognormal_distribution<double> answer(11.0, 1.0);    // ~1 min
  std::lognormal_distribution<double> handling(13.0, 0.8);  // ~7 min
  const bool open = i >= shape.conversations - shape.conversations / 25;
  // Ids sort by creation (their first 48 bits are milliseconds): spread them over the 90 days in
  // index order so that the newest are the open ones.
  const int64_t span = 90 * kDayMs;
  const int64_t created_ms =
      toUnixMillis(now) - span +
      static_cast<int64_t>(static_cast<double>(span) * static_cast<double>(i) /
                           static_cast<double>(shape.conversations));
  char id[64];
  std::snprintf(id, sizeof id, "con_%012llx%016llx", static_cast<unsigned long long>(created_ms),
                static_cast<unsigned long long>(random()));
  const size_t slot = open ? i % (contacts.size() * kChannels.size()) : random() % contacts.size();
  Conversation c{.tenant_id = tenant,
                 .id = ConversationId{id},
                 .contact_id = contacts[slot % contacts.size()],
                 .channel = kChannels[open ? slot / contacts.size() : random() % kChannels.size()]};
  const int category = random() % 1000 == 0 ? shape.categories - 1  // the rare one
                                            : static_cast<int>(random() % (shape.categories - 1));
  c.category_id = CategoryId{categoryId(category)};
  c.created_at = c.enqueued_at = fromUnixMillis(created_ms);
  const bool queued = open && random() % 2 == 0;
  const bool abandoned = !open && random() % 10 == 0;
  if (!queued && !(abandoned && random() % 2 == 0)) {
    c.agent_id = UserId{agentId(static_cast<int>(random() % shape.agents))};
    c.assigned_at = c.enqueued_at + milliseconds(static_cast<int64_t>(wait(random)));
  }
  TimePoint last = c.assigned_at.value_or(c.enqueued_at);
  if (c.agent_id && !abandoned) {
    c.first_response_at = last + milliseconds(static_cast<int64_t>(answer(random)));
    last = *c.first_response_at;
  }
  c.state = open ? (queued ? ConversationState::Queued : ConversationState::Assigned)
                 : ConversationState::Closed;
  if (!open) {
    c.closed_at = last + milliseconds(static_cast<int64_t>(handling(random)));
    last = *c.closed_at;
  }
  c.last_message_at = last;
  return c;
}

void storeConversations(sqlite::Database& database, const Shape& shape,
                        const std::vector<ContactId>& contacts, const TenantId& tenant,
                        TimePoint now, std::vector<ConversationId>& ids) {
  std::mt19937_64 random(7);
  constexpr size_t kBatch = 20000;
  for (size_t first = 0; first < shape.conversations; first += kBatch) {
    std::vector<Conversation> batch;
    for (size_t i = first; i < std::min(shape.conversations, first + kBatch); ++i) {
      batch.push_back(conversationAt(i, shape, contacts, tenant, now, random));
      ids.push_back(batch.back().id);
    }
    auto written = waitFor<void>([&](auto done) {
      database.write<void>(
          [&batch](sqlite::WriteContext& context) -> Result<void> {
            for (const Conversation& c : batch) {
              if (auto inserted = sqlite::insertConversation(context.db, c); !inserted) {
                return inserted;
              }
            }
            return {};
          },
          std::move(done));
    });
    if (!written) {
      die("storing conversations: " + written.error().message);
    }
  }
}

struct Timing {
  double p50 = 0, p99 = 0;
};

template <class Run>
Timing timed(size_t runs, Run run) {
  std::vector<double> latencies;
  for (size_t r = 0; r < runs; ++r) {
    const auto start = Steady::now();
    run(r);
    latencies.push_back(millisSince(start));
  }
  return {percentile(latencies, 0.5), percentile(latencies, 0.99)};
}

bool sameReport(const reports::ConversationReport& a, const reports::ConversationReport& b) {
  auto same = [](const reports::ReportRow& x, const reports::ReportRow& y) {
    return x.key == y.key && x.received == y.received && x.handled == y.handled &&
           x.abandoned == y.abandoned && x.missed_offers == y.missed_offers &&
           x.first_response.count == y.first_response.count &&
           x.first_response.median_millis == y.first_response.median_millis &&
           x.handling.sum_millis == y.handling.sum_millis &&
           x.handling.p90_millis == y.handling.p90_millis && x.waiting.count == y.waiting.count &&
           x.waiting.median_millis == y.waiting.median_millis;
  };
  if (a.rows.size() != b.rows.size() || !same(a.total, b.total)) {
    return false;
  }
  for (size_t i = 0; i < a.rows.size(); ++i) {
    if (!same(a.rows[i], b.rows[i])) {
      return false;
    }
  }
  return true;
}

}  // namespace

int main() {
  privacy::initCrypto();
  const bool smoke = std::getenv("BENCH_SMOKE") != nullptr;
  Shape shape{.conversations = smoke ? 20000u : 1000000u};
  if (const char* override = std::getenv("SUPERVISOR_BENCH_CONVERSATIONS")) {
    shape.conversations = std::strtoul(override, nullptr, 10);
  }
  shape.contacts = std::max<size_t>(1000, shape.conversations / 20);

  const auto dir = std::filesystem::temp_directory_path() /
                   ("parley-supervisor-bench-" + privacy::randomIdValue(""));
  std::filesystem::create_directories(dir);
  SystemClock clock;
  privacy::Keyring keyring(privacy::SecretKey::random());
  auto engine = sqlite::SqliteStores::open((dir / "parley.db").string(), keyring, clock);
  if (!engine) {
    die(engine.error().message);
  }
  Stores stores = (*engine)->stores();
  auto tenant = waitFor<Tenant>([&](auto done) { stores.tenants->createTenant("Bench", done); });
  if (!tenant) {
    die(tenant.error().message);
  }
  std::printf("supervisor_bench: %zu conversations over 90 days, %zu contacts\n",
              shape.conversations, shape.contacts);
  auto start = Steady::now();
  std::vector<ContactId> contacts(shape.contacts);
  bench::inFlight("supervisor_bench", shape.contacts, 2000, [&](size_t i, auto finished) {
    stores.contacts->createContact(
        Contact{.tenant_id = tenant->id, .name = "Customer " + std::to_string(i)},
        Actor::system("bench"), [&contacts, i, finished](Result<Contact> created) mutable {
          if (created) {
            contacts[i] = created->id;
          }
          finished(created.has_value());
        });
  });
  const TimePoint now = clock.now();
  std::vector<ConversationId> ids;
  storeConversations((*engine)->database(), shape, contacts, tenant->id, now, ids);
  std::printf("  stored in %.1f s\n", millisSince(start) / 1000);

  // ---- 1. The conversation list ----
  std::mt19937_64 random(11);
  const size_t pages = 200;
  const auto page = [&](ConversationFilter filter, bool deep) {
    filter.limit = 50;
    if (deep) {
      filter.after = ids[random() % ids.size()].value;
    }
    auto listed = stores.conversations->listConversations(tenant->id, filter);
    if (!listed) {
      die("listing: " + listed.error().message);
    }
  };
  const Timing raw = timed(pages, [&](size_t) {
    auto rows = (*engine)->database().read([&](sqlite::Connection& db) -> Result<int> {
      auto query =
          db.statement(PARLEY_SELECT_CONVERSATION "WHERE tenant_id = ? ORDER BY id DESC LIMIT 50");
      if (!query) {
        return std::unexpected(query.error());
      }
      sqlite::StatementScope scope(**query);
      scope->bind(1, tenant->id.value);
      int n = 0;
      while (scope->step()) {
        n += conversationFromRow(*scope).has_value();
      }
      return n;
    });
    if (!rows || *rows != 50) {
      die("the raw page");
    }
  });
  std::printf("list, pages of 50 (%zu each): raw SQLite newest page p50 %.2f ms, p99 %.2f ms\n",
              pages, raw.p50, raw.p99);
  const TimePoint day_ago = now - std::chrono::hours(24);
  struct Case {
    const char* name;
    std::function<ConversationFilter()> filter;
    bool deep;
  };
  const std::vector<Case> cases{
      {"newest, no filter", [] { return ConversationFilter{}; }, false},
      {"any depth, no filter", [] { return ConversationFilter{}; }, true},
      {"state=closed, any depth",
       [] { return ConversationFilter{.state = ConversationState::Closed}; }, true},
      {"state=queued", [] { return ConversationFilter{.state = ConversationState::Queued}; },
       false},
      {"one agent, any depth",
       [&] { return ConversationFilter{.agent_id = UserId{agentId(random() % shape.agents)}}; },
       true},
      {"agent + closed + channel",
       [&] {
         return ConversationFilter{.state = ConversationState::Closed,
                                   .agent_id = UserId{agentId(random() % shape.agents)},
                                   .channel = kChannels[random() % kChannels.size()]};
       },
       false},
      {"channel + category",
       [&] {
         return ConversationFilter{
             .channel = kChannels[random() % kChannels.size()],
             .category_id = CategoryId{categoryId(random() % (shape.categories - 1))}};
       },
       false},
      {"rare category (1 in 1,000)",
       [&] {
         return ConversationFilter{.category_id = CategoryId{categoryId(shape.categories - 1)}};
       },
       false},
      {"one day, 30-60 days ago",
       [&] {
         const TimePoint from = now - std::chrono::hours(24 * (30 + random() % 30));
         return ConversationFilter{.created_from = from,
                                   .created_before = from + std::chrono::hours(24)};
       },
       false},
      {"one contact",
       [&] { return ConversationFilter{.contact_id = contacts[random() % contacts.size()]}; },
       false},
      {"created in the last day", [&] { return ConversationFilter{.created_from = day_ago}; },
       false},
  };
  double worst = 0;
  for (const Case& each : cases) {
    const Timing t = timed(pages, [&](size_t) { page(each.filter(), each.deep); });
    worst = std::max(worst, t.p99);
    std::printf("  %-28s p50 %6.2f ms  p99 %6.2f ms  (p99 %.1f× raw)\n", each.name, t.p50, t.p99,
                t.p99 / std::max(raw.p99, 0.001));
  }
  std::printf("  worst p99 %.2f ms (target < 50 ms): %s\n", worst, worst < 50 ? "met" : "NOT met");

  // ---- 2. A 30-day report ----
  std::printf("report over the last 30 days (%d runs each):\n", smoke ? 5 : 20);
  bool all_agree = true;
  for (reports::GroupBy group_by :
       {reports::GroupBy::Day, reports::GroupBy::Agent, reports::GroupBy::Channel}) {
    reports::ReportQuery query{
        .from = now - std::chrono::hours(24 * 30), .until = now, .group_by = group_by};
    if (auto wrong = reports::normaliseQuery(query)) {
      die(*wrong);
    }
    reports::ConversationReport aggregated, recounted;
    const size_t runs = smoke ? 5 : 20;
    const Timing fast = timed(runs, [&](size_t) {
      auto report = stores.reports->conversationReport(tenant->id, query);
      if (!report) {
        die("report: " + report.error().message);
      }
      aggregated = std::move(*report);
    });
    const Timing slow = timed(smoke ? 2 : 3, [&](size_t) {
      auto report = sqlite::recountConversationReport((*engine)->database(), tenant->id, query);
      if (!report) {
        die("recount: " + report.error().message);
      }
      recounted = std::move(*report);
    });
    const bool agree = sameReport(aggregated, recounted);
    all_agree = all_agree && agree;
    std::printf(
        "  by %-8s aggregates p50 %7.2f ms p99 %7.2f ms; raw rows p50 %8.1f ms: %.0f× faster "
        "(targets < 200 ms, ≥ 100×); %lld received; %s\n",
        std::string(reports::groupByName(group_by)).c_str(), fast.p50, fast.p99, slow.p50,
        slow.p50 / std::max(fast.p50, 0.001), static_cast<long long>(aggregated.total.received),
        agree ? "the same report" : "DIFFERENT REPORTS");
  }
  engine->reset();
  std::filesystem::remove_all(dir);
  if (!all_agree) {
    die("the aggregates and the raw rows disagree");
  }
  return 0;
}
