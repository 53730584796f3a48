// EsmeSession: deliver_sm as mobile-originated texts and as delivery receipts.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "channels/smpp/session.h"
#include "channels/smpp/session_test_util.h"

namespace parley::channels::smpp {
namespace {

using std::chrono::milliseconds;
using testing::ScriptedSmsc;

DeliverSm mo(std::string short_message, uint8_t data_coding = 0x00, uint8_t esm_class = 0) {
  DeliverSm deliver;
  deliver.source_addr = "447700900123";
  deliver.destination_addr = "447700900999";
  deliver.esm_class = esm_class;
  deliver.data_coding = data_coding;
  deliver.short_message = std::move(short_message);
  return deliver;
}

std::string udh(uint8_t reference, uint8_t total, uint8_t sequence) {
  return std::string("\x05\x00\x03", 3) + static_cast<char>(reference) + static_cast<char>(total) +
         static_cast<char>(sequence);
}

// Expects a deliver_sm_resp for `sequence` with `status` as the next PDU sent.
void expectAnswered(ScriptedSmsc& smsc, uint32_t sequence,
                    CommandStatus status = CommandStatus::Ok) {
  Pdu answer = smsc.next();
  EXPECT_EQ(commandId(answer.body), CommandId::DeliverSmResp);
  EXPECT_EQ(answer.sequence_number, sequence);
  EXPECT_EQ(answer.command_status, status);
}

TEST(EsmeSessionInbound, SingleTextBecomesAnInboundMessageAndIsAnswered) {
  ScriptedSmsc smsc;
  smsc.bind();
  smsc.feed(Pdu{CommandStatus::Ok, 11, mo("Hello")});
  auto inbound = smsc.take<InboundMessage>();
  ASSERT_EQ(inbound.size(), 1u);
  EXPECT_EQ(inbound[0].source, "447700900123");
  EXPECT_EQ(inbound[0].destination, "447700900999");
  EXPECT_EQ(inbound[0].text, "Hello");
  EXPECT_TRUE(inbound[0].parts_missing.empty());
  expectAnswered(smsc, 11);
}

TEST(EsmeSessionInbound, Ucs2WithAnEmojiIsDecoded) {
  ScriptedSmsc smsc;
  smsc.bind();
  const std::string utf16be("\x00H\x00i\x00 \xD8\x3D\xDE\x00", 10);
  smsc.feed(Pdu{CommandStatus::Ok, 12, mo(utf16be, 0x08)});
  auto inbound = smsc.take<InboundMessage>();
  ASSERT_EQ(inbound.size(), 1u);
  EXPECT_EQ(inbound[0].text, "Hi \xF0\x9F\x98\x80");
  expectAnswered(smsc, 12);
}

TEST(EsmeSessionInbound, ThreePartsInShuffledOrderAreReassembled) {
  ScriptedSmsc smsc;
  smsc.bind();
  const std::vector<std::string> texts = {"first ", "second ", "third"};
  const uint8_t order[] = {3, 1, 2};
  uint32_t sequence = 20;
  for (uint8_t part : order) {
    EXPECT_TRUE(smsc.take<InboundMessage>().empty());
    smsc.feed(Pdu{CommandStatus::Ok, sequence, mo(udh(0x42, 3, part) + texts[part - 1], 0, 0x40)});
    expectAnswered(smsc, sequence++);
  }
  auto inbound = smsc.take<InboundMessage>();
  ASSERT_EQ(inbound.size(), 1u);
  EXPECT_EQ(inbound[0].text, "first second third");
  EXPECT_EQ(inbound[0].parts, 3);
  EXPECT_EQ(inbound[0].destination, "447700900999");
}

TEST(EsmeSessionInbound, SarTlvsAreReassembledToo) {
  ScriptedSmsc smsc;
  smsc.bind();
  for (uint8_t part : {2, 1}) {
    DeliverSm deliver = mo(part == 1 ? "Hel" : "lo");
    deliver.tlvs.setSarMsgRefNum(0x1234);
    deliver.tlvs.setSarTotalSegments(2);
    deliver.tlvs.setSarSegmentSeqnum(part);
    smsc.feed(Pdu{CommandStatus::Ok, 30u + part, deliver});
  }
  auto inbound = smsc.take<InboundMessage>();
  ASSERT_EQ(inbound.size(), 1u);
  EXPECT_EQ(inbound[0].text, "Hello");
}

TEST(EsmeSessionInbound, AMissingPartIsMarkedAfterTheReassemblyTimeout) {
  ScriptedSmsc smsc;
  smsc.bind();
  smsc.feed(Pdu{CommandStatus::Ok, 40, mo(udh(7, 3, 1) + "one ", 0, 0x40)});
  smsc.feed(Pdu{CommandStatus::Ok, 41, mo(udh(7, 3, 3) + " three", 0, 0x40)});
  smsc.disconnect();  // parts already answered survive the connection
  smsc.events.clear();
  smsc.advance(std::chrono::minutes(5));
  auto inbound = smsc.take<InboundMessage>();
  ASSERT_EQ(inbound.size(), 1u);
  EXPECT_EQ(inbound[0].parts_missing, std::vector<uint8_t>{2});
  EXPECT_NE(inbound[0].text.find("[part 2 of 3 missing]"), std::string::npos);
}

TEST(EsmeSessionInbound, ReceiptTlvsWinOverTheText) {
  ScriptedSmsc smsc;
  smsc.bind();
  DeliverSm deliver =
      mo("id:999 sub:001 dlvrd:000 submit date:2401011200 done date:2401011201 stat:UNDELIV "
         "err:005 text:hi",
         0, 0x04);
  deliver.tlvs.setReceiptedMessageId("3E8");
  deliver.tlvs.setMessageState(MessageState::Delivered);
  deliver.tlvs.set(kTagNetworkErrorCode, std::string("\x03\x00\x00", 3));
  smsc.feed(Pdu{CommandStatus::Ok, 50, deliver});
  auto receipts = smsc.take<DeliveryReceipt>();
  ASSERT_EQ(receipts.size(), 1u);
  EXPECT_EQ(receipts[0].message_id, "3E8");
  EXPECT_EQ(receipts[0].state, MessageState::Delivered);
  EXPECT_EQ(receipts[0].network_type, 3);
  EXPECT_EQ(receipts[0].error_code, 0u);
  EXPECT_TRUE(smsc.take<InboundMessage>().empty()) << "a receipt is not a text from a customer";
  expectAnswered(smsc, 50);
}

TEST(EsmeSessionInbound, ReceiptTextIsReadWhenThereAreNoTlvs) {
  ScriptedSmsc smsc;
  smsc.bind();
  smsc.feed(Pdu{CommandStatus::Ok, 51,
                mo("id:1000 sub:001 dlvrd:000 submit date:240101120000 done date:240101120100 "
                   "stat:EXPIRED err:012 text:",
                   0, 0x04)});
  auto receipts = smsc.take<DeliveryReceipt>();
  ASSERT_EQ(receipts.size(), 1u);
  EXPECT_EQ(receipts[0].message_id, "1000");
  EXPECT_EQ(receipts[0].state, MessageState::Expired);
  EXPECT_EQ(receipts[0].error_code, 12u);
  EXPECT_FALSE(receipts[0].network_type.has_value());
  expectAnswered(smsc, 51);
}

TEST(EsmeSessionInbound, UndecodableTextIsRejectedVisibly) {
  ScriptedSmsc smsc;
  smsc.bind();
  smsc.feed(Pdu{CommandStatus::Ok, 60, mo("\x01\x02", 0x04)});  // 8-bit binary
  EXPECT_EQ(smsc.take<InboundRejected>().size(), 1u);
  expectAnswered(smsc, 60, CommandStatus::XPAppn);
}

TEST(EsmeSessionInbound, BrokenConcatenationIsReadAsATextOnItsOwn) {
  ScriptedSmsc smsc;
  smsc.bind();
  smsc.feed(Pdu{CommandStatus::Ok, 61, mo(udh(1, 2, 5) + "odd", 0, 0x40)});  // sequence > total
  auto inbound = smsc.take<InboundMessage>();
  ASSERT_EQ(inbound.size(), 1u);
  EXPECT_EQ(inbound[0].text, "odd");
  expectAnswered(smsc, 61);
}

TEST(EsmeSessionInbound, MalformedDeliverSmIsAnsweredWithItsErrorAndReadingGoesOn) {
  ScriptedSmsc smsc;
  smsc.bind();
  std::string bytes = testing::encodeOrDie(Pdu{CommandStatus::Ok, 70, mo("abc")});
  // sm_length is the octet before short_message: claim more than the body holds.
  bytes[bytes.size() - 4] = '\x50';
  smsc.feedBytes(bytes + testing::encodeOrDie(Pdu{CommandStatus::Ok, 71, mo("fine")}));
  expectAnswered(smsc, 70, CommandStatus::InvMsgLen);
  expectAnswered(smsc, 71);
  auto inbound = smsc.take<InboundMessage>();
  ASSERT_EQ(inbound.size(), 1u);
  EXPECT_EQ(inbound[0].text, "fine");
  EXPECT_EQ(smsc.session.state(), EsmeSession::State::Bound);
}

TEST(EsmeSessionInbound, DeliverSmBeforeTheBindIsAnsweredWithWrongBindState) {
  ScriptedSmsc smsc;
  smsc.connect();
  smsc.next();  // bind_transceiver
  smsc.feed(Pdu{CommandStatus::Ok, 80, mo("early")});
  expectAnswered(smsc, 80, CommandStatus::InvBndSts);
  EXPECT_TRUE(smsc.events.empty());
}

TEST(EsmeSessionInbound, DeliverSmArrivingOneByteAtATimeIsRead) {
  ScriptedSmsc smsc;
  smsc.bind();
  const std::string bytes = testing::encodeOrDie(Pdu{CommandStatus::Ok, 90, mo("drip")});
  for (char byte : bytes) {
    smsc.feedBytes(std::string_view(&byte, 1));
  }
  auto inbound = smsc.take<InboundMessage>();
  ASSERT_EQ(inbound.size(), 1u);
  EXPECT_EQ(inbound[0].text, "drip");
  expectAnswered(smsc, 90);
}

SessionConfig acknowledgingLater() {
  SessionConfig config = testing::testConfig();
  config.acknowledge_later = true;
  return config;
}

TEST(EsmeSessionInbound, AcknowledgeLaterAnswersOnlyOnceTheCallerStoredTheText) {
  ScriptedSmsc smsc(acknowledgingLater());
  smsc.bind();
  smsc.feed(Pdu{CommandStatus::Ok, 31, mo("Hello")});
  auto inbound = smsc.take<InboundMessage>();
  ASSERT_EQ(inbound.size(), 1u);
  ASSERT_NE(inbound[0].ack, 0u);
  EXPECT_TRUE(smsc.sent.empty()) << "answered before it was stored";
  smsc.session.acknowledge(inbound[0].ack, /*stored=*/true, smsc.now);
  smsc.collect();
  expectAnswered(smsc, 31);

  smsc.feed(Pdu{CommandStatus::Ok, 32, mo("Again")});
  inbound = smsc.take<InboundMessage>();
  ASSERT_EQ(inbound.size(), 1u);
  smsc.session.acknowledge(inbound[0].ack, /*stored=*/false, smsc.now);
  smsc.collect();
  expectAnswered(smsc, 32, CommandStatus::XTAppn);
}

TEST(EsmeSessionInbound, AcknowledgeLaterAnswersEarlierPartsAtOnceAndTheLastOneLater) {
  ScriptedSmsc smsc(acknowledgingLater());
  smsc.bind();
  smsc.feed(Pdu{CommandStatus::Ok, 40, mo(udh(0x07, 2, 1) + "one ", 0, 0x40)});
  expectAnswered(smsc, 40);
  smsc.feed(Pdu{CommandStatus::Ok, 41, mo(udh(0x07, 2, 2) + "two", 0, 0x40)});
  auto inbound = smsc.take<InboundMessage>();
  ASSERT_EQ(inbound.size(), 1u);
  EXPECT_EQ(inbound[0].text, "one two");
  EXPECT_TRUE(smsc.sent.empty());
  smsc.session.acknowledge(inbound[0].ack, true, smsc.now);
  smsc.collect();
  expectAnswered(smsc, 41);
}

TEST(EsmeSessionInbound, AcknowledgementOfAnEarlierConnectionIsDropped) {
  ScriptedSmsc smsc(acknowledgingLater());
  smsc.bind();
  smsc.feed(Pdu{CommandStatus::Ok, 50, mo("Hello")});
  auto inbound = smsc.take<InboundMessage>();
  ASSERT_EQ(inbound.size(), 1u);
  smsc.disconnect();
  smsc.bind();
  smsc.session.acknowledge(inbound[0].ack, true, smsc.now);
  smsc.collect();
  EXPECT_TRUE(smsc.sent.empty()) << "answered a deliver_sm of a connection that is gone";
}

TEST(EsmeSessionInbound, StopWaitsForTextsBeingStoredBeforeItUnbinds) {
  ScriptedSmsc smsc(acknowledgingLater());
  smsc.bind();
  smsc.feed(Pdu{CommandStatus::Ok, 60, mo("Hello")});
  auto inbound = smsc.take<InboundMessage>();
  ASSERT_EQ(inbound.size(), 1u);
  smsc.stop();
  EXPECT_TRUE(smsc.sent.empty()) << "unbound while a text was being stored";
  smsc.session.acknowledge(inbound[0].ack, true, smsc.now);
  smsc.collect();
  expectAnswered(smsc, 60);
  smsc.nextAs<Unbind>();
}

}  // namespace
}  // namespace parley::channels::smpp
