#pragma once
// Frames a byte stream from an SMS center into SMPP PDUs. Pure code: the session feeds whatever
// its socket read returned (any split, one byte at a time included) and drains next().
// Input: untrusted. Memory held is the bytes fed and not yet consumed by next().
//
// Usage:
//   reader.feed(bytes_read);
//   while (auto decoded = reader.next()) {
//     if (decoded->has_value()) { handle(**decoded); continue; }
//     const DecodeError& error = decoded->error();
//     if (auto reply = errorResponse(error)) send(*reply);
//     if (error.dropsConnection()) close();
//   }
// Not thread-safe: one reader per connection, used by that connection's coroutine only.

#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "channels/smpp/pdu.h"

namespace parley::channels::smpp {

class PduReader {
 public:
  using Decoded = std::expected<Pdu, DecodeError>;

  explicit PduReader(size_t max_pdu_bytes = kDefaultMaxPduBytes);

  // Appends bytes received. Ignored once the reader has failed.
  void feed(std::string_view bytes);

  // The next complete PDU, a decode error, or nothing when no whole PDU is buffered yet.
  // - command_length < 16 or > max_pdu_bytes: one BadFraming error, reported as soon as the four
  //   length octets arrived (sequence_number 0: not read); the reader has then failed, keeps
  //   nothing, and returns nothing more. Drop the connection.
  // - Unknown command_id or malformed body: an UnknownCommand / MalformedBody error carrying the
  //   command_id, sequence_number and status to answer with; that PDU's bytes are skipped and
  //   reading goes on with the next one.
  [[nodiscard]] std::optional<Decoded> next();

  bool hasFailed() const { return failed_; }
  // Bytes fed and not consumed yet.
  size_t buffered() const { return buffer_.size() - start_; }

 private:
  size_t max_pdu_bytes_;
  std::string buffer_;
  size_t start_ = 0;  // first unconsumed byte of buffer_
  bool failed_ = false;
};

}  // namespace parley::channels::smpp
