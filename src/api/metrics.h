#pragma once
// Prometheus metrics (O2): lock-free counters the network layer bumps, rendered as text exposition.

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace parley::api {

class Metrics {
 public:
  void recordRequest(int status, double seconds);
  void webSocketOpened() { ++websockets_open_; }
  void webSocketClosed() { --websockets_open_; }
  void webSocketDropped() { ++websockets_dropped_; }

  // The exposition text; `extra` (already formatted lines, e.g. storage counters) is appended.
  std::string render(const std::string& extra) const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025,  0.05,  0.1,    0.5,   2.5};
  std::array<std::atomic<uint64_t>, 600> requests_by_status_{};
  std::array<std::atomic<uint64_t>, kBuckets.size() + 1> duration_buckets_{};
  std::atomic<uint64_t> duration_micros_sum_{0};
  std::atomic<int64_t> websockets_open_{0};
  std::atomic<uint64_t> websockets_dropped_{0};
};

}  // namespace parley::api
