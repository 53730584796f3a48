#include "api/metrics.h"

namespace parley::api {

void Metrics::recordRequest(int status, double seconds) {
  if (status >= 100 && status < 600) {
    requests_by_status_[static_cast<size_t>(status)].fetch_add(1, std::memory_order_relaxed);
  }
  size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) {
    ++bucket;
  }
  duration_buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  duration_micros_sum_.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

std::string Metrics::render(const std::string& extra) const {
  std::string out;
  out += "# HELP parley_http_requests_total HTTP requests answered, by status code.\n";
  out += "# TYPE parley_http_requests_total counter\n";
  for (size_t status = 100; status < requests_by_status_.size(); ++status) {
    if (const uint64_t count = requests_by_status_[status].load()) {
      out += "parley_http_requests_total{code=\"" + std::to_string(status) + "\"} " +
             std::to_string(count) + "\n";
    }
  }
  out +=
      "# HELP parley_http_request_duration_seconds Time from a complete request to its answer.\n";
  out += "# TYPE parley_http_request_duration_seconds histogram\n";
  uint64_t cumulative = 0;
  for (size_t bucket = 0; bucket < duration_buckets_.size(); ++bucket) {
    cumulative += duration_buckets_[bucket].load();
    const std::string bound = bucket < kBuckets.size() ? std::to_string(kBuckets[bucket]) : "+Inf";
    out += "parley_http_request_duration_seconds_bucket{le=\"" + bound + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  out += "parley_http_request_duration_seconds_sum " +
         std::to_string(static_cast<double>(duration_micros_sum_.load()) / 1e6) + "\n";
  out += "parley_http_request_duration_seconds_count " + std::to_string(cumulative) + "\n";
  out += "# HELP parley_websocket_connections Open WebSocket connections.\n";
  out += "# TYPE parley_websocket_connections gauge\n";
  out += "parley_websocket_connections " + std::to_string(websockets_open_.load()) + "\n";
  out += "# HELP parley_websocket_dropped_total Connections closed for not keeping up.\n";
  out += "# TYPE parley_websocket_dropped_total counter\n";
  out += "parley_websocket_dropped_total " + std::to_string(websockets_dropped_.load()) + "\n";
  out += extra;
  return out;
}

}  // namespace parley::api
