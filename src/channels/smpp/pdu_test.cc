#include "channels/smpp/pdu.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace parley::channels::smpp {
namespace {

// "00 0A ff" → bytes; spaces and newlines ignored.
std::string fromHex(std::string_view hex) {
  std::string bytes;
  int high = -1;
  for (char c : hex) {
    int digit = -1;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    }
    if (digit < 0) {
      continue;
    }
    if (high < 0) {
      high = digit;
    } else {
      bytes.push_back(static_cast<char>(high * 16 + digit));
      high = -1;
    }
  }
  return bytes;
}

std::string toHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : bytes) {
    if (!hex.empty()) {
      hex.push_back(' ');
    }
    hex.push_back(kDigits[c >> 4]);
    hex.push_back(kDigits[c & 0xF]);
  }
  return hex;
}

SubmitSm sampleSubmit() {
  SubmitSm submit;
  submit.source_addr_ton = 5;
  submit.source_addr = "Parley";
  submit.dest_addr_ton = 1;
  submit.dest_addr_npi = 1;
  submit.destination_addr = "447700900123";
  submit.registered_delivery = 1;
  submit.short_message = "Hello";
  submit.tlvs.setSarMsgRefNum(0x1234);
  return submit;
}

std::string encodeOrDie(const Pdu& pdu) {
  auto bytes = encode(pdu);
  EXPECT_TRUE(bytes.has_value()) << (bytes ? "" : bytes.error().message);
  return bytes.value_or("");
}

// A header plus `body` with a correct command_length.
std::string withHeader(uint32_t command_id, uint32_t sequence, std::string_view body,
                       uint32_t status = 0) {
  std::string bytes;
  auto put = [&bytes](uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      bytes.push_back(static_cast<char>(value >> shift));
    }
  };
  put(static_cast<uint32_t>(16 + body.size()));
  put(command_id);
  put(status);
  put(sequence);
  bytes.append(body);
  return bytes;
}

DecodeError decodeError(std::string_view bytes) {
  auto decoded = decode(bytes);
  EXPECT_FALSE(decoded.has_value());
  return decoded ? DecodeError{} : decoded.error();
}

TEST(SmppPdu, NamesCommandIdsAndStatuses) {
  EXPECT_EQ(commandIdName(CommandId::BindTransceiver), "bind_transceiver");
  EXPECT_EQ(commandIdName(CommandId::GenericNack), "generic_nack");
  EXPECT_EQ(commandIdName(static_cast<CommandId>(0x1234)), "unknown");
  EXPECT_EQ(commandStatusName(CommandStatus::Throttled), "ESME_RTHROTTLED");
  EXPECT_EQ(commandStatusName(CommandStatus::MsgQFul), "ESME_RMSGQFUL");
  EXPECT_EQ(commandStatusName(CommandStatus::XTAppn), "ESME_RX_T_APPN");
  EXPECT_EQ(commandStatusName(static_cast<CommandStatus>(0x400)), "ESME_UNKNOWN");
  EXPECT_TRUE(isResponse(CommandId::SubmitSmResp));
  EXPECT_FALSE(isResponse(CommandId::DeliverSm));
}

TEST(SmppPdu, EncodesBindTransceiverAsTheSpecLaysItOut) {
  BindTransceiver bind;
  bind.system_id = "parley";
  bind.password = "s3cret";
  bind.addr_ton = 1;
  bind.addr_npi = 1;
  const std::string expected = fromHex(
      "00 00 00 23"           // command_length 35 = 16 header + 19 body
      "00 00 00 09"           // command_id bind_transceiver
      "00 00 00 00"           // command_status 0 in a request
      "00 00 00 01"           // sequence_number 1
      "70 61 72 6c 65 79 00"  // system_id "parley\0"
      "73 33 63 72 65 74 00"  // password "s3cret\0"
      "00"                    // system_type "" (NUL only)
      "34"                    // interface_version 0x34 (SMPP 3.4)
      "01 01"                 // addr_ton 1, addr_npi 1
      "00");                  // address_range ""
  EXPECT_EQ(toHex(encodeOrDie(Pdu{CommandStatus::Ok, 1, bind})), toHex(expected));
}

TEST(SmppPdu, EncodesSubmitSmAsTheSpecLaysItOut) {
  const std::string expected = fromHex(
      "00 00 00 3e"                             // command_length 62 = 16 + 46
      "00 00 00 04"                             // command_id submit_sm
      "00 00 00 00"                             // command_status
      "00 00 00 02"                             // sequence_number 2
      "00"                                      // service_type ""
      "05 00"                                   // source_addr_ton 5 (alnum), npi 0
      "50 61 72 6c 65 79 00"                    // source_addr "Parley\0"
      "01 01"                                   // dest_addr_ton 1, npi 1 (E.164)
      "34 34 37 37 30 30 39 30 30 31 32 33 00"  // destination_addr "447700900123\0"
      "00 00 00"                                // esm_class, protocol_id, priority_flag
      "00"                                      // schedule_delivery_time ""
      "00"                                      // validity_period ""
      "01"                                      // registered_delivery 1 (receipt)
      "00 00 00"                                // replace_if_present, data_coding, default_msg_id
      "05"                                      // sm_length 5
      "48 65 6c 6c 6f"                          // short_message "Hello"
      "02 0c 00 02 12 34");                     // TLV sar_msg_ref_num, length 2, 0x1234
  EXPECT_EQ(toHex(encodeOrDie(Pdu{CommandStatus::Ok, 2, sampleSubmit()})), toHex(expected));
  auto decoded = decode(expected);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
  EXPECT_EQ(*decoded, (Pdu{CommandStatus::Ok, 2, sampleSubmit()}));
}

std::vector<Pdu> everyPduType() {
  BindTransceiver bind{"parley", "s3cret", "SMPP", kInterfaceVersion34, 1, 1, "^44"};
  BindTransceiverResp bind_resp{"smsc", {}};
  bind_resp.tlvs.set(kTagScInterfaceVersion, std::string(1, '\x34'));
  DeliverSm receipt;
  receipt.source_addr = "447700900123";
  receipt.esm_class = 0x04;
  receipt.short_message = "id:abc sub:001 dlvrd:001 stat:DELIVRD err:000";
  receipt.tlvs.setReceiptedMessageId("abc");
  receipt.tlvs.setMessageState(MessageState::Delivered);
  SubmitSm payload = sampleSubmit();
  payload.short_message.clear();
  payload.tlvs.setMessagePayload(std::string(3000, 'x'));
  payload.schedule_delivery_time = "000001000000000R";
  return {
      {CommandStatus::Ok, 1, bind},
      {CommandStatus::Ok, 1, bind_resp},
      {CommandStatus::BindFail, 1, BindTransceiverResp{}},
      {CommandStatus::Ok, 2, EnquireLink{}},
      {CommandStatus::Ok, 2, EnquireLinkResp{}},
      {CommandStatus::Ok, 3, Unbind{}},
      {CommandStatus::Ok, 3, UnbindResp{}},
      {CommandStatus::InvCmdId, 4, GenericNack{}},
      {CommandStatus::Ok, 5, sampleSubmit()},
      {CommandStatus::Ok, 6, payload},
      {CommandStatus::Ok, 5, SubmitSmResp{std::string(64, '7')}},
      {CommandStatus::Throttled, 5, SubmitSmResp{}},
      {CommandStatus::Ok, 0x7FFFFFFF, receipt},
      {CommandStatus::Ok, 0x7FFFFFFF, DeliverSmResp{}},
      {CommandStatus::XTAppn, 9, DeliverSmResp{}},
  };
}

TEST(SmppPdu, EveryPduTypeRoundTrips) {
  for (const Pdu& pdu : everyPduType()) {
    const std::string bytes = encodeOrDie(pdu);
    auto decoded = decode(bytes);
    ASSERT_TRUE(decoded.has_value())
        << commandIdName(commandId(pdu.body)) << ": " << decoded.error().message;
    EXPECT_EQ(*decoded, pdu) << commandIdName(commandId(pdu.body));
    EXPECT_EQ(encodeOrDie(*decoded), bytes);
  }
}

TEST(SmppPdu, HeaderOnlyPdusAreSixteenOctets) {
  EXPECT_EQ(toHex(encodeOrDie(Pdu{CommandStatus::Ok, 7, EnquireLink{}})),
            "00 00 00 10 00 00 00 15 00 00 00 00 00 00 00 07");
  EXPECT_EQ(toHex(encodeOrDie(Pdu{CommandStatus::InvCmdId, 7, GenericNack{}})),
            "00 00 00 10 80 00 00 00 00 00 00 03 00 00 00 07");
}

TEST(SmppPdu, AnErrorResponseWithoutBodyDecodesWithEmptyFields) {
  auto decoded = decode(withHeader(0x80000004, 8, "", 0x58));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->command_status, CommandStatus::Throttled);
  EXPECT_EQ(std::get<SubmitSmResp>(decoded->body).message_id, "");
  // With status OK the message_id is mandatory.
  EXPECT_EQ(decodeError(withHeader(0x80000004, 8, "")).status, CommandStatus::InvCmdLen);
}

TEST(SmppPdu, EncodeEnforcesCOctetStringMaximums) {
  BindTransceiver bind;
  bind.system_id = std::string(15, 'a');
  bind.password = std::string(8, 'b');
  bind.system_type = std::string(12, 'c');
  EXPECT_TRUE(encode(Pdu{CommandStatus::Ok, 1, bind}).has_value());
  for (auto field :
       {&BindTransceiver::system_id, &BindTransceiver::password, &BindTransceiver::system_type}) {
    BindTransceiver longer = bind;
    (longer.*field).push_back('x');
    auto encoded = encode(Pdu{CommandStatus::Ok, 1, longer});
    ASSERT_FALSE(encoded.has_value());
    EXPECT_EQ(encoded.error().code, ErrorCode::ValidationFailed);
  }
  SubmitSm submit = sampleSubmit();
  submit.destination_addr = std::string(21, '1');
  EXPECT_NE(encode(Pdu{CommandStatus::Ok, 1, submit}).error().message.find("destination_addr"),
            std::string::npos);
  EXPECT_FALSE(encode(Pdu{CommandStatus::Ok, 1, SubmitSmResp{std::string(65, 'f')}}));
}

TEST(SmppPdu, EncodeRefusesWhatCannotGoOnTheWire) {
  SubmitSm nul = sampleSubmit();
  nul.source_addr = std::string("Par\0ley", 7);
  EXPECT_FALSE(encode(Pdu{CommandStatus::Ok, 1, nul}));
  SubmitSm long_message = sampleSubmit();
  long_message.short_message = std::string(255, 'x');
  EXPECT_FALSE(encode(Pdu{CommandStatus::Ok, 1, long_message}));
  long_message.short_message.pop_back();
  EXPECT_TRUE(encode(Pdu{CommandStatus::Ok, 1, long_message}));
  SubmitSm bad_tlv = sampleSubmit();
  bad_tlv.tlvs.set(kTagSarTotalSegments, "\x01\x02");
  EXPECT_FALSE(encode(Pdu{CommandStatus::Ok, 1, bad_tlv}));
  SubmitSm huge_tlv = sampleSubmit();
  huge_tlv.tlvs.set(0x1400, std::string(70000, 'x'));
  EXPECT_FALSE(encode(Pdu{CommandStatus::Ok, 1, huge_tlv}, 1 << 20));
  SubmitSm too_big = sampleSubmit();
  too_big.tlvs.setMessagePayload(std::string(65000, 'x'));
  EXPECT_FALSE(encode(Pdu{CommandStatus::Ok, 1, too_big}, 60000));
}

// The body of sampleSubmit() up to and including validity_period, for building bad bodies.
std::string submitBodyUpToValidity() {
  return fromHex(
      "00 05 00 50 61 72 6c 65 79 00 01 01 34 34 37 37 30 30 39 30 30 31 32 33 00"
      "00 00 00 00 00");
}

TEST(SmppPdu, AStringRunningOffTheBodyIsACommandLengthError) {
  const DecodeError error = decodeError(withHeader(0x00000004, 42, fromHex("00 05 00 50 61 72")));
  EXPECT_EQ(error.failure, DecodeFailure::MalformedBody);
  EXPECT_EQ(error.status, CommandStatus::InvCmdLen);
  EXPECT_EQ(error.sequence_number, 42u);
  EXPECT_EQ(error.command_id, 0x00000004u);
  EXPECT_FALSE(error.dropsConnection());
}

TEST(SmppPdu, AStringLongerThanItsMaximumNamesTheField) {
  std::string body = fromHex("00 05 00") + std::string(21, '1') + std::string(1, '\0');
  EXPECT_EQ(decodeError(withHeader(0x00000004, 1, body)).status, CommandStatus::InvSrcAdr);
  std::string bind_body = std::string(16, 'a') + std::string(20, '\0');
  EXPECT_EQ(decodeError(withHeader(0x00000009, 1, bind_body)).status, CommandStatus::InvSysId);
  std::string password_body = std::string("a\0", 2) + std::string(9, 'p') + std::string(20, '\0');
  EXPECT_EQ(decodeError(withHeader(0x00000009, 1, password_body)).status, CommandStatus::InvPaswd);
  std::string id = std::string(65, '9') + std::string(1, '\0');
  EXPECT_EQ(decodeError(withHeader(0x80000004, 1, id)).status, CommandStatus::InvMsgId);
  std::string id_ok = std::string(64, '9') + std::string(1, '\0');
  EXPECT_TRUE(decode(withHeader(0x80000004, 1, id_ok)).has_value());
}

TEST(SmppPdu, SmLengthBeyondTheBodyIsAMessageLengthError) {
  const std::string body = submitBodyUpToValidity() + fromHex("01 00 00 00 06 48 65 6c 6c 6f");
  const DecodeError error = decodeError(withHeader(0x00000004, 77, body));
  EXPECT_EQ(error.status, CommandStatus::InvMsgLen);
  EXPECT_EQ(error.sequence_number, 77u);
  auto reply = errorResponse(error);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(*reply, (Pdu{CommandStatus::InvMsgLen, 77, SubmitSmResp{}}));
  // 255 is reserved even when the octets are there.
  const std::string reserved =
      submitBodyUpToValidity() + fromHex("01 00 00 00 ff") + std::string(255, 'x');
  EXPECT_EQ(decodeError(withHeader(0x00000004, 1, reserved)).status, CommandStatus::InvMsgLen);
}

TEST(SmppPdu, ATruncatedTlvIsAnOptionalPartError) {
  const std::string base = submitBodyUpToValidity() + fromHex("01 00 00 00 00");
  EXPECT_TRUE(decode(withHeader(0x00000004, 1, base)).has_value());
  for (const char* tail : {"02", "02 0c 00", "02 0c 00 02 12", "04 24 00 10 41 42"}) {
    const DecodeError error = decodeError(withHeader(0x00000005, 3, base + fromHex(tail)));
    EXPECT_EQ(error.status, CommandStatus::InvOptParStream) << tail;
    EXPECT_EQ(errorResponse(error), (Pdu{CommandStatus::InvOptParStream, 3, DeliverSmResp{}}));
  }
  const DecodeError wrong_size =
      decodeError(withHeader(0x00000004, 1, base + fromHex("02 0e 00 02 00 03")));
  EXPECT_EQ(wrong_size.status, CommandStatus::InvParLen);
}

TEST(SmppPdu, AnUnknownCommandIsAnsweredWithGenericNack) {
  const DecodeError error = decodeError(withHeader(0x00000103, 1234, "whatever"));
  EXPECT_EQ(error.failure, DecodeFailure::UnknownCommand);
  EXPECT_EQ(error.status, CommandStatus::InvCmdId);
  EXPECT_EQ(error.command_id, 0x00000103u);
  EXPECT_EQ(errorResponse(error), (Pdu{CommandStatus::InvCmdId, 1234, GenericNack{}}));
  EXPECT_EQ(decodeError(withHeader(0x12345678, 5, "")).failure, DecodeFailure::UnknownCommand);
}

TEST(SmppPdu, OctetsAfterAHeaderOnlyPduAreACommandLengthError) {
  const DecodeError error = decodeError(withHeader(0x00000015, 9, "x"));
  EXPECT_EQ(error.status, CommandStatus::InvCmdLen);
  EXPECT_EQ(errorResponse(error), (Pdu{CommandStatus::InvCmdLen, 9, GenericNack{}}));
}

TEST(SmppPdu, AMalformedResponseIsNotAnswered) {
  const DecodeError error = decodeError(withHeader(0x80000004, 9, "abc"));
  EXPECT_EQ(error.failure, DecodeFailure::MalformedBody);
  EXPECT_FALSE(errorResponse(error).has_value());
}

TEST(SmppPdu, DecodeChecksTheFramingItIsGiven) {
  EXPECT_EQ(decodeError("short").failure, DecodeFailure::BadFraming);
  std::string bytes = encodeOrDie(Pdu{CommandStatus::Ok, 1, EnquireLink{}});
  bytes.push_back('\0');
  EXPECT_TRUE(decodeError(bytes).dropsConnection());
}

TEST(SmppTlv, UnknownTagsArePreservedInOrder) {
  SubmitSm submit = sampleSubmit();
  submit.tlvs.set(0x1501, "vendor");
  submit.tlvs.set(0x0005, "");
  submit.tlvs.setSarTotalSegments(3);
  auto decoded = decode(encodeOrDie(Pdu{CommandStatus::Ok, 1, submit}));
  ASSERT_TRUE(decoded.has_value());
  const auto& tlvs = std::get<SubmitSm>(decoded->body).tlvs;
  ASSERT_EQ(tlvs.entries.size(), 4u);
  EXPECT_EQ(tlvs.entries[0].tag, kTagSarMsgRefNum);
  EXPECT_EQ(tlvs.entries[1], (Tlv{0x1501, "vendor"}));
  EXPECT_EQ(tlvs.entries[2], (Tlv{0x0005, ""}));
  EXPECT_EQ(tlvs.sarTotalSegments(), 3);
}

TEST(SmppTlv, HelpersReadWhatTheyWrite) {
  TlvList tlvs;
  EXPECT_FALSE(tlvs.messagePayload().has_value());
  tlvs.setMessagePayload("long text");
  tlvs.setSarMsgRefNum(0xBEEF);
  tlvs.setSarTotalSegments(3);
  tlvs.setSarSegmentSeqnum(2);
  tlvs.setReceiptedMessageId("0A1B2C");
  tlvs.setMessageState(MessageState::Undeliverable);
  EXPECT_EQ(tlvs.messagePayload(), "long text");
  EXPECT_EQ(tlvs.sarMsgRefNum(), 0xBEEF);
  EXPECT_EQ(tlvs.sarTotalSegments(), 3);
  EXPECT_EQ(tlvs.sarSegmentSeqnum(), 2);
  EXPECT_EQ(tlvs.receiptedMessageId(), "0A1B2C");
  EXPECT_EQ(tlvs.find(kTagReceiptedMessageId)->value, std::string("0A1B2C\0", 7));
  EXPECT_EQ(tlvs.messageState(), MessageState::Undeliverable);
  tlvs.setSarSegmentSeqnum(3);
  EXPECT_EQ(tlvs.entries.size(), 6u);
  tlvs.erase(kTagMessagePayload);
  EXPECT_EQ(tlvs.entries.size(), 5u);
}

TEST(SmppTlv, AReceiptedMessageIdMustEndWithItsNul) {
  EXPECT_EQ(validateTlv(Tlv{kTagReceiptedMessageId, "abc"}), CommandStatus::InvOptParamVal);
  EXPECT_EQ(validateTlv(Tlv{kTagReceiptedMessageId, std::string(66, '\0')}),
            CommandStatus::InvParLen);
  EXPECT_FALSE(validateTlv(Tlv{kTagReceiptedMessageId, std::string("abc\0", 4)}));
  EXPECT_FALSE(validateTlv(Tlv{0x7777, "anything"}));
}

}  // namespace
}  // namespace parley::channels::smpp
