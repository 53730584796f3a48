#include "channels/smpp/tlv.h"

#include <algorithm>

#include "channels/smpp/pdu.h"

namespace parley::channels::smpp {

std::optional<CommandStatus> validateTlv(const Tlv& tlv) {
  const size_t size = tlv.value.size();
  switch (tlv.tag) {
    case kTagSarMsgRefNum:
      return size == 2 ? std::nullopt : std::optional(CommandStatus::InvParLen);
    case kTagSarTotalSegments:
    case kTagSarSegmentSeqnum:
    case kTagScInterfaceVersion:
    case kTagMessageState:
      return size == 1 ? std::nullopt : std::optional(CommandStatus::InvParLen);
    case kTagNetworkErrorCode:
      return size == 3 ? std::nullopt : std::optional(CommandStatus::InvParLen);
    case kTagReceiptedMessageId:
      // A C-octet string: the NUL ends the value and nothing follows it.
      if (size == 0 || size > kMaxMessageId) {
        return CommandStatus::InvParLen;
      }
      if (tlv.value.find('\0') != size - 1) {
        return CommandStatus::InvOptParamVal;
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

const Tlv* TlvList::find(uint16_t tag) const {
  auto found = std::find_if(entries.begin(), entries.end(),
                            [tag](const Tlv& tlv) { return tlv.tag == tag; });
  return found == entries.end() ? nullptr : &*found;
}

void TlvList::set(uint16_t tag, std::string value) {
  auto found = std::find_if(entries.begin(), entries.end(),
                            [tag](const Tlv& tlv) { return tlv.tag == tag; });
  if (found == entries.end()) {
    entries.push_back(Tlv{tag, std::move(value)});
    return;
  }
  found->value = std::move(value);
  entries.erase(
      std::remove_if(found + 1, entries.end(), [tag](const Tlv& tlv) { return tlv.tag == tag; }),
      entries.end());
}

void TlvList::erase(uint16_t tag) {
  std::erase_if(entries, [tag](const Tlv& tlv) { return tlv.tag == tag; });
}

namespace {

std::optional<uint8_t> u8Value(const TlvList& list, uint16_t tag) {
  const Tlv* tlv = list.find(tag);
  if (tlv == nullptr || tlv->value.size() != 1) {
    return std::nullopt;
  }
  return static_cast<uint8_t>(tlv->value[0]);
}

}  // namespace

std::optional<std::string_view> TlvList::messagePayload() const {
  const Tlv* tlv = find(kTagMessagePayload);
  if (tlv == nullptr) {
    return std::nullopt;
  }
  return std::string_view(tlv->value);
}

void TlvList::setMessagePayload(std::string_view payload) {
  set(kTagMessagePayload, std::string(payload));
}

std::optional<uint16_t> TlvList::sarMsgRefNum() const {
  const Tlv* tlv = find(kTagSarMsgRefNum);
  if (tlv == nullptr || tlv->value.size() != 2) {
    return std::nullopt;
  }
  return static_cast<uint16_t>((static_cast<uint8_t>(tlv->value[0]) << 8) |
                               static_cast<uint8_t>(tlv->value[1]));
}

void TlvList::setSarMsgRefNum(uint16_t reference) {
  set(kTagSarMsgRefNum,
      std::string{static_cast<char>(reference >> 8), static_cast<char>(reference)});
}

std::optional<uint8_t> TlvList::sarTotalSegments() const {
  return u8Value(*this, kTagSarTotalSegments);
}

void TlvList::setSarTotalSegments(uint8_t total) {
  set(kTagSarTotalSegments, std::string(1, static_cast<char>(total)));
}

std::optional<uint8_t> TlvList::sarSegmentSeqnum() const {
  return u8Value(*this, kTagSarSegmentSeqnum);
}

void TlvList::setSarSegmentSeqnum(uint8_t seqnum) {
  set(kTagSarSegmentSeqnum, std::string(1, static_cast<char>(seqnum)));
}

std::optional<std::string_view> TlvList::receiptedMessageId() const {
  const Tlv* tlv = find(kTagReceiptedMessageId);
  if (tlv == nullptr || validateTlv(*tlv)) {
    return std::nullopt;
  }
  return std::string_view(tlv->value).substr(0, tlv->value.size() - 1);
}

void TlvList::setReceiptedMessageId(std::string_view message_id) {
  std::string value(message_id);
  value.push_back('\0');
  set(kTagReceiptedMessageId, std::move(value));
}

std::optional<MessageState> TlvList::messageState() const {
  auto value = u8Value(*this, kTagMessageState);
  if (!value) {
    return std::nullopt;
  }
  return static_cast<MessageState>(*value);
}

void TlvList::setMessageState(MessageState state) {
  set(kTagMessageState, std::string(1, static_cast<char>(state)));
}

}  // namespace parley::channels::smpp
