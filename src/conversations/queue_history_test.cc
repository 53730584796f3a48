#include "conversations/queue_history.h"

#include <gtest/gtest.h>

namespace parley::conversations {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const TimePoint kStart = *parseRfc3339("2026-12-07T09:00:00Z");

TEST(QueueHistoryTest, EachMinuteKeepsTheMostWaitingAndTheLongestWaitByItsEnd) {
  QueueHistory history;
  history.record(kStart + seconds(5), 1, kStart + seconds(5));
  history.record(kStart + seconds(20), 3, kStart + seconds(5));
  history.record(kStart + seconds(50), 2, kStart + seconds(20));  // the first was taken
  const auto points = history.since(kStart, kStart + minutes(1) + seconds(30));
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].at, kStart);
  EXPECT_EQ(points[0].queue_length, 3u);
  EXPECT_EQ(points[0].longest_wait_seconds, 55);  // the first waited 55 s by 09:01
  // 09:01: nothing changed, so two still wait, the oldest since 09:00:20, 70 s by now.
  EXPECT_EQ(points[1].queue_length, 2u);
  EXPECT_EQ(points[1].longest_wait_seconds, 70);
}

TEST(QueueHistoryTest, QuietMinutesCarryTheQueueOnAndAnEmptyQueueWaitsNothing) {
  QueueHistory history;
  history.record(kStart, 1, kStart);
  history.record(kStart + minutes(3) + seconds(10), 0, std::nullopt);
  const auto points = history.since(kStart - minutes(10), kStart + minutes(5));
  ASSERT_EQ(points.size(), 6u);  // nothing before the first record
  EXPECT_EQ(points[1].queue_length, 1u);
  EXPECT_EQ(points[1].longest_wait_seconds, 120);
  EXPECT_EQ(points[3].queue_length, 1u);           // it still waited as 09:03 began
  EXPECT_EQ(points[3].longest_wait_seconds, 240);  // until it was taken, by 09:04
  EXPECT_EQ(points[4].queue_length, 0u);
  EXPECT_EQ(points[4].longest_wait_seconds, 0);
}

TEST(QueueHistoryTest, KeepsOneDay) {
  QueueHistory history;
  for (int m = 0; m < 2 * 24 * 60; m += 7) {
    history.record(kStart + minutes(m), static_cast<size_t>(m % 5), std::nullopt);
  }
  const TimePoint now = kStart + minutes(2 * 24 * 60);
  const auto points = history.since(kStart, now);
  ASSERT_FALSE(points.empty());
  EXPECT_GT(points.front().at, now - minutes(QueueHistory::kMinutes));
  EXPECT_LE(points.size(), QueueHistory::kMinutes);
  EXPECT_EQ(points.back().at, now);
}

}  // namespace
}  // namespace parley::conversations
