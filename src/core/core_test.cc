#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "core/clock.h"
#include "core/error.h"
#include "core/log_redaction.h"
#include "core/role.h"
#include "core/worker_pool.h"

namespace parley {

TEST(Clock, FormatsRfc3339WithMilliseconds) {
  EXPECT_EQ(formatRfc3339(fromUnixMillis(1'795'000'000'123)), "2026-11-18T11:06:40.123Z");
  EXPECT_EQ(formatRfc3339(fromUnixMillis(0)), "1970-01-01T00:00:00.000Z");
}

TEST(Clock, ParsesWhatItFormatsAndUtcDates) {
  const TimePoint at = fromUnixMillis(1779542460123);
  EXPECT_EQ(parseRfc3339(formatRfc3339(at)), at);
  EXPECT_EQ(parseRfc3339("2026-05-23T13:21:00Z"), fromUnixMillis(1779542460000));
  EXPECT_EQ(parseRfc3339("1970-01-01"), fromUnixMillis(0));
  for (std::string_view bad :
       {"", "2026-02-30", "2026-13-01", "2026-05-23T24:00:00Z", "2026-05-23T13:21:00",
        "2026-05-23T13:21:00+01:00", "1969-12-31", "2026-05-23T13:21:00.12Z",
        "2026-05-23 13:21:00Z", "x026-05-23", "2999-01-01"}) {
    EXPECT_FALSE(parseRfc3339(bad)) << bad;
  }
}

TEST(Clock, ManualClockMovesOnlyWhenAdvanced) {
  ManualClock clock;
  const TimePoint start = clock.now();
  EXPECT_EQ(clock.now(), start);
  clock.advance(Millis(1500));
  EXPECT_EQ(clock.now() - start, Millis(1500));
}

TEST(ErrorCode, NamesAreStableSnakeCase) {
  EXPECT_EQ(errorCodeName(ErrorCode::InvalidJson), "invalid_json");
  EXPECT_EQ(errorCodeName(ErrorCode::TooManyAttempts), "too_many_attempts");
  EXPECT_EQ(errorCodeName(ErrorCode::CsrfFailed), "csrf_failed");
}

TEST(Role, ParsesOnlyTheFourRoles) {
  EXPECT_EQ(parseRole("dpo"), Role::Dpo);
  EXPECT_EQ(parseRole("Admin"), std::nullopt);
  EXPECT_EQ(parseRole(""), std::nullopt);
  for (Role role : {Role::Admin, Role::Supervisor, Role::Agent, Role::Dpo}) {
    EXPECT_EQ(parseRole(roleName(role)), role);
  }
}

TEST(Role, OnlyAdminsManageUsers) {
  EXPECT_TRUE(isAllowed(Role::Admin, Permission::ManageUsers));
  EXPECT_FALSE(isAllowed(Role::Supervisor, Permission::ManageUsers));
  EXPECT_TRUE(isAllowed(Role::Supervisor, Permission::ViewUsers));
  EXPECT_FALSE(isAllowed(Role::Agent, Permission::ViewUsers));
}

TEST(Role, DpoReadsButDoesNotWriteContacts) {
  EXPECT_FALSE(isAllowed(Role::Dpo, Permission::WriteContacts));
  EXPECT_TRUE(isAllowed(Role::Dpo, Permission::ReadContacts));
  EXPECT_TRUE(isAllowed(Role::Dpo, Permission::ReadAudit));
  EXPECT_FALSE(isAllowed(Role::Agent, Permission::ReadAudit));
}

TEST(Role, AdminsAndSupervisorsKeepCannedResponsesAgentsUseThem) {
  EXPECT_TRUE(isAllowed(Role::Admin, Permission::ManageCannedResponses));
  EXPECT_TRUE(isAllowed(Role::Supervisor, Permission::ManageCannedResponses));
  EXPECT_FALSE(isAllowed(Role::Agent, Permission::ManageCannedResponses));
  EXPECT_FALSE(isAllowed(Role::Dpo, Permission::ManageCannedResponses));
  EXPECT_TRUE(isAllowed(Role::Dpo, Permission::ManagePrivacy));
  EXPECT_TRUE(isAllowed(Role::Admin, Permission::ManagePrivacy));
  EXPECT_FALSE(isAllowed(Role::Supervisor, Permission::ManagePrivacy));
  EXPECT_FALSE(isAllowed(Role::Agent, Permission::ManagePrivacy));
  EXPECT_TRUE(isAllowed(Role::Agent, Permission::HandleConversations));
}

TEST(WorkerPool, RunsEveryAdmittedJobAndTurnsAwayTheRestAtOnce) {
  std::promise<void> started;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> ran{0};
  int refused = 0;
  {
    WorkerPool pool(1, 2);
    pool.post([&](bool admitted) {  // occupies the only thread
      ASSERT_TRUE(admitted);
      started.set_value();
      released.wait();
      ++ran;
    });
    started.get_future().wait();
    for (int job = 0; job < 5; ++job) {  // two fit in the queue, three do not
      pool.post([&](bool admitted) { admitted ? void(++ran) : void(++refused); });
    }
    EXPECT_EQ(refused, 3);  // refused on this thread, at once
    release.set_value();
  }  // the destructor finishes the queued jobs
  EXPECT_EQ(ran.load(), 3);
}

TEST(LogRedaction, LongNumbersLeaveTheLogAndShortOnesStay) {
  EXPECT_EQ(withoutLongNumbers("+447700900512 is not a WhatsApp user"),
            "[number] is not a WhatsApp user");
  EXPECT_EQ(withoutLongNumbers("call +44 (7700) 900-512 now"), "call [number] now");
  EXPECT_EQ(withoutLongNumbers("ESME_RINVDSTADR (0x0000000b), attempt 3 of 5, HTTP 503"),
            "ESME_RINVDSTADR (0x0000000b), attempt 3 of 5, HTTP 503");
  EXPECT_EQ(withoutLongNumbers("user 12345 and 123456"), "user 12345 and [number]");
  EXPECT_EQ(withoutLongNumbers("ends with +"), "ends with +");
  EXPECT_EQ(withoutLongNumbers(""), "");
}

}  // namespace parley
