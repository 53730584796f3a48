// smpp_submit_bench: Parley's ESME (parley::net::SmppConnection, the network half the SMPP gateway
// uses) binds to an SMS center and submits short texts as fast as the window lets it. bench/smpp.sh
// runs it against the npm `smpp` package's server and compares it with that package's own client
// (bench/README.md).
//
//   smpp_submit_bench --port P [--host 127.0.0.1] [--system-id parley] [--password secret12]
//                     [--window 10] [--count 100000] [--warmup 5000] [--mode refill|queue]
//                     [--text "Hello from the benchmark"] [--to 15550001] [--from 4477001]
//
// Modes: `refill` keeps `window` messages submitted and not yet accepted, submitting the next one
// from each MessageAccepted (as the npm client does with its callbacks); `queue` hands every
// message of a phase to submit() at once and lets the session's own window pace them. Messages are
// one GSM-7 part each, no delivery receipt asked. The warm-up (unmeasured) and the measured phase
// run on the same bind, one after the other; the measured time runs from the first submit() of the
// phase to its last MessageAccepted.
//
// Prints one line: SMPP_SUBMIT mode=… window=… messages=… seconds=… messages_per_s=… cpu_s=…
// cpu_total_s=… (CPU of the measured phase, and of the whole process so far).
// Exit status 0 when every message was accepted, 1 on anything else (a refused bind, a failed or
// unconfirmed submit, the SMS center unreachable), 2 on bad arguments.

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

// Only the io_context: smpp_connection.h keeps Asio out of its interface.
#include <boost/asio/io_context.hpp>

#include "core/clock.h"
#include "net/smpp_connection.h"

namespace parley::bench {
namespace {

namespace smpp = channels::smpp;
using Steady = std::chrono::steady_clock;

struct Arguments {
  net::SmppConnectionOptions options;
  size_t count = 100'000;
  size_t warmup = 5'000;
  bool queue = false;
  std::string text = "Hello from the benchmark";
  std::string to = "15550001";
  std::string from = "4477001";
};

double cpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& time) {
    return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

class Bench final : public net::SmppConnectionListener {
 public:
  explicit Bench(Arguments& arguments) : arguments_(arguments) {}

  void attach(net::SmppConnection& connection) { connection_ = &connection; }
  bool ok() const { return ok_; }

  void onConnection(const net::SmppConnectionEvent& event) override {
    if (event.kind == net::SmppConnectionEvent::Kind::ConnectFailed) {
      fail("cannot connect to the SMS center: " + event.detail);
    } else if (event.kind == net::SmppConnectionEvent::Kind::Disconnected && !finishing_) {
      fail("the connection ended during the run: " + event.detail);
    }
  }

  void onSessionEvent(const smpp::SessionAction& action) override {
    std::visit(
        [this](const auto& event) {
          using T = std::decay_t<decltype(event)>;
          if constexpr (std::is_same_v<T, smpp::Bound>) {
            if (phase_ == Phase::Binding) {
              startPhase(arguments_.warmup > 0 ? Phase::Warmup : Phase::Measured);
            }
          } else if constexpr (std::is_same_v<T, smpp::BindRefused>) {
            fail(std::string("the bind was refused: ") +
                 std::string(smpp::commandStatusName(event.status)));
          } else if constexpr (std::is_same_v<T, smpp::MessageAccepted>) {
            accepted();
          } else if constexpr (std::is_same_v<T, smpp::SubmitFailed>) {
            fail("a submit failed: " + event.reason);
          } else if constexpr (std::is_same_v<T, smpp::SubmitUnconfirmed>) {
            fail("a submit is unconfirmed: " + event.reason);
          }
        },
        action);
  }

 private:
  enum class Phase { Binding, Warmup, Measured, Done };

  size_t phaseTotal() const {
    return phase_ == Phase::Warmup ? arguments_.warmup : arguments_.count;
  }

  void startPhase(Phase phase) {
    phase_ = phase;
    submitted_ = 0;
    accepted_ = 0;
    if (phase == Phase::Measured) {
      started_ = Steady::now();
      cpu_started_ = cpuSeconds();
    }
    const size_t first =
        arguments_.queue ? phaseTotal() : std::min(phaseTotal(), arguments_.options.session.window);
    for (size_t index = 0; index < first; ++index) {
      submitNext();
    }
  }

  void submitNext() {
    if (submitted_ >= phaseTotal()) {
      return;
    }
    ++submitted_;
    smpp::OutboundSms sms;
    sms.local_id.value = "sms_bench" + std::to_string(next_id_++);
    sms.source = arguments_.from;
    sms.destination = arguments_.to;
    sms.text = arguments_.text;
    sms.registered_delivery = 0x00;
    connection_->submit(std::move(sms), [this](Result<size_t> parts) {
      if (!parts) {
        fail("submit() refused a message: " + parts.error().message);
      } else if (*parts != 1) {
        fail("the text is not one part: " + std::to_string(*parts));
      }
    });
  }

  void accepted() {
    if (phase_ != Phase::Warmup && phase_ != Phase::Measured) {
      return;
    }
    ++accepted_;
    if (accepted_ < phaseTotal()) {
      if (!arguments_.queue) {
        submitNext();
      }
      return;
    }
    if (phase_ == Phase::Warmup) {
      startPhase(Phase::Measured);
      return;
    }
    const double seconds = std::chrono::duration<double>(Steady::now() - started_).count();
    const double cpu = cpuSeconds() - cpu_started_;
    std::printf(
        "SMPP_SUBMIT mode=%s window=%zu messages=%zu seconds=%.4f messages_per_s=%.1f cpu_s=%.3f "
        "cpu_total_s=%.3f\n",
        arguments_.queue ? "queue" : "refill", arguments_.options.session.window, arguments_.count,
        seconds, static_cast<double>(arguments_.count) / seconds, cpu, cpuSeconds());
    std::fflush(stdout);
    phase_ = Phase::Done;
    finish();
  }

  void fail(const std::string& message) {
    if (!ok_) {
      return;
    }
    ok_ = false;
    std::fprintf(stderr, "smpp_submit_bench: %s\n", message.c_str());
    finish();
  }

  void finish() {
    if (finishing_) {
      return;
    }
    finishing_ = true;
    // Unbinds; once stopped nothing is left on the io_context and run() returns.
    connection_->stop(std::chrono::seconds(5), [] {});
  }

  Arguments& arguments_;
  net::SmppConnection* connection_ = nullptr;
  Phase phase_ = Phase::Binding;
  size_t submitted_ = 0;
  size_t accepted_ = 0;
  uint64_t next_id_ = 1;
  Steady::time_point started_;
  double cpu_started_ = 0;
  bool ok_ = true;
  bool finishing_ = false;
};

std::optional<Arguments> parseArguments(int argc, char** argv) {
  Arguments parsed;
  parsed.options.host = "127.0.0.1";
  parsed.options.port = 0;
  smpp::SessionConfig& session = parsed.options.session;
  session.system_id = "parley";
  session.password = "secret12";
  // A lost bind must end the run rather than reconnect.
  session.reconnect = {std::chrono::minutes(10), std::chrono::minutes(10)};
  for (int index = 1; index < argc; index += 2) {
    const std::string_view name = argv[index];
    if (index + 1 >= argc) {
      std::fprintf(stderr, "smpp_submit_bench: %s needs a value\n", argv[index]);
      return std::nullopt;
    }
    const std::string value = argv[index + 1];
    try {
      if (name == "--host") {
        parsed.options.host = value;
      } else if (name == "--port") {
        parsed.options.port = static_cast<uint16_t>(std::stoul(value));
      } else if (name == "--system-id") {
        session.system_id = value;
      } else if (name == "--password") {
        session.password = value;
      } else if (name == "--window") {
        session.window = std::stoul(value);
      } else if (name == "--count") {
        parsed.count = std::stoul(value);
      } else if (name == "--warmup") {
        parsed.warmup = std::stoul(value);
      } else if (name == "--mode") {
        if (value != "refill" && value != "queue") {
          throw std::invalid_argument(value);
        }
        parsed.queue = value == "queue";
      } else if (name == "--text") {
        parsed.text = value;
      } else if (name == "--to") {
        parsed.to = value;
      } else if (name == "--from") {
        parsed.from = value;
      } else {
        std::fprintf(stderr, "smpp_submit_bench: unknown option %s\n", argv[index]);
        return std::nullopt;
      }
    } catch (const std::exception&) {
      std::fprintf(stderr, "smpp_submit_bench: bad value for %s\n", argv[index]);
      return std::nullopt;
    }
  }
  if (parsed.options.port == 0 || parsed.count == 0) {
    std::fprintf(stderr, "smpp_submit_bench: --port and a --count above 0 are needed\n");
    return std::nullopt;
  }
  return parsed;
}

int run(int argc, char** argv) {
  auto arguments = parseArguments(argc, argv);
  if (!arguments) {
    return 2;
  }
  boost::asio::io_context io(1);
  SystemClock clock;
  Bench bench(*arguments);
  std::mt19937_64 generator{std::random_device{}()};
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  auto connection = net::SmppConnection::create(arguments->options, io, clock, bench,
                                                [&generator, &unit] { return unit(generator); });
  if (!connection) {
    std::fprintf(stderr, "smpp_submit_bench: %s\n", connection.error().message.c_str());
    return 2;
  }
  bench.attach(**connection);
  (*connection)->start();
  io.run();
  return bench.ok() ? 0 : 1;
}

}  // namespace
}  // namespace parley::bench

int main(int argc, char** argv) { return parley::bench::run(argc, argv); }
