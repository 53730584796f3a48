#include "privacy/text_fold.h"

#include <gtest/gtest.h>

#include "privacy/phone_number.h"

namespace parley::privacy {
namespace {

using Words = std::vector<std::string>;

TEST(PhoneNumber, OneNumberWrittenEveryWayIsOneE164) {
  for (std::string_view written :
       {"+44 7911 123456", "+44 (0)7911 123456", "447911123456", "00447911123456"}) {
    EXPECT_EQ(normalizePhone(written), "+447911123456") << written;
  }
  EXPECT_EQ(normalizePhone("07911 123456", "GB"), "+447911123456");
  EXPECT_EQ(normalizePhone("447911123456", "US"), "+447911123456");  // an SMS sender abroad
  EXPECT_EQ(normalizePhone("(650) 253-0000", "US"), "+16502530000");
  // Ofcom's range for drama is not in use, but is a British number all the same when written so.
  EXPECT_EQ(normalizePhone("07700 900512", "GB"), "+447700900512");
  EXPECT_EQ(normalizePhone("+44 7700 900512"), "+447700900512");
  EXPECT_EQ(normalizePhone("447700900512"), "447700900512");  // a guess needs a number in use
  EXPECT_EQ(normalizePhone("07700+900512", "GB"), "+447700900512");  // a form-encoded space
}

TEST(PhoneNumber, WhatIsNotAValidNumberKeepsItsDigits) {
  EXPECT_EQ(normalizePhone("07911 123456"), "07911123456");  // national, but no region
  EXPECT_EQ(normalizePhone("+999 123"), "+999123");
  EXPECT_EQ(normalizePhone("12"), "12");
  EXPECT_EQ(normalizePhone(""), "");
  EXPECT_EQ(normalizePhone(std::string(500, '7')), std::string(500, '7'));
}

TEST(PhoneNumber, RegionsAreLibphonenumbersOwn) {
  EXPECT_TRUE(isKnownPhoneRegion("GB"));
  EXPECT_TRUE(isKnownPhoneRegion("DE"));
  EXPECT_FALSE(isKnownPhoneRegion("gb"));
  EXPECT_FALSE(isKnownPhoneRegion("XX"));
  EXPECT_FALSE(isKnownPhoneRegion(""));
}

TEST(TextFold, EmailsAreComposedAndLowerCased) {
  EXPECT_EQ(foldEmail(" Ada@Example.COM\n"), "ada@example.com");
  // "é" precomposed (U+00E9) and decomposed (e + U+0301) are one address.
  EXPECT_EQ(foldEmail("Jos\u00e9@example.com"), foldEmail("jose\u0301@EXAMPLE.com"));
  EXPECT_EQ(foldEmail("\xff\xfe@x"), foldEmail("\xff\xfe@x"));  // not UTF-8: still one answer
}

TEST(TextFold, NameWordsIgnoreCaseAccentsAndPunctuation) {
  EXPECT_EQ(nameWords("Jos\u00e9  GARC\u00cdA-L\u00f3pez"), (Words{"jose", "garcia", "lopez"}));
  EXPECT_EQ(nameWords("jose\u0301 garcia"), (Words{"jose", "garcia"}));
  EXPECT_EQ(nameWords("Stra\u00dfe"), (Words{"strasse"}));
  EXPECT_EQ(nameWords("Ada ada ADA"), (Words{"ada"}));
  EXPECT_EQ(nameWords("\u738b\u5c0f\u660e"), (Words{"\u738b\u5c0f\u660e"}));
  EXPECT_TRUE(nameWords(" -- ").empty());
}

TEST(TextFold, NameWordsAreBounded) {
  std::string many;
  for (int i = 0; i < 40; ++i) {
    many += "w" + std::to_string(i) + " ";
  }
  EXPECT_EQ(nameWords(many).size(), kMaxNameWords);
  const auto long_word = nameWords(std::string(200, 'a') + " \u00e9" + std::string(100, 'b'));
  ASSERT_EQ(long_word.size(), 2u);
  EXPECT_EQ(long_word[0].size(), kMaxWordBytes);
  EXPECT_LE(long_word[1].size(), kMaxWordBytes);
}

}  // namespace
}  // namespace parley::privacy
