#pragma once
// SMPP 3.4 PDUs for an ESME (Parley is the client of an SMS center): typed structs, exact wire
// encoding and decoding of one whole PDU. Pure code, no I/O; PduReader (pdu_reader.h) frames a
// byte stream into PDUs. Reference: SMPP v3.4 Issue 1.2 §3-§5, summarised in channels.md §6.
// Input: untrusted (the SMS center and anything on the path); every length is checked, nothing
// throws, nothing reads past the bytes given.
//
// Wire layout: a 16-octet header of four big-endian u32 (command_length including the header,
// command_id, command_status, sequence_number), then the body: C-octet strings (NUL-terminated,
// maximum sizes below include the NUL), u8 integers, sm_length + short_message, then TLVs.

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "channels/smpp/tlv.h"
#include "core/error.h"

namespace parley::channels::smpp {

inline constexpr size_t kHeaderBytes = 16;
inline constexpr uint8_t kInterfaceVersion34 = 0x34;
// The largest short_message (sm_length is one octet; 255 is reserved).
inline constexpr size_t kMaxShortMessageBytes = 254;
// The largest PDU accepted by default: a message_payload of up to 64 K fits with room for the rest.
inline constexpr size_t kDefaultMaxPduBytes = 64 * 1024 + 1024;

// C-octet string maximum sizes including the NUL (SMPP 3.4 §4).
inline constexpr size_t kMaxSystemId = 16;
inline constexpr size_t kMaxPassword = 9;
inline constexpr size_t kMaxSystemType = 13;
inline constexpr size_t kMaxAddressRange = 41;
inline constexpr size_t kMaxServiceType = 6;
inline constexpr size_t kMaxAddress = 21;
inline constexpr size_t kMaxTime = 17;  // schedule_delivery_time, validity_period
inline constexpr size_t kMaxMessageId = 65;

enum class CommandId : uint32_t {
  GenericNack = 0x80000000,
  BindReceiver = 0x00000001,
  BindReceiverResp = 0x80000001,
  BindTransmitter = 0x00000002,
  BindTransmitterResp = 0x80000002,
  QuerySm = 0x00000003,
  QuerySmResp = 0x80000003,
  SubmitSm = 0x00000004,
  SubmitSmResp = 0x80000004,
  DeliverSm = 0x00000005,
  DeliverSmResp = 0x80000005,
  Unbind = 0x00000006,
  UnbindResp = 0x80000006,
  BindTransceiver = 0x00000009,
  BindTransceiverResp = 0x80000009,
  Outbind = 0x0000000B,
  EnquireLink = 0x00000015,
  EnquireLinkResp = 0x80000015,
  AlertNotification = 0x00000102,
  DataSm = 0x00000103,
  DataSmResp = 0x80000103,
};

// "bind_transceiver", …; "unknown" for a value outside the list.
std::string_view commandIdName(CommandId id);
// True for the *_resp ids and generic_nack (bit 31 set): never answered.
constexpr bool isResponse(CommandId id) { return (static_cast<uint32_t>(id) & 0x80000000u) != 0; }

// command_status values Parley handles (channels.md §6.2 and a few more of SMPP 3.4 §5.1.3). The
// field is a u32 on the wire; any value is carried, named or not.
enum class CommandStatus : uint32_t {
  Ok = 0x00,
  InvMsgLen = 0x01,
  InvCmdLen = 0x02,
  InvCmdId = 0x03,
  InvBndSts = 0x04,
  AlyBnd = 0x05,
  InvPrtFlg = 0x06,
  InvRegDlvFlg = 0x07,
  SysErr = 0x08,
  InvSrcAdr = 0x0A,
  InvDstAdr = 0x0B,
  InvMsgId = 0x0C,
  BindFail = 0x0D,
  InvPaswd = 0x0E,
  InvSysId = 0x0F,
  MsgQFul = 0x14,
  InvSerTyp = 0x15,
  InvEsmClass = 0x43,
  SubmitFail = 0x45,
  InvSysTyp = 0x53,
  Throttled = 0x58,
  InvSched = 0x61,
  InvExpiry = 0x62,
  XTAppn = 0x64,
  XPAppn = 0x65,
  InvOptParStream = 0xC0,
  OptParNotAllwd = 0xC1,
  InvParLen = 0xC2,
  MissingOptParam = 0xC3,
  InvOptParamVal = 0xC4,
  DeliveryFailure = 0xFE,
  UnknownErr = 0xFF,
};

// "ESME_ROK", "ESME_RTHROTTLED", …; "ESME_UNKNOWN" for a value outside the list.
std::string_view commandStatusName(CommandStatus status);

// Header-only PDUs.
struct GenericNack {
  bool operator==(const GenericNack&) const = default;
};
struct EnquireLink {
  bool operator==(const EnquireLink&) const = default;
};
struct EnquireLinkResp {
  bool operator==(const EnquireLinkResp&) const = default;
};
struct Unbind {
  bool operator==(const Unbind&) const = default;
};
struct UnbindResp {
  bool operator==(const UnbindResp&) const = default;
};

struct BindTransceiver {
  std::string system_id;    // <= 15 octets
  std::string password;     // <= 8
  std::string system_type;  // <= 12
  uint8_t interface_version = kInterfaceVersion34;
  uint8_t addr_ton = 0;
  uint8_t addr_npi = 0;
  std::string address_range;  // <= 40
  bool operator==(const BindTransceiver&) const = default;
};

// A response with a non-zero command_status may come without a body; it then decodes with an
// empty system_id, and encodes without one when system_id and tlvs are empty.
struct BindTransceiverResp {
  std::string system_id;  // the SMS center's, <= 15
  TlvList tlvs;           // sc_interface_version 0x0210
  bool operator==(const BindTransceiverResp&) const = default;
};

// The mandatory body shared by submit_sm and deliver_sm (SMPP 3.4 §4.4.1, §4.6.1).
struct ShortMessageFields {
  std::string service_type;  // <= 5
  uint8_t source_addr_ton = 0;
  uint8_t source_addr_npi = 0;
  std::string source_addr;  // <= 20
  uint8_t dest_addr_ton = 0;
  uint8_t dest_addr_npi = 0;
  std::string destination_addr;  // <= 20
  uint8_t esm_class = 0;
  uint8_t protocol_id = 0;
  uint8_t priority_flag = 0;
  std::string schedule_delivery_time;  // <= 16
  std::string validity_period;         // <= 16
  uint8_t registered_delivery = 0;
  uint8_t replace_if_present_flag = 0;
  uint8_t data_coding = 0;
  uint8_t sm_default_msg_id = 0;
  std::string short_message;  // <= 254 octets; sm_length is its size
  TlvList tlvs;
  bool operator==(const ShortMessageFields&) const = default;
};

struct SubmitSm : ShortMessageFields {
  bool operator==(const SubmitSm&) const = default;
};
struct DeliverSm : ShortMessageFields {
  bool operator==(const DeliverSm&) const = default;
};

// submit_sm_resp / deliver_sm_resp: message_id (<= 64; unused and empty in deliver_sm_resp).
// Like BindTransceiverResp, the body may be absent when command_status is not Ok.
struct SubmitSmResp {
  std::string message_id;
  bool operator==(const SubmitSmResp&) const = default;
};
struct DeliverSmResp {
  std::string message_id;
  bool operator==(const DeliverSmResp&) const = default;
};

using Body =
    std::variant<GenericNack, BindTransceiver, BindTransceiverResp, EnquireLink, EnquireLinkResp,
                 Unbind, UnbindResp, SubmitSm, SubmitSmResp, DeliverSm, DeliverSmResp>;

// One PDU; command_id follows from the body's type and command_length from the encoding.
struct Pdu {
  CommandStatus command_status = CommandStatus::Ok;
  uint32_t sequence_number = 0;  // 1..0x7FFFFFFF in requests, echoed in the response
  Body body;
  bool operator==(const Pdu&) const = default;
};

CommandId commandId(const Body& body);

// The exact wire bytes of `pdu`. Fails (ValidationFailed, naming the field) when a C-octet string
// is longer than its maximum or holds a NUL, short_message exceeds 254 octets, a TLV value exceeds
// 65535 octets or a known TLV has the wrong size, or the whole PDU would exceed `max_pdu_bytes`.
[[nodiscard]] Result<std::string> encode(const Pdu& pdu,
                                         size_t max_pdu_bytes = kDefaultMaxPduBytes);

// How a PDU failed to decode, and what the session does about it.
enum class DecodeFailure {
  // command_length below 16 or above the limit: the stream cannot be framed any more; drop the
  // connection (after a generic_nack with `status`, if the session wishes).
  BadFraming,
  // A command_id this layer does not decode: answer generic_nack(ESME_RINVCMDID, same sequence).
  UnknownCommand,
  // A known command whose body is malformed: answer the request with `status` (see
  // errorResponse); the connection stays up.
  MalformedBody,
};

struct DecodeError {
  DecodeFailure failure = DecodeFailure::BadFraming;
  CommandStatus status = CommandStatus::SysErr;  // what to answer with
  uint32_t command_id = 0;                       // as received (0 when not read)
  uint32_t sequence_number = 0;                  // as received (0 when not read)
  std::string message;  // for logs: names the field, never contains message text

  bool dropsConnection() const { return failure == DecodeFailure::BadFraming; }
};

// Decodes exactly one PDU from `bytes`, which must be the whole PDU (its command_length must equal
// bytes.size(), else BadFraming). A response with a non-zero command_status and an empty body
// decodes with empty fields. TLVs are kept in order, unknown tags included.
[[nodiscard]] std::expected<Pdu, DecodeError> decode(std::string_view bytes);

// The PDU a session sends back for `error`: generic_nack(status) for BadFraming and
// UnknownCommand and for a malformed header-only request, the request's own *_resp carrying
// `status` for a malformed bind_transceiver / submit_sm / deliver_sm, and nothing for a malformed
// response (responses are never answered; the pending request fails instead).
std::optional<Pdu> errorResponse(const DecodeError& error);

}  // namespace parley::channels::smpp
