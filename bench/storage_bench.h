#pragma once
// What the storage benchmarks (privacy_bench, retention_bench) share: dying on misbehaviour,
// asynchronous writes with a bounded number in flight, percentiles.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <string>
#include <vector>

#include "core/error.h"

namespace parley::bench {

[[noreturn]] inline void die(const char* bench, const std::string& why) {
  std::fprintf(stderr, "%s: %s\n", bench, why.c_str());
  std::exit(1);
}

// Runs `count` asynchronous writes, at most `window` in flight, and waits for all of them; `start`
// gets the index and a callback taking whether the write succeeded.
template <class Start>
void inFlight(const char* bench, size_t count, size_t window, Start start) {
  for (size_t first = 0; first < count; first += window) {
    const size_t n = std::min(window, count - first);
    std::vector<std::promise<bool>> done(n);
    for (size_t i = 0; i < n; ++i) {
      start(first + i, [&done, i](bool ok) { done[i].set_value(ok); });
    }
    for (auto& each : done) {
      if (!each.get_future().get()) {
        die(bench, "a write failed");
      }
    }
  }
}

inline double percentile(std::vector<double> values, double p) {
  if (values.empty()) {
    return 0;
  }
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<size_t>(p * values.size()))];
}

}  // namespace parley::bench
