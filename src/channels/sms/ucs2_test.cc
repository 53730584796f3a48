#include "channels/sms/ucs2.h"

#include <gtest/gtest.h>

#include <string>

namespace parley::channels::sms {
namespace {

const std::string kReplacement = "\xEF\xBF\xBD";

std::string octets(std::initializer_list<int> values) {
  std::string out;
  for (int value : values) {
    out.push_back(static_cast<char>(value));
  }
  return out;
}

TEST(Ucs2, EncodesBigEndian) {
  EXPECT_EQ(encodeUcs2("Aé€").value(), octets({0x00, 0x41, 0x00, 0xE9, 0x20, 0xAC}));
}

TEST(Ucs2, EmojiGoAsASurrogatePair) {
  EXPECT_EQ(encodeUcs2("😀").value(), octets({0xD8, 0x3D, 0xDE, 0x00}));
  EXPECT_EQ(countUcs2Units("😀").value(), 2u);
  EXPECT_EQ(decodeUcs2(octets({0xD8, 0x3D, 0xDE, 0x00})), "😀");
}

TEST(Ucs2, RoundTripsAcrossThePlanes) {
  const std::string text = "Привет, 世界! 👋🏽 ﷽ \xF4\x8F\xBF\xBF \xEF\xBF\xBF";
  EXPECT_EQ(decodeUcs2(encodeUcs2(text).value()), text);
}

TEST(Ucs2, InvalidUtf8IsRejectedWithAClearError) {
  auto encoded = encodeUcs2("ok\xE2\x28\xA1");
  ASSERT_FALSE(encoded.has_value());
  EXPECT_EQ(encoded.error().code, ErrorCode::ValidationFailed);
  EXPECT_EQ(encoded.error().message, "text is not valid UTF-8 (at byte 3)");
  EXPECT_FALSE(countUcs2Units("\xFF").has_value());
}

TEST(Ucs2, UnpairedSurrogatesDecodeToTheReplacementCharacter) {
  EXPECT_EQ(decodeUcs2(octets({0xD8, 0x3D, 0x00, 0x41})), kReplacement + "A");  // high, no low
  EXPECT_EQ(decodeUcs2(octets({0xDE, 0x00, 0x00, 0x41})), kReplacement + "A");  // lone low
  EXPECT_EQ(decodeUcs2(octets({0xD8, 0x3D})), kReplacement);                    // high at end
  EXPECT_EQ(decodeUcs2(octets({0xDE, 0x00, 0xD8, 0x3D})), kReplacement + kReplacement);
}

TEST(Ucs2, AnOddTrailingOctetDecodesToTheReplacementCharacter) {
  EXPECT_EQ(decodeUcs2(octets({0x00, 0x41, 0x00})), "A" + kReplacement);
  EXPECT_EQ(decodeUcs2(""), "");
}

}  // namespace
}  // namespace parley::channels::sms
