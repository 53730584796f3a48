#pragma once
// The ESME side of one SMPP 3.4 bind_transceiver connection, as a sans-I/O state machine
// (channels.md §6.7): bytes and time in, actions out. No sockets, no threads, no clock: the
// network layer owns the TCP connection, feeds what it reads to received(), calls tick() at
// nextDeadline(), and after every call drains takeActions() and carries them out in order.
// Input: untrusted (the SMS center and the path to it); nothing throws, malformed PDUs are answered
// (generic_nack or the request's *_resp with an error status) and reading goes on; only a stream
// that cannot be framed any more drops the connection.
//
// Lifecycle. connected() sends bind_transceiver (interface_version 0x34) and nothing else until
// bind_transceiver_resp OK (→ Bound). A refused bind gives BindRefused, Close and ReconnectAfter;
// a refusal of the credentials (ESME_RINVPASWD, RINVSYSID, RINVSYSTYP, RBINDFAIL) backs off on
// the longer `bind_refused` schedule. Every other loss of the connection (response timeout,
// unframeable stream, the SMS center's unbind, disconnected()) gives ReconnectAfter on the
// `reconnect` schedule; both grow exponentially with jitter up to their cap and reset once a bind
// succeeds. stop() drains and unbinds (see there); after it the session never asks to reconnect.
// The session lives across connections: the caller connects again after ReconnectAfter and calls
// connected() on the same object.
//
// Outbound. submit() splits the text (sms::segmentText: GSM-7 or UCS-2, UDH concatenation) into
// one submit_sm per part. At most `window` submit_sm are outstanding, optionally at most
// `submits_per_second` (token bucket over the `now` arguments). Per part: SubmitAccepted with the
// SMS center's message_id; once every part is accepted, MessageAccepted. ESME_RTHROTTLED and
// ESME_RMSGQFUL are not failures: sending pauses (a pause that grows while the SMS center keeps
// refusing, reset once a submit is accepted after the pause ended) and that part is sent again
// under a new sequence number. Any other error status, or a generic_nack, gives SubmitFailed for
// the whole message (its unsent parts are dropped), retryable or not by status (isRetryable()).
//
// AT-MOST-ONCE OR AT-LEAST-ONCE IS THE CALLER'S CHOICE. SMPP has no idempotency handle. When the
// connection is lost (response timeout, unframeable stream, unbind from the SMS center,
// disconnected()) every message that had a part written to the connection and was not finished
// comes back as SubmitUnconfirmed (so does, at once, a message whose submit_sm_resp cannot be
// decoded): the SMS center may or may not have accepted (and may deliver) those parts, and
// nothing on the wire can tell. The durable outbox must decide per channel setting: resubmit
// (at-least-once: the handset may get the text twice) or mark it failed/unknown (at-most-once:
// the text may never arrive). Messages none of whose parts were written come back as
// SubmitFailed{retryable: true, status: none}: they are safe to submit again. After Close or
// disconnected() the session holds no outbound message.
//
// Inbound. Every deliver_sm is answered with deliver_sm_resp, ESME_ROK once it was handled (the
// event is in the action list before the Send of the answer). Delivery receipts (esm_class type
// 0x04 SMSC receipt or 0x20 intermediate notification) become DeliveryReceipt, the TLVs
// receipted_message_id / message_state / network_error_code preferred over the text. Other
// deliver_sm are mobile-originated texts: decoded (sms::decodeBody), concatenated parts (UDH or SAR
// TLVs) reassembled (sms::Reassembler, which lives across connections; tick() hands out texts whose
// parts did not all arrive, marked) → InboundMessage. A text that cannot be decoded (unsupported
// data_coding, broken UDH) is answered ESME_RX_P_APPN and reported as InboundRejected. The answer
// is ESME_ROK as soon as the event is emitted, unless `acknowledge_later` is set: then the
// deliver_sm that completes a text is answered only when the caller calls acknowledge() with the
// event's `ack` handle, once the text is durable (ESME_ROK) or could not be stored
// (ESME_RX_T_APPN: the SMS center delivers it again later). A handle of an earlier connection is
// ignored: the SMS center never got its answer and delivers the text again. Parts before the last
// of a long text are answered at once (they are held in memory; a crash loses them and the text
// arrives with a missing-part marker).
//
// Not thread-safe: one owner (the connection's coroutine) calls everything.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "channels/smpp/pdu.h"
#include "channels/smpp/pdu_reader.h"
#include "channels/sms/reassembly.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/ids.h"

namespace parley::channels::smpp {

// The caller's handle for one outbound SMS (the outbox entry), echoed in every event about it.
struct OutboundSmsTag {
  static constexpr const char* kPrefix = "sms_";
};
using OutboundSmsId = Id<OutboundSmsTag>;

struct OutboundSms {
  OutboundSmsId local_id;
  std::string source;       // sender id: digits (a leading '+' is dropped) or alphanumeric
  std::string destination;  // the handset, digits (a leading '+' is dropped)
  std::string text;         // UTF-8
  uint8_t registered_delivery = 0x01;  // receipt on success or failure (channels.md §6.3)
};

// delay = min(cap, initial · 2^attempt), then jittered into [delay/2, delay] by the random source.
struct Backoff {
  std::chrono::milliseconds initial{1'000};
  std::chrono::milliseconds cap{60'000};
};

struct SessionConfig {
  std::string system_id;    // <= 15 octets
  std::string password;     // <= 8
  std::string system_type;  // <= 12, often empty
  uint8_t addr_ton = 0;
  uint8_t addr_npi = 0;
  std::string address_range;

  // TON/NPI of numeric addresses; an alphanumeric source goes as TON 5 NPI 0.
  uint8_t number_ton = 1;  // international
  uint8_t number_npi = 1;  // E.164
  std::string service_type;

  size_t window = 10;             // outstanding submit_sm at most (>= 1)
  double submits_per_second = 0;  // 0: no rate limit
  double burst = 0;               // token bucket size; 0: max(1, submits_per_second)
  size_t max_parts = 10;          // longer texts are refused by submit()
  std::chrono::milliseconds response_timeout{30'000};       // for every request we send
  std::chrono::milliseconds enquire_link_interval{30'000};  // after this long without a PDU
  Backoff reconnect{std::chrono::seconds(1), std::chrono::minutes(1)};
  Backoff bind_refused{std::chrono::minutes(1), std::chrono::minutes(30)};
  Backoff throttle{std::chrono::seconds(1), std::chrono::seconds(30)};  // no jitter
  sms::ReassemblyLimits reassembly;
  size_t max_pdu_bytes = kDefaultMaxPduBytes;
  bool acknowledge_later = false;  // see "Inbound" above
};

// Requests are numbered 1..0x7FFFFFFF (channels.md §6.1); after the last comes 1 again. A number
// still waiting for its response is skipped.
inline constexpr uint32_t kMaxSequenceNumber = 0x7FFFFFFF;
constexpr uint32_t nextSequenceNumber(uint32_t current) {
  return current >= kMaxSequenceNumber ? 1 : current + 1;
}

// ValidationFailed naming the field: system_id/password/system_type/address_range too long, window
// 0, a negative rate, max_parts 0, a zero timeout or interval. Call at start-up.
[[nodiscard]] Result<void> validateSessionConfig(const SessionConfig& config);

// Whether a submit refused with `status` may succeed if sent again later (ESME_RSYSERR,
// RSUBMITFAIL, RDELIVERYFAILURE, RUNKNOWNERR, RINVBNDSTS, RX_T_APPN, and the throttling pair);
// address, length, flag and TLV errors are not.
bool isRetryable(CommandStatus status);

// --- Actions, in the order the caller must carry them out. ---

// Write these bytes to the connection (consecutive PDUs are joined into one Send).
struct Send {
  std::string bytes;
};
// Close the connection (after writing everything sent before). No more input is read from it.
struct Close {
  std::string reason;  // for logs
};
// Open a new connection after `delay`, then call connected().
struct ReconnectAfter {
  std::chrono::milliseconds delay{0};
};
struct Bound {
  std::string smsc_system_id;
};
struct BindRefused {
  CommandStatus status = CommandStatus::BindFail;
  bool credentials = false;  // the SMS center refused system_id/password/system_type
};
struct SubmitAccepted {
  OutboundSmsId local_id;
  size_t part = 1;  // 1-based
  size_t parts = 1;
  std::string message_id;  // the SMS center's, for receipts (see sameMessageId())
};
// Every part accepted: the message is with the SMS center.
struct MessageAccepted {
  OutboundSmsId local_id;
  std::vector<std::string> message_ids;  // by part
};
struct SubmitFailed {
  OutboundSmsId local_id;
  std::optional<CommandStatus> status;  // none: never written (connection lost, stopping)
  std::string reason;
  bool retryable = false;
  size_t parts_accepted = 0;  // parts the SMS center already took (they may be delivered)
};
// See "AT-MOST-ONCE OR AT-LEAST-ONCE" above.
struct SubmitUnconfirmed {
  OutboundSmsId local_id;
  size_t parts_accepted = 0;
  size_t parts = 1;
  std::string reason;
};
struct InboundMessage {
  std::string source;
  std::string destination;
  std::string text;  // UTF-8; "[part 2 of 3 missing]" markers where parts never came
  uint8_t parts = 1;
  std::vector<uint8_t> parts_missing;  // ascending; empty when complete
  uint64_t ack = 0;                    // non-zero: answer it with acknowledge()
};
struct InboundRejected {
  std::string source;
  std::string destination;
  std::string reason;  // for logs; no message text
};
struct DeliveryReceipt {
  std::string message_id;               // empty when the SMS center gave none
  std::optional<MessageState> state;    // none: no known state in TLV or text
  std::optional<uint32_t> error_code;   // network_error_code's code, else err: as a number
  std::optional<uint8_t> network_type;  // from network_error_code only
  std::string source;                   // the handset
  std::string destination;              // our sender id
  std::string raw;                      // the receipt text (short_message or message_payload)
};

using SessionAction =
    std::variant<Send, Close, ReconnectAfter, Bound, BindRefused, SubmitAccepted, MessageAccepted,
                 SubmitFailed, SubmitUnconfirmed, InboundMessage, InboundRejected, DeliveryReceipt>;

class EsmeSession {
 public:
  enum class State {
    Disconnected,  // no connection; waiting for connected()
    Binding,       // bind_transceiver sent
    Bound,
    Draining,   // stop() while bound: finishing messages already started, then unbind
    Unbinding,  // unbind sent
    Stopped,    // final
  };

  // `random` returns uniform values in [0, 1) for the backoff jitter. REQUIRES:
  // validateSessionConfig(config) passed.
  EsmeSession(SessionConfig config, std::function<double()> random);

  // A TCP connection is up: sends bind_transceiver. Ignored unless Disconnected.
  void connected(TimePoint now);
  // Bytes read from the connection, any split. Ignored when no connection is up.
  void received(std::string_view bytes, TimePoint now);
  // Timers: response timeouts, enquire_link, the throttle pause and rate limit, reassembly
  // timeouts. Call at nextDeadline() (earlier or later is harmless), in any state.
  void tick(TimePoint now);
  // The connection closed under us (read error, EOF). Emits what Close would, without Close.
  void disconnected(TimePoint now);
  // Graceful end. Bound: messages not started fail (retryable), messages partly sent are finished,
  // then unbind; unbind_resp (or its timeout) → Close, Stopped. Binding: Close, Stopped.
  // Disconnected: Stopped. Never asks to reconnect afterwards.
  void stop(TimePoint now);

  // Queues `sms` for sending (sent once bound). Returns its number of parts. Fails, queuing
  // nothing and emitting nothing for this local_id: NotReady when no connection is up or the
  // session is stopping (try again after Bound); Conflict when local_id is already pending;
  // ValidationFailed for invalid UTF-8 or an address the PDU cannot carry; PayloadTooLarge above
  // max_parts.
  [[nodiscard]] Result<size_t> submit(OutboundSms sms, TimePoint now);

  // Answers the deliver_sm behind InboundMessage::ack (acknowledge_later): ESME_ROK when `stored`,
  // else ESME_RX_T_APPN. Ignored when that connection is gone. stop() waits for these answers
  // before it unbinds (a text being stored is not delivered again for nothing).
  void acknowledge(uint64_t ack, bool stored, TimePoint now);

  // The contact at `address` (the SMS center's source_addr) was erased or anonymised: the parts of
  // their texts still waiting for the rest are dropped.
  void forgetSender(std::string_view address);

  // Everything emitted since the last call, in order.
  [[nodiscard]] std::vector<SessionAction> takeActions();

  // When tick() has something to do; none when nothing is timed.
  std::optional<TimePoint> nextDeadline() const;

  State state() const { return state_; }
  size_t outstandingSubmits() const { return submits_in_flight_; }
  size_t queuedParts() const { return queue_.size(); }
  size_t pendingMessages() const { return messages_.size(); }

 private:
  enum class RequestKind { Bind, Submit, EnquireLink, Unbind };
  struct PartJob {
    OutboundSmsId local_id;
    size_t part = 1;
    std::string bytes;  // the encoded submit_sm; its sequence number is set when sent
  };
  struct Request {
    RequestKind kind = RequestKind::Submit;
    TimePoint deadline;
    std::optional<PartJob> job;  // for Submit
  };
  struct Progress {
    uint64_t order = 0;  // submission order, for reporting
    size_t parts = 1;
    size_t accepted = 0;
    bool written = false;  // a part went to the connection
    std::vector<std::string> message_ids;
  };

  // session.cc: connection lifecycle, dispatch, timers.
  void handlePdu(const Pdu& pdu, TimePoint now);
  void handleDecodeError(const DecodeError& error, TimePoint now);
  void onBindResp(CommandStatus status, std::string smsc_system_id, TimePoint now);
  void onUnbind(uint32_t sequence_number);
  void checkTimeouts(TimePoint now);
  void maybeEnquireLink(TimePoint now);
  void maybeUnbind(TimePoint now);
  // Emits Close (unless `peer_closed`), releases every message, clears the connection's state and
  // asks to reconnect (unless stopping).
  void endConnection(std::string reason, bool peer_closed,
                     std::optional<CommandStatus> refused = std::nullopt);
  void scheduleReconnect(bool credentials_refused);
  uint32_t sendRequest(Pdu pdu, RequestKind kind, TimePoint now);
  void sendPdu(const Pdu& pdu);
  void sendBytes(std::string_view bytes);
  void emit(SessionAction action);
  uint32_t nextSequence();
  bool isConnected() const;

  // session_submit.cc: outbound.
  void pump(TimePoint now);
  bool takeToken(TimePoint now);
  void onSubmitResp(uint32_t sequence_number, CommandStatus status, std::string message_id,
                    TimePoint now);
  void failMessage(const OutboundSmsId& local_id, std::optional<CommandStatus> status,
                   std::string reason, bool retryable);
  void dropUnstartedMessages(const std::string& reason);
  void releaseMessages(const std::string& reason);
  std::optional<TimePoint> sendingDeadline() const;

  // session_deliver.cc: inbound.
  void onDeliverSm(const DeliverSm& deliver, uint32_t sequence_number, TimePoint now);
  void onReceipt(const DeliverSm& deliver, std::string_view payload);
  // None: the answer waits for acknowledge(`ack`).
  std::optional<CommandStatus> onMobileOriginated(const DeliverSm& deliver,
                                                  std::string_view payload, uint64_t ack,
                                                  TimePoint now);
  void emitReassembled(std::vector<sms::ReassembledText> texts, uint64_t ack = 0);

  SessionConfig config_;
  std::function<double()> random_;
  State state_ = State::Disconnected;
  std::vector<SessionAction> actions_;

  // This connection.
  PduReader reader_;
  uint32_t next_sequence_ = 1;
  std::map<uint32_t, Request> requests_;  // by sequence number
  TimePoint last_received_{};
  uint32_t connection_ = 0;        // counts connections, for acknowledge() handles
  std::set<uint32_t> unanswered_;  // deliver_sm waiting for acknowledge(), on this connection

  // Reconnecting.
  uint32_t reconnect_attempts_ = 0;
  uint32_t refused_attempts_ = 0;

  // Outbound.
  std::deque<PartJob> queue_;
  std::map<OutboundSmsId, Progress> messages_;
  uint64_t next_order_ = 0;
  size_t submits_in_flight_ = 0;
  uint8_t next_reference_ = 0;
  TimePoint paused_until_{};
  uint32_t throttle_level_ = 0;
  double tokens_ = 0;
  TimePoint tokens_at_{};

  // Inbound.
  sms::Reassembler reassembler_;
};

}  // namespace parley::channels::smpp
