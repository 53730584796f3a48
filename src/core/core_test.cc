#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/error.h"
#include "core/role.h"

namespace parley {

TEST(Clock, FormatsRfc3339WithMilliseconds) {
  EXPECT_EQ(formatRfc3339(fromUnixMillis(1'795'000'000'123)), "2026-11-18T11:06:40.123Z");
  EXPECT_EQ(formatRfc3339(fromUnixMillis(0)), "1970-01-01T00:00:00.000Z");
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

}  // namespace parley
