// EsmeSession, inbound: deliver_sm as a delivery receipt or a mobile-originated text.
#include <utility>

#include "channels/smpp/receipt.h"
#include "channels/smpp/session.h"
#include "channels/sms/segmenter.h"

namespace parley::channels::smpp {
namespace {

// esm_class bits 5-2: SMSC delivery receipt, intermediate delivery notification.
constexpr uint8_t kEsmClassTypeMask = 0x3C;
constexpr uint8_t kEsmClassReceipt = 0x04;
constexpr uint8_t kEsmClassIntermediate = 0x20;

bool isReceipt(uint8_t esm_class) {
  const uint8_t type = esm_class & kEsmClassTypeMask;
  return type == kEsmClassReceipt || type == kEsmClassIntermediate;
}

// The reassembler keys parts by source; destination joins it (a C-octet string holds no NUL) so
// texts to two of our numbers never mix.
std::string reassemblyKey(const DeliverSm& deliver) {
  return deliver.source_addr + '\0' + deliver.destination_addr;
}

std::pair<std::string, std::string> splitKey(const std::string& key) {
  const size_t nul = key.find('\0');
  if (nul == std::string::npos) {
    return {key, ""};
  }
  return {key.substr(0, nul), key.substr(nul + 1)};
}

// SAR TLVs, when all three are present and the UDH gave no concatenation.
std::optional<sms::Concatenation> sarConcatenation(const TlvList& tlvs) {
  auto reference = tlvs.sarMsgRefNum();
  auto total = tlvs.sarTotalSegments();
  auto sequence = tlvs.sarSegmentSeqnum();
  if (!reference || !total || !sequence) {
    return std::nullopt;
  }
  return sms::Concatenation{*reference, *total, *sequence};
}

// The user data of a deliver_sm whose UDH is broken: skip the UDH by its length octet when that
// fits, and read the rest as a text on its own (channels.md §6.5: a bad concatenation IE is
// ignored). None when even the length octet is unusable.
std::optional<std::string_view> bodyPastBrokenUdh(std::string_view payload) {
  if (payload.empty()) {
    return std::nullopt;
  }
  const size_t udh = 1 + static_cast<uint8_t>(payload.front());
  if (udh > payload.size()) {
    return std::nullopt;
  }
  return payload.substr(udh);
}

}  // namespace

void EsmeSession::onDeliverSm(const DeliverSm& deliver, uint32_t sequence_number, TimePoint now) {
  if (state_ == State::Binding) {
    sendPdu(Pdu{CommandStatus::InvBndSts, sequence_number, DeliverSmResp{}});
    return;
  }
  std::string_view payload = deliver.short_message;
  if (auto message_payload = deliver.tlvs.messagePayload()) {
    payload = *message_payload;
  }
  std::optional<CommandStatus> answer = CommandStatus::Ok;
  if (isReceipt(deliver.esm_class)) {
    onReceipt(deliver, payload);
  } else {
    const uint64_t ack =
        config_.acknowledge_later ? (uint64_t{connection_} << 32 | sequence_number) : 0;
    answer = onMobileOriginated(deliver, payload, ack, now);
  }
  if (answer) {
    sendPdu(Pdu{*answer, sequence_number, DeliverSmResp{}});
  } else {
    unanswered_.insert(sequence_number);
  }
}

void EsmeSession::acknowledge(uint64_t ack, bool stored, TimePoint now) {
  const auto connection = static_cast<uint32_t>(ack >> 32);
  const auto sequence_number = static_cast<uint32_t>(ack);
  if (ack == 0 || connection != connection_ || !isConnected() ||
      unanswered_.erase(sequence_number) == 0) {
    return;
  }
  sendPdu(
      Pdu{stored ? CommandStatus::Ok : CommandStatus::XTAppn, sequence_number, DeliverSmResp{}});
  maybeUnbind(now);
}

void EsmeSession::forgetSender(std::string_view address) {
  reassembler_.forget([address](std::string_view source) {
    return source.substr(0, source.find('\0')) == address;  // the key is source NUL destination
  });
}

void EsmeSession::onReceipt(const DeliverSm& deliver, std::string_view payload) {
  DeliveryReceipt receipt;
  receipt.source = deliver.source_addr;
  receipt.destination = deliver.destination_addr;
  receipt.raw = std::string(payload);
  if (auto text = parseReceiptText(payload)) {
    receipt.message_id = text->id.value_or("");
    receipt.state = text->state;
    receipt.error_code = text->error_code;
  }
  if (auto id = deliver.tlvs.receiptedMessageId()) {
    receipt.message_id = std::string(*id);
  }
  if (auto state = deliver.tlvs.messageState()) {
    receipt.state = *state;
  }
  if (const Tlv* error = deliver.tlvs.find(kTagNetworkErrorCode);
      error && error->value.size() == 3) {
    const auto octet = [&](size_t at) { return static_cast<uint8_t>(error->value[at]); };
    receipt.network_type = octet(0);
    receipt.error_code = static_cast<uint32_t>(octet(1)) << 8 | octet(2);
  }
  emit(std::move(receipt));
}

std::optional<CommandStatus> EsmeSession::onMobileOriginated(const DeliverSm& deliver,
                                                             std::string_view payload, uint64_t ack,
                                                             TimePoint now) {
  const auto reject = [&](std::string reason) -> std::optional<CommandStatus> {
    emit(InboundRejected{deliver.source_addr, deliver.destination_addr, std::move(reason)});
    return CommandStatus::XPAppn;
  };
  // Answered now unless the caller acknowledges the text it completes.
  const auto answered = [&](bool completes_text) -> std::optional<CommandStatus> {
    if (ack != 0 && completes_text) {
      return std::nullopt;
    }
    return CommandStatus::Ok;
  };
  std::optional<sms::Concatenation> concatenation;
  std::string_view body = payload;
  if (auto user_data = sms::splitUserData(payload, deliver.esm_class)) {
    concatenation = user_data->concatenation;
    body = user_data->body;
  } else if (auto rest = bodyPastBrokenUdh(payload)) {
    body = *rest;
  } else {
    return reject("unreadable user data header: " + user_data.error().message);
  }
  if (!concatenation) {
    concatenation = sarConcatenation(deliver.tlvs);
  }
  if (!concatenation || concatenation->total == 1) {
    auto text = sms::decodeBody(body, deliver.data_coding);
    if (!text) {
      return reject(text.error().message);
    }
    emit(InboundMessage{
        deliver.source_addr, deliver.destination_addr, std::move(*text), 1, {}, ack});
    return answered(true);
  }
  sms::InboundPart part{reassemblyKey(deliver), *concatenation, deliver.data_coding,
                        std::string(body)};
  auto finished = reassembler_.add(std::move(part), now);
  if (!finished) {
    return reject(finished.error().message);
  }
  const bool completes_text = !finished->empty();
  emitReassembled(std::move(*finished), ack);
  return answered(completes_text);
}

// `ack` goes to the last text: the one this deliver_sm completed (others, if any, were finished
// by earlier parts and need no answer).
void EsmeSession::emitReassembled(std::vector<sms::ReassembledText> texts, uint64_t ack) {
  for (size_t i = 0; i < texts.size(); ++i) {
    sms::ReassembledText& text = texts[i];
    auto [source, destination] = splitKey(text.source);
    emit(InboundMessage{std::move(source), std::move(destination), std::move(text.text), text.total,
                        std::move(text.missing), i + 1 == texts.size() ? ack : 0});
  }
}

}  // namespace parley::channels::smpp
