// retention_bench: the retention sweeper (P3) against ingest, on the real SQLite engine
// (bench/README.md).
//
// 1,000,000 conversations (BENCH_SMOKE=1: 5,000; RETENTION_BENCH_CONVERSATIONS overrides), each a
// new customer's message, are stored and closed. Ingest's ceiling is measured with messages from
// 1,000 returning customers; then ingest runs at half that rate, first alone, then while the
// sweeper (as `parley serve` runs it: batches of 500 rows, 20 ms apart) anonymises every closed
// conversation, the clock moved 91 days on. Latency is counted from when each message was due, so a
// stall is not hidden. Target: ingest p99 during the sweep < 2× its p99 without it, in the same
// run.
//
// Speed is reported against the target but never fails the run; the exit status is 1 only if the
// benchmark misbehaves (a write fails, the sweep leaves conversations behind).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "privacy/crypto.h"
#include "retention/retention_sweeper.h"
#include "storage/privacy_store.h"
#include "storage/sqlite/sqlite_stores.h"
#include "storage/wait.h"
#include "storage_bench.h"

namespace {

using namespace parley;
using namespace parley::storage;
using Steady = std::chrono::steady_clock;
using bench::percentile;

[[noreturn]] void die(const std::string& why) { bench::die("retention_bench", why); }

template <class Start>
void inFlight(size_t count, size_t window, Start start) {
  bench::inFlight("retention_bench", count, window, start);
}

template <class T>
T orDie(Result<T> result, const char* what) {
  if (!result) {
    die(std::string(what) + ": " + result.error().message);
  }
  return std::move(*result);
}

// The system clock, moved on by hand: retention's cut-offs see the moved time, while the sweeper's
// pauses still pass in real time.
class MovedClock final : public Clock {
 public:
  TimePoint now() const override {
    return std::chrono::system_clock::now() + std::chrono::hours(offset_hours_.load());
  }
  void moveOn(std::chrono::hours by) { offset_hours_ += by.count(); }

 private:
  std::atomic<int64_t> offset_hours_{0};
};

InboundMessage message(const TenantId& tenant, const std::string& identity, size_t n) {
  return InboundMessage{.tenant_id = tenant,
                        .channel = "api",
                        .identity = identity,
                        .contact_name = "Customer " + identity,
                        .content = R"({"text":"message )" + std::to_string(n) + R"(, hello"})"};
}

struct Latencies {
  std::vector<double> ms;
  double p50() const { return percentile(ms, 0.50); }
  double p99() const { return percentile(ms, 0.99); }
};

// Messages from `customers` returning customers at `rate` a second for `seconds` (or until `stop`),
// each timed from when it was due.
Latencies paced(
    Stores& stores, const TenantId& tenant, size_t customers, double rate, double seconds,
    const std::function<bool()>& stop = [] { return false; }) {
  Latencies latencies;
  std::mutex mutex;
  std::atomic<size_t> pending{0};
  const auto start = Steady::now();
  size_t sent = 0;
  for (;;) {
    const double elapsed = std::chrono::duration<double>(Steady::now() - start).count();
    if (elapsed >= seconds || stop()) {
      break;
    }
    for (; static_cast<double>(sent) < elapsed * rate; ++sent) {
      const auto due = start + std::chrono::duration_cast<Steady::duration>(
                                   std::chrono::duration<double>(sent / rate));
      ++pending;
      stores.conversations->receive(
          message(tenant, "returning-" + std::to_string(sent % customers), sent),
          [&, due](Result<ReceivedMessage> received) {
            if (!received) {
              die("a paced message failed: " + received.error().message);
            }
            const double ms =
                std::chrono::duration<double, std::milli>(Steady::now() - due).count();
            std::lock_guard lock(mutex);
            latencies.ms.push_back(ms);
            --pending;
          });
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  while (pending.load() > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return latencies;
}

}  // namespace

int main() {
  const bool smoke = std::getenv("BENCH_SMOKE") != nullptr;
  size_t conversations = smoke ? 5000 : 1000000;
  if (const char* override = std::getenv("RETENTION_BENCH_CONVERSATIONS")) {
    conversations = std::strtoul(override, nullptr, 10);
  }
  const double seconds = smoke ? 2 : 20;
  constexpr size_t kReturning = 1000;
  privacy::initCrypto();
  const auto dir = std::filesystem::temp_directory_path() /
                   ("parley-retention-bench-" + privacy::randomIdValue(""));
  std::filesystem::create_directories(dir);
  privacy::Keyring keyring(privacy::SecretKey::random());
  MovedClock clock;
  auto engine =
      orDie(sqlite::SqliteStores::open((dir / "parley.db").string(), keyring, clock), "open");
  Stores stores = engine->stores();
  const Tenant tenant = orDie(
      waitFor<Tenant>([&](auto done) { stores.tenants->createTenant("Bench", std::move(done)); }),
      "tenant");

  std::printf("setting up: %zu closed conversations, each a new customer's\n", conversations);
  auto setup = Steady::now();
  std::vector<ConversationId> closed(conversations);
  inFlight(conversations, 2000, [&](size_t i, auto finished) {
    stores.conversations->receive(message(tenant.id, "closed-" + std::to_string(i), i),
                                  [&, i, finished](Result<ReceivedMessage> received) mutable {
                                    if (received) {
                                      closed[i] = received->conversation.id;
                                    }
                                    finished(received.has_value());
                                  });
  });
  inFlight(conversations, 2000, [&](size_t i, auto finished) {
    stores.conversations->closeConversation(
        tenant.id, closed[i], Actor::system("bench"),
        [finished](Result<Conversation> done) mutable { finished(done.has_value()); });
  });
  inFlight(kReturning, 1000, [&](size_t i, auto finished) {
    stores.conversations->receive(
        message(tenant.id, "returning-" + std::to_string(i), 0),
        [finished](Result<ReceivedMessage> received) mutable { finished(received.has_value()); });
  });
  std::printf("  took %.0f s\n", std::chrono::duration<double>(Steady::now() - setup).count());

  // Ingest's ceiling: as many messages in flight as a busy server has.
  const size_t ceiling_count = smoke ? 5000 : 60000;
  auto start = Steady::now();
  inFlight(ceiling_count, 64, [&](size_t i, auto finished) {
    stores.conversations->receive(
        message(tenant.id, "returning-" + std::to_string(i % kReturning), i),
        [finished](Result<ReceivedMessage> received) mutable { finished(received.has_value()); });
  });
  const double ceiling = static_cast<double>(ceiling_count) /
                         std::chrono::duration<double>(Steady::now() - start).count();
  const double rate = ceiling / 2;
  std::printf(
      "ingest ceiling (64 in flight, returning customers): %.0f msg/s; paced at %.0f msg/s\n",
      ceiling, rate);

  const Latencies alone = paced(stores, tenant.id, kReturning, rate, seconds);
  std::printf("  without a sweep: %zu messages, p50 %.2f ms, p99 %.2f ms\n", alone.ms.size(),
              alone.p50(), alone.p99());

  clock.moveOn(std::chrono::hours(24 * 91));
  retention::RetentionSweeper sweeper(*stores.privacy, std::make_unique<ThreadScheduler>(clock),
                                      clock);
  start = Steady::now();
  sweeper.start();
  const auto sweptAll = [&] { return sweeper.counts().anonymised >= conversations; };
  const Latencies during = paced(stores, tenant.id, kReturning, rate, seconds * 100, sweptAll);
  const double sweep_s = std::chrono::duration<double>(Steady::now() - start).count();
  const uint64_t anonymised = sweeper.counts().anonymised;
  sweeper.stop();
  std::printf("  during the sweep: %zu messages, p50 %.2f ms, p99 %.2f ms\n", during.ms.size(),
              during.p50(), during.p99());
  std::printf("sweep: %llu conversations anonymised in %.1f s = %.0f conversations/s\n",
              static_cast<unsigned long long>(anonymised), sweep_s, anonymised / sweep_s);
  if (anonymised < conversations) {
    die("the sweep left conversations behind within the time given");
  }

  const double ratio = during.p99() / std::max(alone.p99(), 0.001);
  std::printf("targets\n  ingest p99 during the sweep / without it < 2   %.2f   %s\n", ratio,
              ratio < 2 ? "PASS" : "MISS");
  engine.reset();
  std::filesystem::remove_all(dir);
  return 0;
}
