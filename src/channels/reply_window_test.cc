#include "channels/reply_window.h"

#include <gtest/gtest.h>

namespace parley::channels {
namespace {

using namespace std::chrono_literals;

const TimePoint kNow = fromUnixMillis(1'717'000'000'000);

Capabilities whatsapp() { return {.reply_window = 24h, .after_window = "an approved template"}; }

Conversation closingAt(std::optional<TimePoint> closes) {
  Conversation conversation;
  conversation.reply_window_closes_at = closes;
  return conversation;
}

TEST(ReplyWindow, ChannelsWithoutAWindowAlwaysReply) {
  EXPECT_TRUE(checkReplyWindow(Capabilities{}, closingAt(std::nullopt), kNow));
  EXPECT_TRUE(checkReplyWindow(Capabilities{}, closingAt(kNow - 48h), kNow));
}

TEST(ReplyWindow, OpenUntilTheMomentItCloses) {
  EXPECT_TRUE(checkReplyWindow(whatsapp(), closingAt(kNow + 1ms), kNow));
  auto closed = checkReplyWindow(whatsapp(), closingAt(kNow), kNow);
  ASSERT_FALSE(closed);
  EXPECT_EQ(closed.error().code, ErrorCode::ReplyWindowClosed);
}

TEST(ReplyWindow, TheRefusalSaysWhenAndWhatStillGoes) {
  auto closed = checkReplyWindow(whatsapp(), closingAt(kNow - 65min), kNow);
  ASSERT_FALSE(closed);
  EXPECT_EQ(closed.error().message,
            "the 24-hour reply window closed 1 h 5 min ago (it counts from the customer's last "
            "message); free-form messages are refused: send an approved template");
}

TEST(ReplyWindow, NeverOpenedWhenTheCustomerNeverWrote) {
  auto closed = checkReplyWindow(whatsapp(), closingAt(std::nullopt), kNow);
  ASSERT_FALSE(closed);
  EXPECT_NE(closed.error().message.find("has not written"), std::string::npos);
}

TEST(ReplyWindow, RoughDurations) {
  EXPECT_EQ(roughDuration(0s), "0 min");
  EXPECT_EQ(roughDuration(59min), "59 min");
  EXPECT_EQ(roughDuration(2h), "2 h");
  EXPECT_EQ(roughDuration(47h + 59min), "47 h 59 min");
  EXPECT_EQ(roughDuration(50h), "2 d 2 h");
  EXPECT_EQ(roughDuration(-5s), "0 min");
}

}  // namespace
}  // namespace parley::channels
