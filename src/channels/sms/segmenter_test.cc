#include "channels/sms/segmenter.h"

#include <gtest/gtest.h>

#include <string>

#include "channels/sms/gsm7.h"
#include "channels/sms/ucs2.h"

namespace parley::channels::sms {
namespace {

std::string octets(std::initializer_list<int> values) {
  std::string out;
  for (int value : values) {
    out.push_back(static_cast<char>(value));
  }
  return out;
}

std::string repeat(std::string_view piece, size_t times) {
  std::string out;
  for (size_t index = 0; index < times; ++index) {
    out += piece;
  }
  return out;
}

// Decodes the parts as a receiver would, checking each one's framing on the way.
std::string joinParts(const SegmentedText& segmented) {
  std::string text;
  for (size_t index = 0; index < segmented.parts.size(); ++index) {
    const SmsPart& part = segmented.parts[index];
    auto user_data = splitUserData(part.short_message, part.esm_class);
    EXPECT_TRUE(user_data.has_value());
    if (segmented.parts.size() > 1) {
      EXPECT_EQ(user_data->concatenation->total, segmented.parts.size());
      EXPECT_EQ(user_data->concatenation->sequence, index + 1);
    }
    text += decodeBody(user_data->body, part.data_coding).value();
  }
  return text;
}

TEST(Segmenter, A160CharacterGsmTextIsOnePartWithoutUdh) {
  auto segmented = segmentText(std::string(160, 'a'), 7).value();
  EXPECT_EQ(segmented.coding, SmsCoding::Gsm7);
  ASSERT_EQ(segmented.parts.size(), 1u);
  EXPECT_EQ(segmented.parts[0].esm_class, 0);
  EXPECT_EQ(segmented.parts[0].data_coding, kDataCodingDefault);
  EXPECT_EQ(segmented.parts[0].short_message, std::string(160, 'a'));
}

TEST(Segmenter, A161CharacterGsmTextIsTwoPartsWithConcatenationUdh) {
  auto segmented = segmentText(std::string(161, 'a'), 0x2A).value();
  ASSERT_EQ(segmented.parts.size(), 2u);
  EXPECT_EQ(segmented.parts[0].short_message,
            octets({0x05, 0x00, 0x03, 0x2A, 0x02, 0x01}) + std::string(153, 'a'));
  EXPECT_EQ(segmented.parts[1].short_message,
            octets({0x05, 0x00, 0x03, 0x2A, 0x02, 0x02}) + std::string(8, 'a'));
  for (const SmsPart& part : segmented.parts) {
    EXPECT_EQ(part.esm_class, kEsmClassUdhi);
    EXPECT_EQ(part.data_coding, kDataCodingDefault);
  }
}

TEST(Segmenter, EuroTakesTwoSeptetsOfTheSingleMessageLimit) {
  EXPECT_EQ(segmentText(std::string(158, 'a') + "€", 0)->parts.size(), 1u);
  EXPECT_EQ(segmentText(std::string(159, 'a') + "€", 0)->parts.size(), 2u);
  EXPECT_EQ(segmentText("€", 0)->units, 2u);
}

TEST(Segmenter, EmojiTextGoesUcs2) {
  auto segmented = segmentText("Thanks 😀", 0).value();
  EXPECT_EQ(segmented.coding, SmsCoding::Ucs2);
  EXPECT_EQ(segmented.units, 9u);
  ASSERT_EQ(segmented.parts.size(), 1u);
  EXPECT_EQ(segmented.parts[0].data_coding, kDataCodingUcs2);
  EXPECT_EQ(segmented.parts[0].short_message, encodeUcs2("Thanks 😀").value());
}

TEST(Segmenter, A70UnitUcs2TextIsOnePartAnd71IsTwo) {
  EXPECT_EQ(segmentText(repeat("ж", 70), 0)->parts.size(), 1u);
  auto segmented = segmentText(repeat("ж", 71), 0).value();
  ASSERT_EQ(segmented.parts.size(), 2u);
  EXPECT_EQ(segmented.parts[0].short_message.size(), 6u + 2 * 67);
  EXPECT_EQ(segmented.parts[1].short_message.size(), 6u + 2 * 4);
  EXPECT_EQ(segmented.parts[1].data_coding, kDataCodingUcs2);
  EXPECT_EQ(joinParts(segmented), repeat("ж", 71));
}

TEST(Segmenter, NeverSplitsAnEscapeAcrossParts) {
  for (size_t prefix = 0; prefix < 160; ++prefix) {
    for (size_t euros = 1; euros < 200; euros += 37) {
      const std::string text = std::string(prefix, 'x') + repeat("€", euros) + "[]";
      auto segmented = segmentText(text, 1).value();
      for (const SmsPart& part : segmented.parts) {
        const std::string_view body = splitUserData(part.short_message, part.esm_class)->body;
        ASSERT_LE(body.size(), segmented.parts.size() == 1 ? 160u : 153u);
        ASSERT_NE(body.back(), kGsm7Escape) << prefix << " " << euros;
        ASSERT_EQ(decodeGsm7(body).find(' '), std::string::npos);  // no half pair read as space
      }
      ASSERT_EQ(joinParts(segmented), text);
    }
  }
}

TEST(Segmenter, NeverSplitsASurrogatePairAcrossParts) {
  for (size_t prefix = 0; prefix < 140; ++prefix) {
    const std::string text = repeat("é", prefix) + "ж" + repeat("😀", 80);
    auto segmented = segmentText(text, 1).value();
    for (const SmsPart& part : segmented.parts) {
      const std::string_view body = splitUserData(part.short_message, part.esm_class)->body;
      ASSERT_EQ(body.size() % 2, 0u);
      ASSERT_LE(body.size(), segmented.parts.size() == 1 ? 140u : 134u);
      const auto last_high = static_cast<uint8_t>(body[body.size() - 2]);
      ASSERT_FALSE(isHighSurrogate(static_cast<unsigned>(last_high) << 8)) << prefix;
      ASSERT_EQ(decodeUcs2(body).find("\xEF\xBF\xBD"), std::string::npos);
    }
    ASSERT_EQ(joinParts(segmented), text);
  }
}

TEST(Segmenter, AnEmptyTextIsOneEmptyPart) {
  auto segmented = segmentText("", 0).value();
  ASSERT_EQ(segmented.parts.size(), 1u);
  EXPECT_EQ(segmented.parts[0].short_message, "");
}

TEST(Segmenter, RefusesInvalidUtf8AndTooManyParts) {
  EXPECT_EQ(segmentText("\xC3\x28", 0).error().code, ErrorCode::ValidationFailed);
  EXPECT_EQ(segmentText(std::string(153 * 3 + 1, 'a'), 0, 3).error().code,
            ErrorCode::PayloadTooLarge);
  EXPECT_EQ(segmentText(std::string(153 * 3, 'a'), 0, 3)->parts.size(), 3u);
  EXPECT_EQ(segmentText(std::string(153 * 255 + 1, 'a'), 0, 1000).error().code,
            ErrorCode::PayloadTooLarge);
}

TEST(Udh, ReadsAnEightBitConcatenationAndSkipsOtherIes) {
  // A port-addressing IE (0x05, 4 octets) before the concatenation IE.
  const std::string message =
      octets({0x0B, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0, 0x00, 0x03, 0x7F, 0x03, 0x02}) + "hi";
  auto user_data = splitUserData(message, 0x40 | 0x03).value();
  EXPECT_EQ(user_data.concatenation, (Concatenation{0x7F, 3, 2}));
  EXPECT_EQ(user_data.body, "hi");
}

TEST(Udh, ReadsASixteenBitConcatenation) {
  const std::string message = octets({0x06, 0x08, 0x04, 0x12, 0x34, 0x02, 0x01, 0x41});
  auto header = parseUdh(message).value();
  EXPECT_EQ(header.length, 7u);
  EXPECT_EQ(header.concatenation, (Concatenation{0x1234, 2, 1}));
}

TEST(Udh, AHeaderWithoutConcatenationIsAWholeMessage) {
  const std::string message = octets({0x00, 0x41});  // the body points into it
  auto user_data = splitUserData(message, kEsmClassUdhi).value();
  EXPECT_FALSE(user_data.concatenation.has_value());
  EXPECT_EQ(user_data.body, "A");
}

TEST(Udh, WithoutUdhiTheWholeMessageIsTheBody) {
  const std::string message = octets({0x05, 0x00, 0x03, 0x01, 0x02, 0x01});
  auto user_data = splitUserData(message, 0x00).value();
  EXPECT_FALSE(user_data.concatenation.has_value());
  EXPECT_EQ(user_data.body, message);
}

TEST(Udh, MalformedHeadersAreRejected) {
  const std::string cases[] = {
      "",                                                        // UDHI on nothing
      octets({0x05, 0x00, 0x03, 0x01, 0x02}),                    // UDHL beyond the data
      octets({0x03, 0x00, 0x05, 0x01, 0x41}),                    // IE longer than the UDH
      octets({0x01, 0x00}),                                      // IE header cut short
      octets({0x05, 0x00, 0x03, 0x01, 0x00, 0x00, 0x41}),        // total 0
      octets({0x05, 0x00, 0x03, 0x01, 0x02, 0x00, 0x41}),        // sequence 0
      octets({0x05, 0x00, 0x03, 0x01, 0x02, 0x03, 0x41}),        // sequence > total
      octets({0x04, 0x00, 0x02, 0x01, 0x02, 0x41}),              // 8-bit IE with 2 octets
      octets({0x06, 0x08, 0x04, 0x00, 0x01, 0x01, 0x02, 0x41}),  // 16-bit, sequence > total
  };
  for (const std::string& message : cases) {
    auto user_data = splitUserData(message, kEsmClassUdhi);
    ASSERT_FALSE(user_data.has_value());
    EXPECT_EQ(user_data.error().code, ErrorCode::ValidationFailed);
  }
}

TEST(DecodeBody, ReadsEachSupportedCodingAndRefusesTheOthers) {
  EXPECT_EQ(decodeBody(octets({0x00, 0x1B, 0x65}), 0x00).value(), "@€");
  EXPECT_EQ(decodeBody(octets({0x00, 0x41}), 0xF1).value(), "@A");
  EXPECT_EQ(decodeBody(octets({0x41, 0xE9}), kDataCodingLatin1).value(), "Aé");
  EXPECT_EQ(decodeBody(octets({0x41, 0xE9}), kDataCodingIa5).value(), "A\xEF\xBF\xBD");
  EXPECT_EQ(decodeBody(octets({0x04, 0x16}), kDataCodingUcs2).value(), "Ж");
  EXPECT_EQ(decodeBody("x", 0x04).error().code, ErrorCode::UnsupportedMediaType);
}

}  // namespace
}  // namespace parley::channels::sms
