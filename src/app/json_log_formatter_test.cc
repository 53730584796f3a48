#include "app/json_log_formatter.h"

#include <gtest/gtest.h>
#include <spdlog/details/log_msg.h>

namespace parley::app {
namespace {

std::string formatted(std::string_view text, spdlog::level::level_enum level) {
  spdlog::details::log_msg message("parley", level,
                                   spdlog::string_view_t(text.data(), text.size()));
  message.time =
      std::chrono::system_clock::time_point(std::chrono::milliseconds(1'796'656'245'123));
  message.thread_id = 42;
  spdlog::memory_buf_t out;
  JsonLogFormatter().format(message, out);
  return std::string(out.data(), out.size());
}

TEST(JsonLogFormatter, OneObjectPerLine) {
  EXPECT_EQ(formatted("listening on http://127.0.0.1:8080", spdlog::level::info),
            R"({"time":"2026-12-07T15:10:45.123Z","level":"info","logger":"parley","thread":42,)"
            R"("message":"listening on http://127.0.0.1:8080"})"
            "\n");
}

TEST(JsonLogFormatter, WhatAMessageHoldsCannotBreakTheLine) {
  const std::string line = formatted(
      "quote \" backslash \\ newline \n tab \t bad utf-8 \xC3\x28 end", spdlog::level::warn);
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "one line only";
  EXPECT_NE(line.find(R"(quote \" backslash \\ newline \n tab \t bad utf-8 )"
                      "\xEF\xBF\xBD"
                      R"(( end)"),
            std::string::npos)
      << line;
  EXPECT_NE(line.find(R"("level":"warning")"), std::string::npos) << line;
}

}  // namespace
}  // namespace parley::app
