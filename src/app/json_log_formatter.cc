#include "app/json_log_formatter.h"

#include <spdlog/details/log_msg.h>

#include "core/clock.h"
#include "core/json/json_writer.h"

namespace parley::app {

void JsonLogFormatter::format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& out) {
  const auto level = spdlog::level::to_string_view(message.level);
  JsonWriter json;
  json.beginObject()
      .field("time", formatRfc3339(std::chrono::time_point_cast<TimePoint::duration>(message.time)))
      .field("level", std::string_view(level.data(), level.size()))
      .field("logger", std::string_view(message.logger_name.data(), message.logger_name.size()))
      .key("thread")
      .number(static_cast<int64_t>(message.thread_id))
      .field("message", std::string_view(message.payload.data(), message.payload.size()))
      .endObject();
  const std::string line = json.take();
  out.append(line.data(), line.data() + line.size());
  out.push_back('\n');
}

std::unique_ptr<spdlog::formatter> JsonLogFormatter::clone() const {
  return std::make_unique<JsonLogFormatter>();
}

}  // namespace parley::app
