#include "channels/smpp/pdu_reader.h"

namespace parley::channels::smpp {

PduReader::PduReader(size_t max_pdu_bytes) : max_pdu_bytes_(max_pdu_bytes) {}

void PduReader::feed(std::string_view bytes) {
  if (failed_) {
    return;
  }
  // Consumed bytes are dropped lazily, when they are at least half the buffer, so a stream of
  // small PDUs costs amortised O(1) per byte.
  if (start_ > 0 && start_ * 2 >= buffer_.size()) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  buffer_.append(bytes);
}

std::optional<PduReader::Decoded> PduReader::next() {
  if (failed_ || buffered() < 4) {
    return std::nullopt;
  }
  const std::string_view pending = std::string_view(buffer_).substr(start_);
  uint32_t command_length = 0;
  for (size_t index = 0; index < 4; ++index) {
    command_length = (command_length << 8) | static_cast<uint8_t>(pending[index]);
  }
  if (command_length < kHeaderBytes || command_length > max_pdu_bytes_) {
    failed_ = true;
    buffer_.clear();
    start_ = 0;
    return std::unexpected(DecodeError{DecodeFailure::BadFraming, CommandStatus::InvCmdLen, 0, 0,
                                       "command_length " + std::to_string(command_length) +
                                           " outside 16.." + std::to_string(max_pdu_bytes_)});
  }
  if (pending.size() < command_length) {
    return std::nullopt;
  }
  start_ += command_length;
  return decode(pending.substr(0, command_length));
}

}  // namespace parley::channels::smpp
