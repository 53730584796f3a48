// EsmeSession, outbound: submit(), the window, the rate limit, throttling, and what becomes of
// messages when a connection ends.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <utility>

#include "channels/smpp/session.h"
#include "channels/sms/segmenter.h"

namespace parley::channels::smpp {
namespace {

constexpr size_t kSequenceOffset = 12;  // sequence_number's place in the header
// Refills are sums of fractions; a bucket this close to a whole token holds it.
constexpr double kTokenEpsilon = 1e-9;

bool isAlphanumericSender(std::string_view address) {
  return std::any_of(address.begin(), address.end(),
                     [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
}

std::string withoutPlus(std::string_view address) {
  if (!address.empty() && address.front() == '+') {
    address.remove_prefix(1);
  }
  return std::string(address);
}

void putSequence(std::string& bytes, uint32_t sequence) {
  for (size_t at = 0; at < 4; ++at) {
    bytes[kSequenceOffset + at] = static_cast<char>((sequence >> (24 - 8 * at)) & 0xFF);
  }
}

}  // namespace

Result<size_t> EsmeSession::submit(OutboundSms sms, TimePoint now) {
  if (state_ != State::Binding && state_ != State::Bound) {
    return fail(ErrorCode::NotReady, "SMPP session not bound");
  }
  if (messages_.contains(sms.local_id)) {
    return fail(ErrorCode::Conflict, "message already pending on this session");
  }
  auto segmented = sms::segmentText(sms.text, next_reference_, config_.max_parts);
  if (!segmented) {
    return std::unexpected(segmented.error());
  }
  ++next_reference_;

  SubmitSm base;
  base.service_type = config_.service_type;
  base.source_addr = withoutPlus(sms.source);
  if (isAlphanumericSender(sms.source)) {
    base.source_addr_ton = 5;
    base.source_addr_npi = 0;
  } else {
    base.source_addr_ton = config_.number_ton;
    base.source_addr_npi = config_.number_npi;
  }
  base.destination_addr = withoutPlus(sms.destination);
  base.dest_addr_ton = config_.number_ton;
  base.dest_addr_npi = config_.number_npi;
  base.registered_delivery = sms.registered_delivery;

  const size_t parts = segmented->parts.size();
  std::vector<PartJob> jobs;
  jobs.reserve(parts);
  for (size_t index = 0; index < parts; ++index) {
    sms::SmsPart& part = segmented->parts[index];
    SubmitSm pdu = base;
    pdu.esm_class = part.esm_class;
    pdu.data_coding = part.data_coding;
    pdu.short_message = std::move(part.short_message);
    auto bytes = encode(Pdu{CommandStatus::Ok, 1, std::move(pdu)}, config_.max_pdu_bytes);
    if (!bytes) {
      return std::unexpected(bytes.error());
    }
    jobs.push_back(PartJob{sms.local_id, index + 1, std::move(*bytes)});
  }
  for (PartJob& job : jobs) {
    queue_.push_back(std::move(job));
  }
  Progress progress;
  progress.order = next_order_++;
  progress.parts = parts;
  progress.message_ids.resize(parts);
  messages_.emplace(sms.local_id, std::move(progress));
  pump(now);
  return parts;
}

void EsmeSession::pump(TimePoint now) {
  if (state_ != State::Bound && state_ != State::Draining) {
    return;
  }
  if (now < paused_until_) {
    return;
  }
  while (!queue_.empty() && submits_in_flight_ < config_.window) {
    if (!takeToken(now)) {
      return;
    }
    PartJob job = std::move(queue_.front());
    queue_.pop_front();
    const uint32_t sequence = nextSequence();
    putSequence(job.bytes, sequence);
    sendBytes(job.bytes);
    messages_[job.local_id].written = true;
    requests_[sequence] =
        Request{RequestKind::Submit, now + config_.response_timeout, std::move(job)};
    ++submits_in_flight_;
  }
}

bool EsmeSession::takeToken(TimePoint now) {
  if (config_.submits_per_second <= 0) {
    return true;
  }
  const double burst =
      config_.burst > 0 ? config_.burst : std::max(1.0, config_.submits_per_second);
  if (now > tokens_at_) {
    const double seconds = std::chrono::duration<double>(now - tokens_at_).count();
    tokens_ = std::min(burst, tokens_ + seconds * config_.submits_per_second);
    tokens_at_ = now;
  }
  if (tokens_ < 1.0 - kTokenEpsilon) {
    return false;
  }
  tokens_ = std::max(0.0, tokens_ - 1.0);
  return true;
}

std::optional<TimePoint> EsmeSession::sendingDeadline() const {
  if ((state_ != State::Bound && state_ != State::Draining) || queue_.empty() ||
      submits_in_flight_ >= config_.window) {
    return std::nullopt;
  }
  TimePoint at = paused_until_;
  if (config_.submits_per_second > 0 && tokens_ < 1.0 - kTokenEpsilon) {
    const double micros = (1.0 - tokens_) / config_.submits_per_second * 1e6;
    const auto wait = std::chrono::microseconds(static_cast<int64_t>(std::ceil(micros - 1e-3)));
    at = std::max(at, tokens_at_ + wait);
  }
  return at;
}

void EsmeSession::onSubmitResp(uint32_t sequence_number, CommandStatus status,
                               std::string message_id, TimePoint now) {
  auto found = requests_.find(sequence_number);
  if (found == requests_.end() || found->second.kind != RequestKind::Submit) {
    return;
  }
  PartJob job = std::move(*found->second.job);
  requests_.erase(found);
  --submits_in_flight_;
  auto progress = messages_.find(job.local_id);
  if (progress == messages_.end()) {
    return;  // the message already failed on another part
  }
  if (status == CommandStatus::Throttled || status == CommandStatus::MsgQFul) {
    const auto pause =
        std::min(config_.throttle.cap, config_.throttle.initial *
                                           (int64_t{1} << std::min<uint32_t>(throttle_level_, 20)));
    ++throttle_level_;
    paused_until_ = std::max(paused_until_, now + pause);
    queue_.push_front(std::move(job));
    return;
  }
  if (status != CommandStatus::Ok) {
    failMessage(job.local_id, status, std::string(commandStatusName(status)), isRetryable(status));
    return;
  }
  if (now >= paused_until_) {
    throttle_level_ = 0;  // accepted after the pause: the SMS center keeps up again
  }
  Progress& accepted = progress->second;
  ++accepted.accepted;
  accepted.message_ids[job.part - 1] = message_id;
  emit(SubmitAccepted{job.local_id, job.part, accepted.parts, std::move(message_id)});
  if (accepted.accepted == accepted.parts) {
    emit(MessageAccepted{job.local_id, std::move(accepted.message_ids)});
    messages_.erase(progress);
  }
}

void EsmeSession::failMessage(const OutboundSmsId& local_id, std::optional<CommandStatus> status,
                              std::string reason, bool retryable) {
  auto progress = messages_.find(local_id);
  if (progress == messages_.end()) {
    return;
  }
  emit(SubmitFailed{local_id, status, std::move(reason), retryable, progress->second.accepted});
  messages_.erase(progress);
  std::erase_if(queue_, [&](const PartJob& job) { return job.local_id == local_id; });
}

void EsmeSession::dropUnstartedMessages(const std::string& reason) {
  std::vector<std::pair<uint64_t, OutboundSmsId>> unstarted;
  for (const auto& [local_id, progress] : messages_) {
    if (!progress.written) {
      unstarted.emplace_back(progress.order, local_id);
    }
  }
  std::sort(unstarted.begin(), unstarted.end());
  for (const auto& [order, local_id] : unstarted) {
    failMessage(local_id, std::nullopt, reason, /*retryable=*/true);
  }
}

void EsmeSession::releaseMessages(const std::string& reason) {
  std::vector<std::pair<uint64_t, OutboundSmsId>> ordered;
  for (const auto& [local_id, progress] : messages_) {
    ordered.emplace_back(progress.order, local_id);
  }
  std::sort(ordered.begin(), ordered.end());
  for (const auto& [order, local_id] : ordered) {
    const Progress& progress = messages_.at(local_id);
    if (progress.written) {
      emit(SubmitUnconfirmed{local_id, progress.accepted, progress.parts, reason});
    } else {
      emit(SubmitFailed{local_id, std::nullopt, "not sent: " + reason, /*retryable=*/true, 0});
    }
  }
  messages_.clear();
  queue_.clear();
  submits_in_flight_ = 0;
}

}  // namespace parley::channels::smpp
