#pragma once
// SMPP 3.4 optional parameters (TLVs): tag u16, length u16, value, all big-endian, after the
// mandatory body of submit_sm, deliver_sm and bind_transceiver_resp. Pure data, no I/O.
//
// A TlvList keeps every TLV in wire order, unknown tags included, so a PDU decodes and re-encodes
// to the same list. The typed helpers read and write the tags Parley uses; a known tag whose value
// has the wrong size is refused by both encode and decode (see validateTlv), so helpers never see
// it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::channels::smpp {

enum class CommandStatus : uint32_t;

// Tags (SMPP 3.4 §5.3.2).
inline constexpr uint16_t kTagReceiptedMessageId = 0x001E;  // C-octet string, <= 65 incl. NUL
inline constexpr uint16_t kTagSarMsgRefNum = 0x020C;        // u16
inline constexpr uint16_t kTagSarTotalSegments = 0x020E;    // u8
inline constexpr uint16_t kTagSarSegmentSeqnum = 0x020F;    // u8
inline constexpr uint16_t kTagScInterfaceVersion = 0x0210;  // u8
inline constexpr uint16_t kTagNetworkErrorCode = 0x0423;    // 3 octets
inline constexpr uint16_t kTagMessagePayload = 0x0424;      // octets, up to 64 K
inline constexpr uint16_t kTagMessageState = 0x0427;        // u8

// message_state values (SMPP 3.4 §5.2.28); a receipt's stat: field carries the same names.
enum class MessageState : uint8_t {
  Enroute = 1,
  Delivered = 2,
  Expired = 3,
  Deleted = 4,
  Undeliverable = 5,
  Accepted = 6,
  Unknown = 7,
  Rejected = 8,
};

struct Tlv {
  uint16_t tag = 0;
  std::string value;  // raw octets, as on the wire
  bool operator==(const Tlv&) const = default;
};

// Returns the command_status to refuse `tlv` with when it is a known tag of the wrong size
// (ESME_RINVPARLEN) or a receipted_message_id without its NUL, else nothing. Unknown tags are
// always fine.
std::optional<CommandStatus> validateTlv(const Tlv& tlv);

struct TlvList {
  std::vector<Tlv> entries;

  // The first TLV with `tag`, or null. The pointer lives until the list changes.
  const Tlv* find(uint16_t tag) const;
  // Replaces the first TLV with `tag` (and drops later ones with it), or appends one.
  void set(uint16_t tag, std::string value);
  void erase(uint16_t tag);
  bool empty() const { return entries.empty(); }

  std::optional<std::string_view> messagePayload() const;
  void setMessagePayload(std::string_view payload);
  std::optional<uint16_t> sarMsgRefNum() const;
  void setSarMsgRefNum(uint16_t reference);
  std::optional<uint8_t> sarTotalSegments() const;
  void setSarTotalSegments(uint8_t total);
  std::optional<uint8_t> sarSegmentSeqnum() const;
  void setSarSegmentSeqnum(uint8_t seqnum);
  // Without its terminating NUL.
  std::optional<std::string_view> receiptedMessageId() const;
  void setReceiptedMessageId(std::string_view message_id);
  // The raw octet; values outside MessageState's list are returned as they are.
  std::optional<MessageState> messageState() const;
  void setMessageState(MessageState state);

  bool operator==(const TlvList&) const = default;
};

}  // namespace parley::channels::smpp
