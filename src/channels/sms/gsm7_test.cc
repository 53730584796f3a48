#include "channels/sms/gsm7.h"

#include <gtest/gtest.h>

#include <string>

#include "channels/sms/utf8.h"

namespace parley::channels::sms {
namespace {

std::string septetsOf(std::initializer_list<int> codes) {
  std::string out;
  for (int code : codes) {
    out.push_back(static_cast<char>(code));
  }
  return out;
}

TEST(Gsm7, EveryCharacterOfTheBasicTableRoundTrips) {
  for (int code = 0; code < 128; ++code) {
    if (code == 0x1B) {
      continue;
    }
    const std::string septet(1, static_cast<char>(code));
    const std::string utf8 = decodeGsm7(septet);
    ASSERT_TRUE(fitsGsm7(utf8)) << code;
    EXPECT_EQ(encodeGsm7(utf8).value(), septet) << code;
    EXPECT_EQ(countGsm7Septets(utf8).value(), 1u) << code;
  }
}

TEST(Gsm7, EveryCharacterOfTheExtensionTableRoundTripsAsTwoSeptets) {
  const std::pair<const char*, int> table[] = {
      {"\f", 0x0A}, {"^", 0x14}, {"{", 0x28}, {"}", 0x29}, {"\\", 0x2F},
      {"[", 0x3C},  {"~", 0x3D}, {"]", 0x3E}, {"|", 0x40}, {"€", 0x65},
  };
  for (const auto& [utf8, code] : table) {
    const std::string septets = septetsOf({0x1B, code});
    EXPECT_EQ(encodeGsm7(utf8).value(), septets) << utf8;
    EXPECT_EQ(decodeGsm7(septets), utf8) << utf8;
    EXPECT_EQ(countGsm7Septets(utf8).value(), 2u) << utf8;
  }
}

TEST(Gsm7, MapsTheCharactersThatDifferFromAscii) {
  EXPECT_EQ(encodeGsm7("@$_¤").value(), septetsOf({0x00, 0x02, 0x11, 0x24}));
  EXPECT_EQ(decodeGsm7(septetsOf({0x00, 0x01, 0x10, 0x40, 0x60})), "@£Δ¡¿");
}

TEST(Gsm7, EuroCountsTwoSeptets) {
  EXPECT_EQ(countGsm7Septets("€").value(), 2u);
  EXPECT_EQ(countGsm7Septets("5 €").value(), 4u);
}

TEST(Gsm7, CharactersOutsideTheAlphabetDoNotFit) {
  EXPECT_FALSE(fitsGsm7("`"));
  EXPECT_FALSE(fitsGsm7("Ê"));
  EXPECT_FALSE(fitsGsm7("hi 😀"));
  EXPECT_FALSE(countGsm7Septets("ç").has_value());
  EXPECT_TRUE(fitsGsm7(""));
  EXPECT_TRUE(fitsGsm7("Hello, Ça va? 10€ {ok}"));
}

TEST(Gsm7, InvalidUtf8IsRejected) {
  EXPECT_FALSE(fitsGsm7("\xC3"));
  auto encoded = encodeGsm7("ab\xFF");
  ASSERT_FALSE(encoded.has_value());
  EXPECT_EQ(encoded.error().code, ErrorCode::ValidationFailed);
  EXPECT_NE(encoded.error().message.find("UTF-8"), std::string::npos);
}

TEST(Gsm7, DecodingOddSeptetsNeverFails) {
  // ESC + a code without an extension gives the basic character; ESC ESC and a trailing ESC a
  // space; octets above 0x7F U+FFFD.
  EXPECT_EQ(decodeGsm7(septetsOf({0x1B, 0x41})), "A");
  EXPECT_EQ(decodeGsm7(septetsOf({0x1B, 0x1B, 0x41})), " A");
  EXPECT_EQ(decodeGsm7(septetsOf({0x41, 0x1B})), "A ");
  EXPECT_EQ(decodeGsm7(septetsOf({0x80, 0x1B, 0xFF})), "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Gsm7, PackingFollowsTheSpecExample) {
  // "hellohello" packed, TS 23.038 §6.1.2.1.1.
  const std::string septets = encodeGsm7("hellohello").value();
  const std::string packed = packSeptets(septets);
  EXPECT_EQ(packed, septetsOf({0xE8, 0x32, 0x9B, 0xFD, 0x46, 0x97, 0xD9, 0xEC, 0x37}));
  EXPECT_EQ(unpackSeptets(packed, septets.size()), septets);
}

TEST(Gsm7, PackingRoundTripsWithFillBits) {
  std::string septets;
  for (int code = 0; code < 128; ++code) {
    septets.push_back(static_cast<char>(code));
  }
  for (unsigned fill = 0; fill < 7; ++fill) {
    for (size_t length = 0; length <= septets.size(); length += 7) {
      const std::string part = septets.substr(0, length);
      const std::string packed = packSeptets(part, fill);
      EXPECT_EQ(packed.size(), (fill + 7 * length + 7) / 8);
      EXPECT_EQ(unpackSeptets(packed, length, fill), part) << fill << " " << length;
    }
  }
}

TEST(Gsm7, UnpackingStopsAtTheEndOfTheOctets) {
  EXPECT_EQ(unpackSeptets(std::string(1, '\x41'), 10).size(), 1u);
  EXPECT_EQ(unpackSeptets("", 10), "");
}

TEST(Gsm7, FillBitsAlignSeptetsAfterAConcatenationUdh) {
  EXPECT_EQ(udhFillBits(6), 1u);  // 05 00 03 rr tt ss: 48 bits + 1 = 7 septets
  EXPECT_EQ(udhFillBits(7), 0u);  // 06 08 04 rrrr tt ss: 56 bits
  EXPECT_EQ(udhFillBits(0), 0u);
}

TEST(Utf8, RejectsOverlongsSurrogatesAndTruncation) {
  EXPECT_FALSE(decodeUtf8("\xC0\xAF").has_value());          // overlong '/'
  EXPECT_FALSE(decodeUtf8("\xED\xA0\x80").has_value());      // U+D800
  EXPECT_FALSE(decodeUtf8("\xF4\x90\x80\x80").has_value());  // > U+10FFFF
  EXPECT_FALSE(decodeUtf8("\xE2\x82").has_value());          // truncated €
  EXPECT_FALSE(decodeUtf8("\x80").has_value());
  EXPECT_EQ(decodeUtf8("a€😀").value(), U"a€😀");
}

}  // namespace
}  // namespace parley::channels::sms
