#include "channels/smpp/pdu_reader.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace parley::channels::smpp {
namespace {

std::string encodeOrDie(const Pdu& pdu) {
  auto bytes = encode(pdu);
  EXPECT_TRUE(bytes.has_value());
  return bytes.value_or("");
}

// One line per next() result, comparable across feeding patterns.
std::string describe(const PduReader::Decoded& decoded) {
  if (decoded) {
    return "pdu " + std::string(commandIdName(commandId(decoded->body))) + " #" +
           std::to_string(decoded->sequence_number);
  }
  const DecodeError& error = decoded.error();
  return "error " + std::string(commandStatusName(error.status)) + " #" +
         std::to_string(error.sequence_number) + (error.dropsConnection() ? " drop" : "");
}

std::vector<std::string> drain(PduReader& reader) {
  std::vector<std::string> lines;
  while (auto decoded = reader.next()) {
    lines.push_back(describe(*decoded));
  }
  return lines;
}

// Feeds `stream` cut at `cuts` (ascending offsets) and drains after every piece.
std::vector<std::string> readInPieces(std::string_view stream, const std::vector<size_t>& cuts) {
  PduReader reader;
  std::vector<std::string> lines;
  size_t from = 0;
  for (size_t cut : cuts) {
    reader.feed(stream.substr(from, cut - from));
    for (auto& line : drain(reader)) {
      lines.push_back(std::move(line));
    }
    from = cut;
  }
  reader.feed(stream.substr(from));
  for (auto& line : drain(reader)) {
    lines.push_back(std::move(line));
  }
  EXPECT_EQ(reader.buffered(), 0u);
  return lines;
}

// Four good PDUs, a submit_sm whose sm_length runs past its body, an unknown command, one more.
std::string mixedStream() {
  DeliverSm deliver;
  deliver.source_addr = "447700900123";
  deliver.short_message = "STOP";
  deliver.tlvs.setSarMsgRefNum(7);
  std::string stream = encodeOrDie(Pdu{CommandStatus::Ok, 1, BindTransceiverResp{"smsc", {}}});
  stream += encodeOrDie(Pdu{CommandStatus::Ok, 2, EnquireLink{}});
  stream += encodeOrDie(Pdu{CommandStatus::Ok, 3, deliver});
  stream += encodeOrDie(Pdu{CommandStatus::Ok, 4, SubmitSmResp{"msg-4"}});
  std::string bad = encodeOrDie(Pdu{CommandStatus::Ok, 5, deliver});
  bad[16 + 1 + 2 + 13 + 2 + 1 + 3 + 1 + 1 + 4] = '\x7f';  // sm_length of the deliver_sm above
  stream += bad;
  stream += std::string("\x00\x00\x00\x14\x00\x00\x01\x03\x00\x00\x00\x00\x00\x00\x00\x06xyzw", 20);
  stream += encodeOrDie(Pdu{CommandStatus::Ok, 7, Unbind{}});
  return stream;
}

const std::vector<std::string> kMixedExpected = {"pdu bind_transceiver_resp #1",
                                                 "pdu enquire_link #2",
                                                 "pdu deliver_sm #3",
                                                 "pdu submit_sm_resp #4",
                                                 "error ESME_RINVMSGLEN #5",
                                                 "error ESME_RINVCMDID #6",
                                                 "pdu unbind #7"};

TEST(SmppPduReader, ReadsAWholeStreamFedAtOnce) {
  EXPECT_EQ(readInPieces(mixedStream(), {}), kMixedExpected);
}

TEST(SmppPduReader, GivesTheSameResultsWhereverTheStreamIsSplit) {
  const std::string stream = mixedStream();
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    ASSERT_EQ(readInPieces(stream, {cut}), kMixedExpected) << "split at " << cut;
  }
}

TEST(SmppPduReader, ReadsOneByteAtATime) {
  const std::string stream = mixedStream();
  std::vector<size_t> cuts;
  for (size_t cut = 1; cut < stream.size(); ++cut) {
    cuts.push_back(cut);
  }
  EXPECT_EQ(readInPieces(stream, cuts), kMixedExpected);
}

TEST(SmppPduReader, ReadsRandomChunks) {
  const std::string stream = mixedStream() + mixedStream();
  std::mt19937 random(5);
  for (int round = 0; round < 200; ++round) {
    std::vector<size_t> cuts;
    for (size_t at = 1 + random() % 40; at < stream.size(); at += 1 + random() % 40) {
      cuts.push_back(at);
    }
    std::vector<std::string> expected = kMixedExpected;
    expected.insert(expected.end(), kMixedExpected.begin(), kMixedExpected.end());
    ASSERT_EQ(readInPieces(stream, cuts), expected);
  }
}

TEST(SmppPduReader, KeepsAnIncompletePduUntilItsLastByte) {
  const std::string bytes = encodeOrDie(Pdu{CommandStatus::Ok, 9, SubmitSmResp{"abc"}});
  PduReader reader;
  reader.feed(bytes.substr(0, bytes.size() - 1));
  EXPECT_FALSE(reader.next().has_value());
  EXPECT_EQ(reader.buffered(), bytes.size() - 1);
  reader.feed(bytes.substr(bytes.size() - 1));
  auto decoded = reader.next();
  ASSERT_TRUE(decoded.has_value());
  ASSERT_TRUE(decoded->has_value());
  EXPECT_EQ((*decoded)->body, Body(SubmitSmResp{"abc"}));
  EXPECT_FALSE(reader.next().has_value());
}

TEST(SmppPduReader, ACommandLengthBelowTheHeaderDropsTheConnection) {
  PduReader reader;
  reader.feed(std::string("\x00\x00\x00\x0f", 4));
  auto decoded = reader.next();
  ASSERT_TRUE(decoded.has_value());
  ASSERT_FALSE(decoded->has_value());
  EXPECT_EQ(decoded->error().failure, DecodeFailure::BadFraming);
  EXPECT_EQ(decoded->error().status, CommandStatus::InvCmdLen);
  EXPECT_TRUE(decoded->error().dropsConnection());
  EXPECT_TRUE(reader.hasFailed());
  reader.feed(encodeOrDie(Pdu{CommandStatus::Ok, 2, EnquireLink{}}));
  EXPECT_FALSE(reader.next().has_value());
  EXPECT_EQ(reader.buffered(), 0u);
}

TEST(SmppPduReader, ACommandLengthAboveTheLimitDropsTheConnectionBeforeBuffering) {
  PduReader reader(1024);
  reader.feed(std::string("\x00\x00\x04\x01", 4));
  auto decoded = reader.next();
  ASSERT_TRUE(decoded.has_value());
  ASSERT_FALSE(decoded->has_value());
  EXPECT_TRUE(decoded->error().dropsConnection());
  PduReader big;
  big.feed(std::string("\xff\xff\xff\xff", 4));
  EXPECT_EQ(drain(big), std::vector<std::string>{"error ESME_RINVCMDLEN #0 drop"});
}

TEST(SmppPduReader, ReadsAPduOfExactlyTheLimit) {
  SubmitSm submit;
  submit.tlvs.setMessagePayload(std::string(1000, 'x'));
  const std::string bytes = encodeOrDie(Pdu{CommandStatus::Ok, 1, submit});
  PduReader reader(bytes.size());
  reader.feed(bytes);
  EXPECT_EQ(drain(reader), std::vector<std::string>{"pdu submit_sm #1"});
  PduReader smaller(bytes.size() - 1);
  smaller.feed(bytes);
  EXPECT_EQ(drain(smaller), std::vector<std::string>{"error ESME_RINVCMDLEN #0 drop"});
}

}  // namespace
}  // namespace parley::channels::smpp
