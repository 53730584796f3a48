// Fuzz target: bytes from an SMS center as the SMPP session reads them. The input's first octet
// seeds the chunk sizes the rest is fed to a PduReader in; every PDU decoded must re-encode, and
// decode(encode(p)) must give p back. Any input must give PDUs or DecodeErrors, never a crash.

#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "channels/smpp/pdu_reader.h"

namespace {

using parley::channels::smpp::decode;
using parley::channels::smpp::encode;
using parley::channels::smpp::Pdu;
using parley::channels::smpp::PduReader;

void checkRoundTrip(const Pdu& pdu) {
  auto bytes = encode(pdu);
  if (!bytes) {
    std::abort();  // what decode accepted, encode must accept
  }
  auto again = decode(*bytes);
  if (!again || !(*again == pdu)) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) {
    return 0;
  }
  std::minstd_rand chunks(data[0]);
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  PduReader reader(4096);
  size_t at = 0;
  while (at < input.size() && !reader.hasFailed()) {
    const size_t chunk = 1 + chunks() % 64;
    reader.feed(input.substr(at, chunk));
    at += chunk;
    while (auto decoded = reader.next()) {
      if (decoded->has_value()) {
        checkRoundTrip(**decoded);
      } else {
        (void)parley::channels::smpp::errorResponse(decoded->error());
      }
    }
  }
  return 0;
}

namespace {

std::string seedFrom(std::vector<Pdu> pdus) {
  std::string stream(1, '\x07');  // chunk-size seed
  for (const Pdu& pdu : pdus) {
    stream += encode(pdu).value_or("");
  }
  return stream;
}

}  // namespace

std::vector<std::string> fuzzSeeds() {
  using namespace parley::channels::smpp;
  SubmitSm submit;
  submit.source_addr_ton = 5;
  submit.source_addr = "Parley";
  submit.dest_addr_ton = 1;
  submit.dest_addr_npi = 1;
  submit.destination_addr = "447700900123";
  submit.registered_delivery = 1;
  submit.short_message = "Hello";
  submit.tlvs.setSarMsgRefNum(0x1234);
  submit.tlvs.setSarTotalSegments(2);
  submit.tlvs.setSarSegmentSeqnum(1);
  DeliverSm receipt;
  receipt.source_addr = "447700900123";
  receipt.esm_class = 0x04;
  receipt.short_message = "id:abc sub:001 dlvrd:001 stat:DELIVRD err:000 text:Hi";
  receipt.tlvs.setReceiptedMessageId("abc");
  receipt.tlvs.setMessageState(MessageState::Delivered);
  receipt.tlvs.set(0x1501, "vendor");
  DeliverSm payload;
  payload.data_coding = 0x08;
  payload.tlvs.setMessagePayload(std::string("\x00H\x00i\xd8\x3d\xde\x00", 8));
  BindTransceiverResp bind_resp{"smsc", {}};
  bind_resp.tlvs.set(kTagScInterfaceVersion, "\x34");
  return {
      seedFrom({{CommandStatus::Ok, 1, BindTransceiver{"parley", "s3cret", "", 0x34, 1, 1, ""}},
                {CommandStatus::Ok, 1, bind_resp}}),
      seedFrom({{CommandStatus::Ok, 2, submit}, {CommandStatus::Ok, 2, SubmitSmResp{"0A1B"}}}),
      seedFrom({{CommandStatus::Ok, 3, receipt}, {CommandStatus::Ok, 4, payload}}),
      seedFrom({{CommandStatus::Ok, 5, EnquireLink{}},
                {CommandStatus::Ok, 5, EnquireLinkResp{}},
                {CommandStatus::Throttled, 6, SubmitSmResp{}},
                {CommandStatus::InvCmdId, 7, GenericNack{}},
                {CommandStatus::Ok, 8, Unbind{}},
                {CommandStatus::Ok, 8, UnbindResp{}},
                {CommandStatus::Ok, 9, DeliverSmResp{}}}),
  };
}
