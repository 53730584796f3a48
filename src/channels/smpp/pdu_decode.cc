// decode(): one whole PDU from untrusted bytes. Every read is bounds-checked by Cursor; a failure
// names the field and the command_status the session answers with.

#include <expected>
#include <string>
#include <tuple>
#include <variant>

#include "channels/smpp/pdu.h"

namespace parley::channels::smpp {
namespace {

struct BodyError {
  DecodeFailure failure;
  CommandStatus status;
  std::string message;
};

template <class T>
using BodyResult = std::expected<T, BodyError>;

std::unexpected<BodyError> malformed(CommandStatus status, std::string message) {
  return std::unexpected(BodyError{DecodeFailure::MalformedBody, status, std::move(message)});
}

std::unexpected<BodyError> truncated(std::string_view field) {
  return malformed(CommandStatus::InvCmdLen, "body ends inside " + std::string(field));
}

// Reads big-endian fields from a view; never past its end.
class Cursor {
 public:
  explicit Cursor(std::string_view data) : data_(data) {}

  size_t remaining() const { return data_.size() - position_; }
  bool atEnd() const { return remaining() == 0; }

  BodyResult<uint8_t> u8(std::string_view field) {
    if (remaining() < 1) {
      return truncated(field);
    }
    return static_cast<uint8_t>(data_[position_++]);
  }
  BodyResult<uint16_t> u16(std::string_view field) {
    if (remaining() < 2) {
      return truncated(field);
    }
    const auto high = static_cast<uint8_t>(data_[position_]);
    const auto low = static_cast<uint8_t>(data_[position_ + 1]);
    position_ += 2;
    return static_cast<uint16_t>((high << 8) | low);
  }
  // A C-octet string of at most `max` octets including its NUL. No NUL within `max` octets is
  // `too_long`; the body ending first is a length error.
  BodyResult<std::string> cString(size_t max, std::string_view field, CommandStatus too_long) {
    const std::string_view window = data_.substr(position_, max);
    const size_t nul = window.find('\0');
    if (nul == std::string_view::npos) {
      if (window.size() < max) {
        return truncated(field);
      }
      return malformed(too_long, std::string(field) + " longer than " + std::to_string(max - 1) +
                                     " octets or missing its NUL");
    }
    position_ += nul + 1;
    return std::string(window.substr(0, nul));
  }
  std::string take(size_t count) {
    std::string bytes(data_.substr(position_, count));
    position_ += bytes.size();
    return bytes;
  }

 private:
  std::string_view data_;
  size_t position_ = 0;
};

// Unwraps a BodyResult into `target`, or returns its error from the enclosing function.
#define SMPP_READ(target, expression)              \
  do {                                             \
    auto read_result = (expression);               \
    if (!read_result) {                            \
      return std::unexpected(read_result.error()); \
    }                                              \
    (target) = std::move(*read_result);            \
  } while (false)

BodyResult<TlvList> readTlvs(Cursor& in) {
  TlvList list;
  while (!in.atEnd()) {
    if (in.remaining() < 4) {
      return malformed(CommandStatus::InvOptParStream, "truncated TLV header");
    }
    Tlv tlv;
    uint16_t length = 0;
    SMPP_READ(tlv.tag, in.u16("TLV tag"));
    SMPP_READ(length, in.u16("TLV length"));
    if (length > in.remaining()) {
      return malformed(CommandStatus::InvOptParStream, "TLV value beyond the body");
    }
    tlv.value = in.take(length);
    if (auto status = validateTlv(tlv)) {
      return malformed(*status, "TLV with an invalid value");
    }
    list.entries.push_back(std::move(tlv));
  }
  return list;
}

BodyResult<std::monostate> expectEnd(const Cursor& in) {
  if (!in.atEnd()) {
    return malformed(CommandStatus::InvCmdLen, "octets after the body");
  }
  return std::monostate{};
}

BodyResult<std::monostate> readBind(Cursor& in, BindTransceiver& bind) {
  SMPP_READ(bind.system_id, in.cString(kMaxSystemId, "system_id", CommandStatus::InvSysId));
  SMPP_READ(bind.password, in.cString(kMaxPassword, "password", CommandStatus::InvPaswd));
  SMPP_READ(bind.system_type, in.cString(kMaxSystemType, "system_type", CommandStatus::InvSysTyp));
  SMPP_READ(bind.interface_version, in.u8("interface_version"));
  SMPP_READ(bind.addr_ton, in.u8("addr_ton"));
  SMPP_READ(bind.addr_npi, in.u8("addr_npi"));
  SMPP_READ(bind.address_range,
            in.cString(kMaxAddressRange, "address_range", CommandStatus::SysErr));
  return expectEnd(in);
}

BodyResult<std::monostate> readBindResp(Cursor& in, CommandStatus status,
                                        BindTransceiverResp& resp) {
  if (in.atEnd() && status != CommandStatus::Ok) {
    return std::monostate{};
  }
  SMPP_READ(resp.system_id, in.cString(kMaxSystemId, "system_id", CommandStatus::InvSysId));
  SMPP_READ(resp.tlvs, readTlvs(in));
  return std::monostate{};
}

BodyResult<std::monostate> readMessageId(Cursor& in, CommandStatus status,
                                         std::string& message_id) {
  if (in.atEnd() && status != CommandStatus::Ok) {
    return std::monostate{};
  }
  SMPP_READ(message_id, in.cString(kMaxMessageId, "message_id", CommandStatus::InvMsgId));
  return expectEnd(in);
}

BodyResult<std::monostate> readAddresses(Cursor& in, ShortMessageFields& sm) {
  SMPP_READ(sm.service_type, in.cString(kMaxServiceType, "service_type", CommandStatus::InvSerTyp));
  SMPP_READ(sm.source_addr_ton, in.u8("source_addr_ton"));
  SMPP_READ(sm.source_addr_npi, in.u8("source_addr_npi"));
  SMPP_READ(sm.source_addr, in.cString(kMaxAddress, "source_addr", CommandStatus::InvSrcAdr));
  SMPP_READ(sm.dest_addr_ton, in.u8("dest_addr_ton"));
  SMPP_READ(sm.dest_addr_npi, in.u8("dest_addr_npi"));
  SMPP_READ(sm.destination_addr,
            in.cString(kMaxAddress, "destination_addr", CommandStatus::InvDstAdr));
  return std::monostate{};
}

BodyResult<std::monostate> readShortMessage(Cursor& in, ShortMessageFields& sm) {
  SMPP_READ(std::ignore, readAddresses(in, sm));
  SMPP_READ(sm.esm_class, in.u8("esm_class"));
  SMPP_READ(sm.protocol_id, in.u8("protocol_id"));
  SMPP_READ(sm.priority_flag, in.u8("priority_flag"));
  SMPP_READ(sm.schedule_delivery_time,
            in.cString(kMaxTime, "schedule_delivery_time", CommandStatus::InvSched));
  SMPP_READ(sm.validity_period, in.cString(kMaxTime, "validity_period", CommandStatus::InvExpiry));
  SMPP_READ(sm.registered_delivery, in.u8("registered_delivery"));
  SMPP_READ(sm.replace_if_present_flag, in.u8("replace_if_present_flag"));
  SMPP_READ(sm.data_coding, in.u8("data_coding"));
  SMPP_READ(sm.sm_default_msg_id, in.u8("sm_default_msg_id"));
  uint8_t sm_length = 0;
  SMPP_READ(sm_length, in.u8("sm_length"));
  if (sm_length > kMaxShortMessageBytes || sm_length > in.remaining()) {
    return malformed(CommandStatus::InvMsgLen, "sm_length beyond the body or above 254");
  }
  sm.short_message = in.take(sm_length);
  SMPP_READ(sm.tlvs, readTlvs(in));
  return std::monostate{};
}

// Each reader fills `body` in place (no variant travels inside an expected: GCC 12 warns
// falsely about that at -O3).
BodyResult<std::monostate> readBody(uint32_t command_id, CommandStatus status, Cursor& in,
                                    Body& body) {
  switch (static_cast<CommandId>(command_id)) {
    case CommandId::GenericNack:
      body.emplace<GenericNack>();
      return expectEnd(in);
    case CommandId::EnquireLink:
      body.emplace<EnquireLink>();
      return expectEnd(in);
    case CommandId::EnquireLinkResp:
      body.emplace<EnquireLinkResp>();
      return expectEnd(in);
    case CommandId::Unbind:
      body.emplace<Unbind>();
      return expectEnd(in);
    case CommandId::UnbindResp:
      body.emplace<UnbindResp>();
      return expectEnd(in);
    case CommandId::BindTransceiver:
      return readBind(in, body.emplace<BindTransceiver>());
    case CommandId::BindTransceiverResp:
      return readBindResp(in, status, body.emplace<BindTransceiverResp>());
    case CommandId::SubmitSm:
      return readShortMessage(in, body.emplace<SubmitSm>());
    case CommandId::DeliverSm:
      return readShortMessage(in, body.emplace<DeliverSm>());
    case CommandId::SubmitSmResp:
      return readMessageId(in, status, body.emplace<SubmitSmResp>().message_id);
    case CommandId::DeliverSmResp:
      return readMessageId(in, status, body.emplace<DeliverSmResp>().message_id);
    default:
      return std::unexpected(BodyError{DecodeFailure::UnknownCommand, CommandStatus::InvCmdId,
                                       "command_id not supported"});
  }
}

#undef SMPP_READ

uint32_t readU32(std::string_view bytes, size_t at) {
  uint32_t value = 0;
  for (size_t index = 0; index < 4; ++index) {
    value = (value << 8) | static_cast<uint8_t>(bytes[at + index]);
  }
  return value;
}

}  // namespace

std::expected<Pdu, DecodeError> decode(std::string_view bytes) {
  if (bytes.size() < kHeaderBytes) {
    return std::unexpected(DecodeError{DecodeFailure::BadFraming, CommandStatus::InvCmdLen, 0, 0,
                                       "PDU shorter than its header"});
  }
  const uint32_t command_length = readU32(bytes, 0);
  const uint32_t command_id = readU32(bytes, 4);
  const auto status = static_cast<CommandStatus>(readU32(bytes, 8));
  const uint32_t sequence_number = readU32(bytes, 12);
  if (command_length != bytes.size()) {
    return std::unexpected(DecodeError{DecodeFailure::BadFraming, CommandStatus::InvCmdLen,
                                       command_id, sequence_number,
                                       "command_length differs from the PDU's size"});
  }
  Cursor in(bytes.substr(kHeaderBytes));
  std::expected<Pdu, DecodeError> pdu(std::in_place, Pdu{status, sequence_number, GenericNack{}});
  auto read = readBody(command_id, status, in, pdu->body);
  if (!read) {
    BodyError& error = read.error();
    return std::unexpected(DecodeError{
        error.failure, error.status, command_id, sequence_number,
        std::string(commandIdName(static_cast<CommandId>(command_id))) + ": " + error.message});
  }
  return pdu;
}

}  // namespace parley::channels::smpp
