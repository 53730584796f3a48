#pragma once
// `--log-format json` (O3): one JSON object per line, for log shippers (Loki, Elasticsearch,
// journald's JSON view): {"time","level","logger","thread","message"}. What goes in `message` is
// what the text format shows, redacted at the call sites as before.

#include <spdlog/formatter.h>

#include <memory>

namespace parley::app {

class JsonLogFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& out) override;
  std::unique_ptr<spdlog::formatter> clone() const override;
};

}  // namespace parley::app
