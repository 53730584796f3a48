// Parley's outbound HTTP client alone (net::BeastHttpClient) posting to a URL with a fixed number
// of requests in flight, for bench/http_client.sh, which runs wrk against the same URL with as many
// connections. Prints one line:
//   BENCH_RESULT requests=N seconds=S rps=R errors=E non_2xx=X
//
// Usage: http_client_bench URL [--in-flight N] [--seconds S] [--no-keep-alive] [--ca-file PEM]
// --no-keep-alive gives every request a connection of its own, as the client did before its pool.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <string_view>

#include "net/http_client.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Run {
  std::mutex mutex;
  std::condition_variable finished;
  Clock::time_point until;
  size_t in_flight = 0;
  size_t done = 0;
  size_t errors = 0;
  size_t non_2xx = 0;
  std::string first_error;
};

void sendOne(parley::HttpClient& client, const std::string& url, const std::string& body,
             Run& run) {
  client.send(parley::HttpRequest{.method = "POST",
                                  .url = url,
                                  .headers = {{"Content-Type", "application/json"}},
                                  .body = body},
              [&client, &url, &body, &run](parley::Result<parley::HttpResponse> answer) {
                bool again = false;
                {
                  std::lock_guard lock(run.mutex);
                  ++run.done;
                  if (!answer) {
                    ++run.errors;
                    if (run.first_error.empty()) {
                      run.first_error = answer.error().message;
                    }
                  } else if (answer->status < 200 || answer->status > 299) {
                    ++run.non_2xx;
                  }
                  again = Clock::now() < run.until;
                  if (!again && --run.in_flight == 0) {
                    run.finished.notify_all();
                  }
                }
                if (again) {
                  sendOne(client, url, body, run);
                }
              });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: %s URL [--in-flight N] [--seconds S] [--no-keep-alive] [--ca-file PEM]\n",
                 argv[0]);
    return 2;
  }
  const std::string url = argv[1];
  size_t in_flight = 64;
  double seconds = 5;
  parley::net::HttpClientOptions options{.allow_private_addresses = true};
  for (int index = 2; index < argc; ++index) {
    const std::string_view flag = argv[index];
    const bool has_value = index + 1 < argc;
    if (flag == "--in-flight" && has_value) {
      in_flight = std::strtoul(argv[++index], nullptr, 10);
    } else if (flag == "--seconds" && has_value) {
      seconds = std::strtod(argv[++index], nullptr);
    } else if (flag == "--ca-file" && has_value) {
      options.ca_file = argv[++index];
    } else if (flag == "--no-keep-alive") {
      options.max_idle_per_peer = 0;
    } else {
      std::fprintf(stderr, "unknown argument: %s\n", argv[index]);
      return 2;
    }
  }
  // Enough idle room for every request in flight, as wrk keeps all its connections.
  if (options.max_idle_per_peer != 0) {
    options.max_idle_per_peer = in_flight;
  }
  auto client = parley::net::BeastHttpClient::create(options);
  if (!client) {
    std::fprintf(stderr, "cannot create the client: %s\n", client.error().message.c_str());
    return 1;
  }
  // The same ~1 KB JSON body for every request, like a webhook delivery.
  const std::string body = R"({"type":"message.outbound","text":")" + std::string(980, 'x') + "\"}";

  Run run;
  const auto started = Clock::now();
  run.until =
      started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  run.in_flight = in_flight;
  for (size_t index = 0; index < in_flight; ++index) {
    sendOne(**client, url, body, run);
  }
  std::unique_lock lock(run.mutex);
  run.finished.wait(lock, [&run] { return run.in_flight == 0; });
  const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  std::printf("BENCH_RESULT requests=%zu seconds=%.3f rps=%.1f errors=%zu non_2xx=%zu\n", run.done,
              elapsed, static_cast<double>(run.done) / elapsed, run.errors, run.non_2xx);
  if (!run.first_error.empty()) {
    std::fprintf(stderr, "first error: %s\n", run.first_error.c_str());
  }
  return run.errors == 0 && run.non_2xx == 0 ? 0 : 1;
}
