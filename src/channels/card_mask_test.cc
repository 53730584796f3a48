#include "channels/card_mask.h"

#include <gtest/gtest.h>

namespace parley::channels {
namespace {

TEST(CardMask, VisaMastercardAndAmexTestNumbersKeepTheirLastFourDigits) {
  EXPECT_EQ(maskCardNumbers("4111111111111111"), "••••••••••••1111");
  EXPECT_EQ(maskCardNumbers("4012888888881881"), "••••••••••••1881");
  EXPECT_EQ(maskCardNumbers("4222222222222"), "•••••••••2222");  // 13 digits
  EXPECT_EQ(maskCardNumbers("5555555555554444"), "••••••••••••4444");
  EXPECT_EQ(maskCardNumbers("5105105105105100"), "••••••••••••5100");
  EXPECT_EQ(maskCardNumbers("378282246310005"), "•••••••••••0005");
  EXPECT_EQ(maskCardNumbers("371449635398431"), "•••••••••••8431");
  EXPECT_EQ(maskCardNumbers("6011111111111117"), "••••••••••••1117");
}

TEST(CardMask, SpacesAndHyphensKeepTheirPlaces) {
  EXPECT_EQ(maskCardNumbers("4111 1111 1111 1111"), "•••• •••• •••• 1111");
  EXPECT_EQ(maskCardNumbers("4111-1111-1111-1111"), "••••-••••-••••-1111");
  EXPECT_EQ(maskCardNumbers("3782 822463 10005"), "•••• •••••• •0005");
  EXPECT_EQ(maskCardNumbers("5555 5555 5555 4444"), "•••• •••• •••• 4444");
}

TEST(CardMask, NumbersFailingLuhnStay) {
  EXPECT_EQ(maskCardNumbers("4111 1111 1111 1112"), "4111 1111 1111 1112");
  EXPECT_EQ(maskCardNumbers("4111111111111112"), "4111111111111112");
}

TEST(CardMask, TooFewOrTooManyDigitsStay) {
  EXPECT_EQ(maskCardNumbers("411111111111"), "411111111111");  // 12 digits
  EXPECT_EQ(maskCardNumbers("Order 123456"), "Order 123456");
  // 20 digits that pass Luhn are not a card number.
  EXPECT_EQ(maskCardNumbers("41111111111111110000"), "41111111111111110000");
}

TEST(CardMask, PhoneNumbersStay) {
  EXPECT_EQ(maskCardNumbers("Call me on +1 555 123 4567"), "Call me on +1 555 123 4567");
  EXPECT_EQ(maskCardNumbers("(555) 123-4567"), "(555) 123-4567");
  EXPECT_EQ(maskCardNumbers("+44 20 7946 0958"), "+44 20 7946 0958");
  // 13 digits that pass Luhn, but the '+' makes it a phone number.
  EXPECT_EQ(maskCardNumbers("ring +4915112345678 now"), "ring +4915112345678 now");
  EXPECT_EQ(maskCardNumbers("555-123-4567 555-123-4568"), "555-123-4567 555-123-4568");
}

TEST(CardMask, NumbersAtTheStartAndTheEndOfTheText) {
  EXPECT_EQ(maskCardNumbers("4111111111111111 is my card"), "••••••••••••1111 is my card");
  EXPECT_EQ(maskCardNumbers("my card is 4111 1111 1111 1111"), "my card is •••• •••• •••• 1111");
}

TEST(CardMask, EveryCardInTheTextIsMasked) {
  EXPECT_EQ(maskCardNumbers("4111 1111 1111 1111 or 5555-5555-5555-4444?"),
            "•••• •••• •••• 1111 or ••••-••••-••••-4444?");
  EXPECT_EQ(maskCardNumbers("4111111111111111,5105105105105100"),
            "••••••••••••1111,••••••••••••5100");
}

TEST(CardMask, TextRightNextToTheNumberStays) {
  EXPECT_EQ(maskCardNumbers("card:4111111111111111."), "card:••••••••••••1111.");
  EXPECT_EQ(maskCardNumbers("x4111111111111111y"), "x••••••••••••1111y");
  EXPECT_EQ(maskCardNumbers("(4111-1111-1111-1111)"), "(••••-••••-••••-1111)");
}

TEST(CardMask, ACardFollowedByMoreNumbersIsStillFound) {
  EXPECT_EQ(maskCardNumbers("4111 1111 1111 1111 12 25 123"), "•••• •••• •••• 1111 12 25 123");
  EXPECT_EQ(maskCardNumbers("4111111111111111 12/25"), "••••••••••••1111 12/25");
  EXPECT_EQ(maskCardNumbers("12-4111-1111-1111-1111"), "12-••••-••••-••••-1111");
}

TEST(CardMask, LongerDigitRunsStay) {
  EXPECT_EQ(maskCardNumbers("41111111111111111111111"), "41111111111111111111111");
  EXPECT_EQ(maskCardNumbers("Tracking 9400111899223397846215 ok"),
            "Tracking 9400111899223397846215 ok");
  EXPECT_EQ(maskCardNumbers("04111111111111111111 1111"), "04111111111111111111 1111");
}

TEST(CardMask, OnlySingleSeparatorsOfOneKindJoinGroups) {
  EXPECT_EQ(maskCardNumbers("4111  1111 1111 1111"), "4111  1111 1111 1111");
  EXPECT_EQ(maskCardNumbers("4111 - 1111 - 1111 - 1111"), "4111 - 1111 - 1111 - 1111");
  EXPECT_EQ(maskCardNumbers("4111 1111-1111 1111"), "4111 1111-1111 1111");
  EXPECT_EQ(maskCardNumbers("4111.1111.1111.1111"), "4111.1111.1111.1111");
}

TEST(CardMask, NonAsciiAroundTheNumberIsUntouched) {
  EXPECT_EQ(maskCardNumbers("Карта 4111 1111 1111 1111 — спасибо 😀"),
            "Карта •••• •••• •••• 1111 — спасибо 😀");
  EXPECT_EQ(maskCardNumbers("カード番号は4111111111111111です"),
            "カード番号は••••••••••••1111です");
  // Invalid UTF-8 passes through as it came.
  EXPECT_EQ(maskCardNumbers("\xff\xfe 4111111111111111 \xc3"), "\xff\xfe ••••••••••••1111 \xc3");
}

TEST(CardMask, TextWithoutCardsIsReturnedAsItIs) {
  EXPECT_EQ(maskCardNumbers(""), "");
  EXPECT_EQ(maskCardNumbers("Hello, can I change my booking for 2 people on 12-05?"),
            "Hello, can I change my booking for 2 people on 12-05?");
  EXPECT_EQ(maskCardNumbers(std::string_view("a\0b", 3)), std::string("a\0b", 3));
}

}  // namespace
}  // namespace parley::channels
