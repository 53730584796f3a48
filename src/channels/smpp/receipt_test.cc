#include "channels/smpp/receipt.h"

#include <gtest/gtest.h>

namespace parley::channels::smpp {
namespace {

TEST(ReceiptText, ReadsTheAppendixBFormat) {
  auto receipt = parseReceiptText(
      "id:0123456789 sub:001 dlvrd:001 submit date:2401011200 done date:2401011201 "
      "stat:DELIVRD err:000 text:Hello there");
  ASSERT_TRUE(receipt.has_value());
  EXPECT_EQ(receipt->id, "0123456789");
  EXPECT_EQ(receipt->sub, "001");
  EXPECT_EQ(receipt->dlvrd, "001");
  EXPECT_EQ(receipt->submit_date, "2401011200");
  EXPECT_EQ(receipt->done_date, "2401011201");
  EXPECT_EQ(receipt->stat, "DELIVRD");
  EXPECT_EQ(receipt->state, MessageState::Delivered);
  EXPECT_EQ(receipt->err, "000");
  EXPECT_EQ(receipt->error_code, 0u);
  EXPECT_EQ(receipt->text, "Hello there");
}

TEST(ReceiptText, KeysAreCaseInsensitiveAndFieldsMayBeMissing) {
  auto receipt = parseReceiptText("ID:a1B2c3 Stat:undeliv Err:1");
  ASSERT_TRUE(receipt.has_value());
  EXPECT_EQ(receipt->id, "a1B2c3");
  EXPECT_EQ(receipt->state, MessageState::Undeliverable);
  EXPECT_EQ(receipt->error_code, 1u);
  EXPECT_FALSE(receipt->sub.has_value());
  EXPECT_FALSE(receipt->done_date.has_value());
  EXPECT_FALSE(receipt->text.has_value());
}

TEST(ReceiptText, TextTakesTheRestEvenWhenItLooksLikeKeys) {
  auto receipt = parseReceiptText("id:7 stat:DELIVRD text:see stat:EXPIRED id:8");
  ASSERT_TRUE(receipt.has_value());
  EXPECT_EQ(receipt->id, "7");
  EXPECT_EQ(receipt->state, MessageState::Delivered);
  EXPECT_EQ(receipt->text, "see stat:EXPIRED id:8");
}

TEST(ReceiptText, TwelveDigitDatesAndUnderscoreKeysAreKept) {
  auto receipt =
      parseReceiptText("id:1 submit_date:240101120000 done_date:240101120105 stat:ENROUTE");
  ASSERT_TRUE(receipt.has_value());
  EXPECT_EQ(receipt->submit_date, "240101120000");
  EXPECT_EQ(receipt->done_date, "240101120105");
  EXPECT_EQ(receipt->state, MessageState::Enroute);
  EXPECT_FALSE(isFinal(*receipt->state));
}

TEST(ReceiptText, NotAReceiptWithoutIdOrStat) {
  EXPECT_FALSE(parseReceiptText("hello, see you at 10:30").has_value());
  EXPECT_FALSE(parseReceiptText("").has_value());
  EXPECT_FALSE(parseReceiptText("valid:1").has_value()) << "keys start after white space";
}

TEST(ReceiptText, UnknownStatKeepsTheRawWord) {
  auto receipt = parseReceiptText("id:1 stat:WHATEVER err:x1");
  ASSERT_TRUE(receipt.has_value());
  EXPECT_EQ(receipt->stat, "WHATEVER");
  EXPECT_FALSE(receipt->state.has_value());
  EXPECT_FALSE(receipt->error_code.has_value());
}

TEST(ReceiptText, EveryStatWordMaps) {
  EXPECT_EQ(messageStateFromStat("DELIVRD"), MessageState::Delivered);
  EXPECT_EQ(messageStateFromStat("EXPIRED"), MessageState::Expired);
  EXPECT_EQ(messageStateFromStat("DELETED"), MessageState::Deleted);
  EXPECT_EQ(messageStateFromStat("UNDELIV"), MessageState::Undeliverable);
  EXPECT_EQ(messageStateFromStat("ACCEPTD"), MessageState::Accepted);
  EXPECT_EQ(messageStateFromStat("UNKNOWN"), MessageState::Unknown);
  EXPECT_EQ(messageStateFromStat("REJECTD"), MessageState::Rejected);
  EXPECT_EQ(messageStateFromStat("ENROUTE"), MessageState::Enroute);
  EXPECT_EQ(messageStateFromStat("delivered"), MessageState::Delivered);
  EXPECT_EQ(messageStateName(MessageState::Undeliverable), "undeliverable");
}

TEST(ReceiptText, MessageIdsMatchAcrossHexAndDecimal) {
  EXPECT_TRUE(sameMessageId("3E8", "1000"));
  EXPECT_TRUE(sameMessageId("1000", "3e8"));
  EXPECT_TRUE(sameMessageId("00ab", "AB"));
  EXPECT_TRUE(sameMessageId("msg-1", "MSG-1"));
  EXPECT_FALSE(sameMessageId("3E8", "1001"));
  EXPECT_FALSE(sameMessageId("", ""));
  EXPECT_FALSE(sameMessageId("msg-1", "msg-2"));
}

}  // namespace
}  // namespace parley::channels::smpp
