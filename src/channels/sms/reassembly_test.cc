#include "channels/sms/reassembly.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "channels/sms/gsm7.h"
#include "channels/sms/ucs2.h"

namespace parley::channels::sms {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const TimePoint kStart{std::chrono::hours(24 * 365 * 56)};

InboundPart gsmPart(std::string source, uint16_t reference, uint8_t total, uint8_t sequence,
                    std::string_view text) {
  return {std::move(source),
          {reference, total, sequence},
          kDataCodingDefault,
          encodeGsm7(text).value()};
}

// Adds and expects nothing back yet.
void addPending(Reassembler& reassembler, InboundPart part, TimePoint now = kStart) {
  auto done = reassembler.add(std::move(part), now);
  ASSERT_TRUE(done.has_value());
  ASSERT_TRUE(done->empty());
}

TEST(Reassembler, JoinsThreePartsInEveryOrder) {
  std::array<uint8_t, 3> order = {1, 2, 3};
  const std::array<const char*, 3> pieces = {"Hello ", "there, ", "friend €"};
  do {
    Reassembler reassembler;
    addPending(reassembler, gsmPart("+15550001", 9, 3, order[0], pieces[order[0] - 1]));
    addPending(reassembler, gsmPart("+15550001", 9, 3, order[1], pieces[order[1] - 1]));
    auto done = reassembler.add(gsmPart("+15550001", 9, 3, order[2], pieces[order[2] - 1]), kStart);
    ASSERT_EQ(done->size(), 1u);
    const ReassembledText& text = done->front();
    EXPECT_EQ(text.text, "Hello there, friend €");
    EXPECT_TRUE(text.isComplete());
    EXPECT_EQ(text.source, "+15550001");
    EXPECT_EQ(text.reference, 9);
    EXPECT_EQ(text.total, 3);
    EXPECT_EQ(reassembler.pendingCount(), 0u);
  } while (std::next_permutation(order.begin(), order.end()));
}

TEST(Reassembler, IgnoresDuplicateParts) {
  Reassembler reassembler;
  addPending(reassembler, gsmPart("a", 1, 2, 1, "first "));
  addPending(reassembler, gsmPart("a", 1, 2, 1, "first "));
  addPending(reassembler, gsmPart("a", 1, 2, 1, "changed "));
  auto done = reassembler.add(gsmPart("a", 1, 2, 2, "second"), kStart);
  ASSERT_EQ(done->size(), 1u);
  EXPECT_EQ(done->front().text, "first second");
}

TEST(Reassembler, KeepsInterleavedMessagesFromTwoSendersApart) {
  Reassembler reassembler;
  addPending(reassembler, gsmPart("alice", 5, 2, 1, "A1 "));
  addPending(reassembler, gsmPart("bob", 5, 2, 2, "B2"));
  addPending(reassembler, gsmPart("alice", 5, 3, 1, "other total "));  // a different key
  auto bob = reassembler.add(gsmPart("bob", 5, 2, 1, "B1 "), kStart);
  auto alice = reassembler.add(gsmPart("alice", 5, 2, 2, "A2"), kStart);
  ASSERT_EQ(bob->size(), 1u);
  ASSERT_EQ(alice->size(), 1u);
  EXPECT_EQ(bob->front().text, "B1 B2");
  EXPECT_EQ(bob->front().source, "bob");
  EXPECT_EQ(alice->front().text, "A1 A2");
  EXPECT_EQ(reassembler.pendingCount(), 1u);
}

TEST(Reassembler, ForgetsAnErasedSendersPartsAndNobodyElses) {
  Reassembler reassembler;
  addPending(reassembler, gsmPart("alice", 5, 2, 1, "before the erase "));
  addPending(reassembler, gsmPart("alice", 6, 3, 2, "another "));
  addPending(reassembler, gsmPart("bob", 5, 2, 1, "B1 "));
  EXPECT_EQ(reassembler.forget([](std::string_view source) { return source == "alice"; }), 2u);
  EXPECT_EQ(reassembler.pendingCount(), 1u);
  auto bob = reassembler.add(gsmPart("bob", 5, 2, 2, "B2"), kStart);
  ASSERT_EQ(bob->size(), 1u);
  EXPECT_EQ(bob->front().text, "B1 B2");
  // Alice's next part starts afresh: what she wrote before the erase is not joined to it.
  addPending(reassembler, gsmPart("alice", 5, 2, 2, "after"));
  auto expired = reassembler.expire(kStart + minutes(10));
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired.front().text.find("before"), std::string::npos) << expired.front().text;
  EXPECT_NE(expired.front().text.find("after"), std::string::npos);
}

TEST(Reassembler, ExpiresAMessageWithAMissingPartKeepingWhatArrived) {
  Reassembler reassembler;
  addPending(reassembler, gsmPart("a", 3, 3, 1, "one "), kStart);
  addPending(reassembler, gsmPart("a", 3, 3, 3, " three"), kStart + seconds(10));
  EXPECT_EQ(reassembler.nextDeadline(), kStart + minutes(5));
  EXPECT_TRUE(reassembler.expire(kStart + minutes(5) - seconds(1)).empty());
  auto expired = reassembler.expire(kStart + minutes(5));
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].text, "one [part 2 of 3 missing] three");
  EXPECT_EQ(expired[0].missing, (std::vector<uint8_t>{2}));
  EXPECT_FALSE(expired[0].isComplete());
  EXPECT_EQ(reassembler.pendingCount(), 0u);
  EXPECT_FALSE(reassembler.nextDeadline().has_value());
}

TEST(Reassembler, MarksARunOfMissingPartsOnce) {
  Reassembler reassembler;
  addPending(reassembler, gsmPart("a", 3, 5, 5, "end"));
  auto expired = reassembler.expire(kStart + minutes(6));
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].text, "[parts 1-4 of 5 missing]end");
  EXPECT_EQ(expired[0].missing, (std::vector<uint8_t>{1, 2, 3, 4}));
}

TEST(Reassembler, EvictsTheOldestMessageWhenTooManyArePending) {
  Reassembler reassembler({.max_pending = 2});
  addPending(reassembler, gsmPart("a", 1, 2, 1, "oldest"), kStart);
  addPending(reassembler, gsmPart("a", 2, 2, 1, "middle"), kStart + seconds(1));
  auto done = reassembler.add(gsmPart("a", 3, 2, 1, "newest"), kStart + seconds(2));
  ASSERT_EQ(done->size(), 1u);
  EXPECT_EQ(done->front().reference, 1);
  EXPECT_EQ(done->front().text, "oldest[part 2 of 2 missing]");
  EXPECT_EQ(reassembler.pendingCount(), 2u);
  EXPECT_EQ(reassembler.nextDeadline(), kStart + seconds(1) + minutes(5));
}

TEST(Reassembler, DoesNotHoldMessagesDeclaringTooManyParts) {
  Reassembler reassembler({.max_parts = 4});
  auto done = reassembler.add(gsmPart("a", 1, 200, 3, "x"), kStart);
  ASSERT_EQ(done->size(), 1u);
  EXPECT_EQ(done->front().text, "[parts 1-2 of 200 missing]x[parts 4-200 of 200 missing]");
  EXPECT_EQ(reassembler.pendingCount(), 0u);
}

TEST(Reassembler, RejectsInvalidPartsWithoutStoringThem) {
  Reassembler reassembler({.max_part_octets = 10});
  EXPECT_FALSE(reassembler.add(gsmPart("a", 1, 0, 0, "x"), kStart).has_value());
  EXPECT_FALSE(reassembler.add(gsmPart("a", 1, 2, 0, "x"), kStart).has_value());
  EXPECT_FALSE(reassembler.add(gsmPart("a", 1, 2, 3, "x"), kStart).has_value());
  EXPECT_EQ(reassembler.add(gsmPart("a", 1, 2, 1, std::string(11, 'x')), kStart).error().code,
            ErrorCode::PayloadTooLarge);
  InboundPart binary = gsmPart("a", 1, 2, 1, "x");
  binary.data_coding = 0x04;
  EXPECT_EQ(reassembler.add(binary, kStart).error().code, ErrorCode::UnsupportedMediaType);
  EXPECT_EQ(reassembler.pendingCount(), 0u);
}

TEST(Reassembler, ReadsASurrogatePairASenderSplitAcrossParts) {
  const std::string utf16 = encodeUcs2("a😀b").value();  // 00 61 | D8 3D DE 00 | 00 62
  Reassembler reassembler;
  addPending(reassembler, {"a", {1, 2, 2}, kDataCodingUcs2, utf16.substr(4)});
  auto done = reassembler.add({"a", {1, 2, 1}, kDataCodingUcs2, utf16.substr(0, 4)}, kStart);
  ASSERT_EQ(done->size(), 1u);
  EXPECT_EQ(done->front().text, "a😀b");
}

TEST(Reassembler, DecodesPartsOfDifferentCodingsEachInItsOwn) {
  Reassembler reassembler;
  addPending(reassembler, gsmPart("a", 1, 2, 1, "Hi "));
  auto done = reassembler.add({"a", {1, 2, 2}, kDataCodingUcs2, encodeUcs2("😀").value()}, kStart);
  ASSERT_EQ(done->size(), 1u);
  EXPECT_EQ(done->front().text, "Hi 😀");
}

}  // namespace
}  // namespace parley::channels::sms
