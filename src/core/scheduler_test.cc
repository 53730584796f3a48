#include "core/scheduler.h"

#include <gtest/gtest.h>

#include <future>
#include <vector>

namespace parley {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;

TEST(ThreadScheduler, RunsPostedJobsInOrderAndAllOfThemBeforeItStops) {
  SystemClock clock;
  std::vector<int> ran;
  {
    ThreadScheduler scheduler(clock);
    for (int job = 0; job < 100; ++job) {
      scheduler.post([&ran, job] { ran.push_back(job); });
    }
  }
  ASSERT_EQ(ran.size(), 100u);
  for (int job = 0; job < 100; ++job) {
    EXPECT_EQ(ran[job], job);
  }
}

TEST(ThreadScheduler, JobsPostedByJobsRunToo) {
  SystemClock clock;
  std::vector<int> ran;
  {
    ThreadScheduler scheduler(clock);
    scheduler.post([&] {
      ran.push_back(1);
      scheduler.post([&] { ran.push_back(2); });
    });
  }
  EXPECT_EQ(ran, (std::vector<int>{1, 2}));
}

TEST(ThreadScheduler, RunsATimedJobOnceTheClockReachesIt) {
  SystemClock clock;
  ThreadScheduler scheduler(clock);
  const TimePoint at = clock.now() + milliseconds(20);
  std::promise<TimePoint> ran;
  scheduler.postAt(at, [&] { ran.set_value(clock.now()); });
  EXPECT_GE(ran.get_future().get(), at);
}

TEST(ThreadScheduler, DropsTimedJobsThatAreNotDueWhenItStops) {
  SystemClock clock;
  bool ran = false;
  {
    ThreadScheduler scheduler(clock);
    scheduler.postAt(clock.now() + hours(1), [&ran] { ran = true; });
  }
  EXPECT_FALSE(ran);
}

}  // namespace
}  // namespace parley
