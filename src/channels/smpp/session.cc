#include "channels/smpp/session.h"

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <utility>

namespace parley::channels::smpp {
namespace {

bool isCredentialRefusal(CommandStatus status) {
  return status == CommandStatus::InvPaswd || status == CommandStatus::InvSysId ||
         status == CommandStatus::InvSysTyp || status == CommandStatus::BindFail;
}

std::chrono::milliseconds backoffDelay(const Backoff& backoff, uint32_t attempt, double random) {
  const double cap = static_cast<double>(backoff.cap.count());
  const double grown =
      static_cast<double>(backoff.initial.count()) * std::pow(2.0, std::min(attempt, 40u));
  const double delay = std::min(cap, grown);
  const double unit = std::clamp(random, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<int64_t>(delay / 2 + delay / 2 * unit));
}

std::string statusReason(std::string_view what, CommandStatus status) {
  return std::string(what) + ": " + std::string(commandStatusName(status));
}

}  // namespace

Result<void> validateSessionConfig(const SessionConfig& config) {
  const auto tooLong = [](const std::string& value, size_t max_with_nul) {
    return value.size() + 1 > max_with_nul;
  };
  if (tooLong(config.system_id, kMaxSystemId)) {
    return fail(ErrorCode::ValidationFailed, "system_id longer than 15 octets");
  }
  if (tooLong(config.password, kMaxPassword)) {
    return fail(ErrorCode::ValidationFailed, "password longer than 8 octets");
  }
  if (tooLong(config.system_type, kMaxSystemType)) {
    return fail(ErrorCode::ValidationFailed, "system_type longer than 12 octets");
  }
  if (tooLong(config.address_range, kMaxAddressRange)) {
    return fail(ErrorCode::ValidationFailed, "address_range longer than 40 octets");
  }
  if (tooLong(config.service_type, kMaxServiceType)) {
    return fail(ErrorCode::ValidationFailed, "service_type longer than 5 octets");
  }
  if (config.window == 0 || config.max_parts == 0) {
    return fail(ErrorCode::ValidationFailed, "window and max_parts must be at least 1");
  }
  if (!(config.submits_per_second >= 0) || !(config.burst >= 0)) {
    return fail(ErrorCode::ValidationFailed, "submits_per_second and burst must not be negative");
  }
  if (config.response_timeout.count() <= 0 || config.enquire_link_interval.count() <= 0) {
    return fail(ErrorCode::ValidationFailed, "response_timeout and enquire_link_interval > 0");
  }
  return {};
}

bool isRetryable(CommandStatus status) {
  switch (status) {
    case CommandStatus::SysErr:
    case CommandStatus::SubmitFail:
    case CommandStatus::DeliveryFailure:
    case CommandStatus::UnknownErr:
    case CommandStatus::InvBndSts:
    case CommandStatus::XTAppn:
    case CommandStatus::Throttled:
    case CommandStatus::MsgQFul:
      return true;
    default:
      return false;
  }
}

EsmeSession::EsmeSession(SessionConfig config, std::function<double()> random)
    : config_(std::move(config)),
      random_(std::move(random)),
      reader_(config_.max_pdu_bytes),
      reassembler_(config_.reassembly) {}

bool EsmeSession::isConnected() const {
  return state_ == State::Binding || state_ == State::Bound || state_ == State::Draining ||
         state_ == State::Unbinding;
}

void EsmeSession::connected(TimePoint now) {
  if (state_ != State::Disconnected) {
    return;
  }
  reader_ = PduReader(config_.max_pdu_bytes);
  requests_.clear();
  last_received_ = now;
  ++connection_;
  state_ = State::Binding;
  BindTransceiver bind;
  bind.system_id = config_.system_id;
  bind.password = config_.password;
  bind.system_type = config_.system_type;
  bind.interface_version = kInterfaceVersion34;
  bind.addr_ton = config_.addr_ton;
  bind.addr_npi = config_.addr_npi;
  bind.address_range = config_.address_range;
  sendRequest(Pdu{CommandStatus::Ok, 0, std::move(bind)}, RequestKind::Bind, now);
}

void EsmeSession::received(std::string_view bytes, TimePoint now) {
  if (!isConnected()) {
    return;
  }
  reader_.feed(bytes);
  while (isConnected()) {
    auto decoded = reader_.next();
    if (!decoded) {
      break;
    }
    last_received_ = now;
    if (decoded->has_value()) {
      handlePdu(**decoded, now);
    } else {
      handleDecodeError(decoded->error(), now);
    }
  }
  maybeUnbind(now);
  pump(now);
}

void EsmeSession::tick(TimePoint now) {
  emitReassembled(reassembler_.expire(now));
  if (!isConnected()) {
    return;
  }
  checkTimeouts(now);
  maybeEnquireLink(now);
  maybeUnbind(now);
  pump(now);
}

void EsmeSession::disconnected(TimePoint /*now*/) {
  if (!isConnected()) {
    return;
  }
  endConnection("connection lost", /*peer_closed=*/true);
}

void EsmeSession::stop(TimePoint now) {
  switch (state_) {
    case State::Disconnected:
      state_ = State::Stopped;
      return;
    case State::Binding:
      state_ = State::Unbinding;  // so endConnection() does not ask to reconnect
      endConnection("stopped", /*peer_closed=*/false);
      return;
    case State::Bound:
      state_ = State::Draining;
      dropUnstartedMessages("session stopping");
      maybeUnbind(now);
      pump(now);
      return;
    case State::Draining:
    case State::Unbinding:
    case State::Stopped:
      return;
  }
}

std::vector<SessionAction> EsmeSession::takeActions() { return std::exchange(actions_, {}); }

std::optional<TimePoint> EsmeSession::nextDeadline() const {
  std::optional<TimePoint> next = reassembler_.nextDeadline();
  const auto consider = [&next](std::optional<TimePoint> at) {
    if (at && (!next || *at < *next)) {
      next = at;
    }
  };
  bool enquiring = false;
  for (const auto& [sequence, request] : requests_) {
    consider(request.deadline);
    enquiring = enquiring || request.kind == RequestKind::EnquireLink;
  }
  if ((state_ == State::Bound || state_ == State::Draining) && !enquiring) {
    consider(last_received_ + config_.enquire_link_interval);
  }
  consider(sendingDeadline());
  return next;
}

void EsmeSession::handlePdu(const Pdu& pdu, TimePoint now) {
  const uint32_t sequence = pdu.sequence_number;
  std::visit(
      [&](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, EnquireLink>) {
          sendPdu(Pdu{CommandStatus::Ok, sequence, EnquireLinkResp{}});
        } else if constexpr (std::is_same_v<T, EnquireLinkResp>) {
          auto found = requests_.find(sequence);
          if (found != requests_.end() && found->second.kind == RequestKind::EnquireLink) {
            requests_.erase(found);
          }
        } else if constexpr (std::is_same_v<T, DeliverSm>) {
          onDeliverSm(body, sequence, now);
        } else if constexpr (std::is_same_v<T, SubmitSmResp>) {
          onSubmitResp(sequence, pdu.command_status, body.message_id, now);
        } else if constexpr (std::is_same_v<T, BindTransceiverResp>) {
          auto found = requests_.find(sequence);
          if (found != requests_.end() && found->second.kind == RequestKind::Bind) {
            requests_.erase(found);
            onBindResp(pdu.command_status, body.system_id, now);
          }
        } else if constexpr (std::is_same_v<T, Unbind>) {
          onUnbind(sequence);
        } else if constexpr (std::is_same_v<T, UnbindResp>) {
          auto found = requests_.find(sequence);
          if (found != requests_.end() && found->second.kind == RequestKind::Unbind) {
            endConnection("unbound", /*peer_closed=*/false);
          }
        } else if constexpr (std::is_same_v<T, GenericNack>) {
          auto found = requests_.find(sequence);
          if (found == requests_.end()) {
            return;  // a nack for nothing we asked (or sequence 0): nothing to fail
          }
          const CommandStatus status = pdu.command_status == CommandStatus::Ok
                                           ? CommandStatus::UnknownErr
                                           : pdu.command_status;
          switch (found->second.kind) {
            case RequestKind::Submit:
              onSubmitResp(sequence, status, "", now);
              break;
            case RequestKind::Bind:
              requests_.erase(found);
              onBindResp(status, "", now);
              break;
            case RequestKind::EnquireLink:
              requests_.erase(found);  // the SMS center is there, which is what we asked
              break;
            case RequestKind::Unbind:
              endConnection("unbind refused", /*peer_closed=*/false);
              break;
          }
        } else if constexpr (std::is_same_v<T, DeliverSmResp>) {
          // We never send deliver_sm: nothing waits for this.
        } else {
          // bind_transceiver or submit_sm from the SMS center: an ESME does not take those.
          static_assert(std::is_same_v<T, BindTransceiver> || std::is_same_v<T, SubmitSm>);
          sendPdu(Pdu{CommandStatus::InvCmdId, sequence, GenericNack{}});
        }
      },
      pdu.body);
}

void EsmeSession::handleDecodeError(const DecodeError& error, TimePoint now) {
  if (auto reply = errorResponse(error)) {
    sendPdu(*reply);
  }
  if (error.dropsConnection()) {
    endConnection("unframeable stream: " + error.message, /*peer_closed=*/false);
    return;
  }
  // A response we cannot read still answers our request: the request is over, outcome unknown.
  const auto id = static_cast<CommandId>(error.command_id);
  if (!isResponse(id)) {
    return;
  }
  auto found = requests_.find(error.sequence_number);
  if (found == requests_.end()) {
    return;
  }
  if (found->second.kind == RequestKind::Submit && found->second.job) {
    const OutboundSmsId local_id = found->second.job->local_id;
    requests_.erase(found);
    --submits_in_flight_;
    auto progress = messages_.find(local_id);
    if (progress != messages_.end()) {
      emit(SubmitUnconfirmed{local_id, progress->second.accepted, progress->second.parts,
                             "unreadable submit_sm_resp: " + error.message});
      std::erase_if(queue_, [&](const PartJob& job) { return job.local_id == local_id; });
      messages_.erase(progress);
    }
    return;
  }
  if (found->second.kind == RequestKind::Bind) {
    requests_.erase(found);
    onBindResp(CommandStatus::SysErr, "", now);
  }
}

void EsmeSession::onBindResp(CommandStatus status, std::string smsc_system_id, TimePoint now) {
  if (state_ != State::Binding) {
    return;
  }
  if (status == CommandStatus::Ok) {
    state_ = State::Bound;
    reconnect_attempts_ = 0;
    refused_attempts_ = 0;
    tokens_ = 0;
    tokens_at_ = now;
    throttle_level_ = 0;
    paused_until_ = now;
    if (config_.submits_per_second > 0) {
      tokens_ = config_.burst > 0 ? config_.burst : std::max(1.0, config_.submits_per_second);
    }
    emit(Bound{std::move(smsc_system_id)});
    return;
  }
  const bool credentials = isCredentialRefusal(status);
  emit(BindRefused{status, credentials});
  endConnection(statusReason("bind refused", status), /*peer_closed=*/false, status);
}

void EsmeSession::onUnbind(uint32_t sequence_number) {
  sendPdu(Pdu{CommandStatus::Ok, sequence_number, UnbindResp{}});
  endConnection("unbind from the SMS center", /*peer_closed=*/false);
}

void EsmeSession::checkTimeouts(TimePoint now) {
  for (const auto& [sequence, request] : requests_) {
    if (request.deadline > now) {
      continue;
    }
    switch (request.kind) {
      case RequestKind::Bind:
        endConnection("no bind_transceiver_resp in time", false);
        return;
      case RequestKind::Unbind:
        endConnection("no unbind_resp in time", false);
        return;
      case RequestKind::Submit:
        endConnection("no submit_sm_resp in time", false);
        return;
      case RequestKind::EnquireLink:
        endConnection("no enquire_link_resp in time", false);
        return;
    }
  }
}

void EsmeSession::maybeEnquireLink(TimePoint now) {
  if (state_ != State::Bound && state_ != State::Draining) {
    return;
  }
  if (now - last_received_ < config_.enquire_link_interval) {
    return;
  }
  for (const auto& [sequence, request] : requests_) {
    if (request.kind == RequestKind::EnquireLink) {
      return;
    }
  }
  sendRequest(Pdu{CommandStatus::Ok, 0, EnquireLink{}}, RequestKind::EnquireLink, now);
}

void EsmeSession::maybeUnbind(TimePoint now) {
  if (state_ != State::Draining || !queue_.empty() || submits_in_flight_ > 0 ||
      !unanswered_.empty()) {
    return;
  }
  state_ = State::Unbinding;
  sendRequest(Pdu{CommandStatus::Ok, 0, Unbind{}}, RequestKind::Unbind, now);
}

void EsmeSession::endConnection(std::string reason, bool peer_closed,
                                std::optional<CommandStatus> refused) {
  const bool stopping = state_ == State::Draining || state_ == State::Unbinding;
  if (!peer_closed) {
    emit(Close{reason});
  }
  releaseMessages(reason);
  requests_.clear();
  unanswered_.clear();
  reader_ = PduReader(config_.max_pdu_bytes);
  if (stopping) {
    state_ = State::Stopped;
    return;
  }
  state_ = State::Disconnected;
  scheduleReconnect(refused && isCredentialRefusal(*refused));
}

void EsmeSession::scheduleReconnect(bool credentials_refused) {
  const double unit = random_ ? random_() : 1.0;
  if (credentials_refused) {
    emit(ReconnectAfter{backoffDelay(config_.bind_refused, refused_attempts_++, unit)});
    return;
  }
  emit(ReconnectAfter{backoffDelay(config_.reconnect, reconnect_attempts_++, unit)});
}

uint32_t EsmeSession::nextSequence() {
  for (;;) {
    const uint32_t sequence = next_sequence_;
    next_sequence_ = nextSequenceNumber(next_sequence_);
    if (!requests_.contains(sequence)) {
      return sequence;
    }
  }
}

uint32_t EsmeSession::sendRequest(Pdu pdu, RequestKind kind, TimePoint now) {
  pdu.sequence_number = nextSequence();
  requests_[pdu.sequence_number] = Request{kind, now + config_.response_timeout, std::nullopt};
  sendPdu(pdu);
  return pdu.sequence_number;
}

void EsmeSession::sendPdu(const Pdu& pdu) {
  auto bytes = encode(pdu, config_.max_pdu_bytes);
  // Only configuration (checked by validateSessionConfig) and values we built go in here.
  if (bytes) {
    sendBytes(*bytes);
  }
}

void EsmeSession::sendBytes(std::string_view bytes) {
  if (!actions_.empty()) {
    if (auto* last = std::get_if<Send>(&actions_.back())) {
      last->bytes.append(bytes);
      return;
    }
  }
  actions_.emplace_back(Send{std::string(bytes)});
}

void EsmeSession::emit(SessionAction action) { actions_.push_back(std::move(action)); }

}  // namespace parley::channels::smpp
