// encode(): the exact wire bytes of a Pdu, refusing what the peer would have to refuse.

#include <limits>
#include <optional>
#include <string>

#include "channels/smpp/pdu.h"

namespace parley::channels::smpp {
namespace {

// Appends big-endian fields; the first invalid field is remembered and fails the whole encode.
class Writer {
 public:
  void u8(uint8_t value) { out_.push_back(static_cast<char>(value)); }
  void u16(uint16_t value) {
    u8(static_cast<uint8_t>(value >> 8));
    u8(static_cast<uint8_t>(value));
  }
  void u32(uint32_t value) {
    u16(static_cast<uint16_t>(value >> 16));
    u16(static_cast<uint16_t>(value));
  }
  // `max` includes the NUL. An embedded NUL would end the string early on the wire.
  void cString(std::string_view value, size_t max, std::string_view field) {
    if (value.size() + 1 > max) {
      invalid(std::string(field) + " longer than " + std::to_string(max - 1) + " octets");
      return;
    }
    if (value.find('\0') != std::string_view::npos) {
      invalid(std::string(field) + " contains a NUL");
      return;
    }
    out_.append(value);
    u8(0);
  }
  void tlvs(const TlvList& list) {
    for (const Tlv& tlv : list.entries) {
      if (tlv.value.size() > std::numeric_limits<uint16_t>::max()) {
        invalid("TLV 0x" + hex(tlv.tag) + " longer than 65535 octets");
        return;
      }
      if (validateTlv(tlv)) {
        invalid("TLV 0x" + hex(tlv.tag) + " has an invalid value");
        return;
      }
      u16(tlv.tag);
      u16(static_cast<uint16_t>(tlv.value.size()));
      out_.append(tlv.value);
    }
  }
  void invalid(std::string message) {
    if (!error_) {
      error_ = std::move(message);
    }
  }
  const std::optional<std::string>& error() const { return error_; }
  std::string& bytes() { return out_; }

 private:
  static std::string hex(uint16_t tag) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string text;
    for (int shift = 12; shift >= 0; shift -= 4) {
      text.push_back(kDigits[(tag >> shift) & 0xF]);
    }
    return text;
  }

  std::string out_;
  std::optional<std::string> error_;
};

// A response carrying an error may omit its body (SMPP 3.4 §4.1.2 and §4.4.2); we do when there is
// nothing to say, so that such a response round-trips.
bool omitsBody(CommandStatus status, bool fields_empty) {
  return status != CommandStatus::Ok && fields_empty;
}

struct BodyWriter {
  Writer& out;
  CommandStatus status;

  void operator()(const GenericNack&) const {}
  void operator()(const EnquireLink&) const {}
  void operator()(const EnquireLinkResp&) const {}
  void operator()(const Unbind&) const {}
  void operator()(const UnbindResp&) const {}
  void operator()(const BindTransceiver& bind) const {
    out.cString(bind.system_id, kMaxSystemId, "system_id");
    out.cString(bind.password, kMaxPassword, "password");
    out.cString(bind.system_type, kMaxSystemType, "system_type");
    out.u8(bind.interface_version);
    out.u8(bind.addr_ton);
    out.u8(bind.addr_npi);
    out.cString(bind.address_range, kMaxAddressRange, "address_range");
  }
  void operator()(const BindTransceiverResp& resp) const {
    if (omitsBody(status, resp.system_id.empty() && resp.tlvs.empty())) {
      return;
    }
    out.cString(resp.system_id, kMaxSystemId, "system_id");
    out.tlvs(resp.tlvs);
  }
  void operator()(const SubmitSm& submit) const { shortMessage(submit); }
  void operator()(const DeliverSm& deliver) const { shortMessage(deliver); }
  void operator()(const SubmitSmResp& resp) const { messageId(resp.message_id); }
  void operator()(const DeliverSmResp& resp) const { messageId(resp.message_id); }

  void messageId(const std::string& message_id) const {
    if (!omitsBody(status, message_id.empty())) {
      out.cString(message_id, kMaxMessageId, "message_id");
    }
  }
  void shortMessage(const ShortMessageFields& sm) const {
    out.cString(sm.service_type, kMaxServiceType, "service_type");
    out.u8(sm.source_addr_ton);
    out.u8(sm.source_addr_npi);
    out.cString(sm.source_addr, kMaxAddress, "source_addr");
    out.u8(sm.dest_addr_ton);
    out.u8(sm.dest_addr_npi);
    out.cString(sm.destination_addr, kMaxAddress, "destination_addr");
    out.u8(sm.esm_class);
    out.u8(sm.protocol_id);
    out.u8(sm.priority_flag);
    out.cString(sm.schedule_delivery_time, kMaxTime, "schedule_delivery_time");
    out.cString(sm.validity_period, kMaxTime, "validity_period");
    out.u8(sm.registered_delivery);
    out.u8(sm.replace_if_present_flag);
    out.u8(sm.data_coding);
    out.u8(sm.sm_default_msg_id);
    if (sm.short_message.size() > kMaxShortMessageBytes) {
      out.invalid("short_message longer than 254 octets");
      return;
    }
    out.u8(static_cast<uint8_t>(sm.short_message.size()));
    out.bytes().append(sm.short_message);
    out.tlvs(sm.tlvs);
  }
};

}  // namespace

Result<std::string> encode(const Pdu& pdu, size_t max_pdu_bytes) {
  Writer out;
  out.u32(0);  // command_length, patched below
  out.u32(static_cast<uint32_t>(commandId(pdu.body)));
  out.u32(static_cast<uint32_t>(pdu.command_status));
  out.u32(pdu.sequence_number);
  std::visit(BodyWriter{out, pdu.command_status}, pdu.body);
  if (out.error()) {
    return fail(ErrorCode::ValidationFailed, *out.error());
  }
  std::string& bytes = out.bytes();
  if (bytes.size() > max_pdu_bytes) {
    return fail(ErrorCode::ValidationFailed,
                "PDU larger than " + std::to_string(max_pdu_bytes) + " octets");
  }
  const auto length = static_cast<uint32_t>(bytes.size());
  for (int index = 0; index < 4; ++index) {
    bytes[index] = static_cast<char>(length >> (24 - 8 * index));
  }
  return std::move(bytes);
}

}  // namespace parley::channels::smpp
