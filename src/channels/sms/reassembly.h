#pragma once
// Reassembly of concatenated inbound SMS (channels.md §6.5). Pure code: time is an argument.
//
// Parts are keyed by (source address, reference, total) and may arrive in any order; a repeated
// part (same key and sequence) is ignored, the first copy kept. Once every part is there, the
// text is returned and forgotten. The user data of all parts is joined before decoding, so a
// sender that split an escape or a surrogate pair across parts is still read right.
//
// Nothing is dropped silently. A message whose first part arrived `timeout` ago (5 minutes by
// default) is returned by expire() with what arrived, in order, and a marker where parts are
// missing: "[part 2 of 3 missing]", or "[parts 2-4 of 5 missing]" for a run. The agent sees the
// gap, and `missing` lists it for whoever wants to render it differently. The timeout counts from
// the first part, not the latest, so a trickle of parts cannot hold a message back for ever.
//
// Memory is bounded: at most `max_pending` incomplete messages (adding one more first evicts the
// oldest by first arrival, returned like an expired one), at most `max_part_octets` per part, and
// a message declaring more than `max_parts` parts is not held at all: each of its parts comes back
// at once, marked like an expired message.
//
// A part that arrives after its message was completed or expired starts a new message (which will
// expire with markers): references are reused by senders, so there is no safe way to tell a late
// copy from a new text. Not thread-safe: one owner (the SMPP bind's session) calls it.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "channels/sms/segmenter.h"
#include "core/clock.h"
#include "core/error.h"

namespace parley::channels::sms {

struct ReassemblyLimits {
  std::chrono::milliseconds timeout = std::chrono::minutes(5);
  size_t max_pending = 1024;
  size_t max_parts = 32;
  size_t max_part_octets = 254;  // short_message's own limit (channels.md §6.1)
};

// One inbound part, as splitUserData() left it.
struct InboundPart {
  std::string source;  // source_addr
  Concatenation concatenation;
  uint8_t data_coding = kDataCodingDefault;
  std::string body;  // user data after the UDH
};

struct ReassembledText {
  std::string source;
  uint16_t reference = 0;
  uint8_t total = 0;
  std::string text;              // UTF-8; with markers when parts are missing
  std::vector<uint8_t> missing;  // sequence numbers that never arrived, ascending
  bool isComplete() const { return missing.empty(); }
};

class Reassembler {
 public:
  explicit Reassembler(ReassemblyLimits limits = {});

  // Adds a part received at `now`. Returns the texts this call finished, oldest first: a message
  // evicted to make room, then this part's message if it is now complete (or holds more than
  // max_parts parts). Usually empty. Fails, storing nothing, when the concatenation is invalid
  // (checkConcatenation()), the data_coding unsupported, or the body over max_part_octets.
  [[nodiscard]] Result<std::vector<ReassembledText>> add(InboundPart part, TimePoint now);

  // Removes and returns, oldest first, the messages whose first part arrived at or before
  // `now - timeout`.
  std::vector<ReassembledText> expire(TimePoint now);

  // Drops, unrendered, the messages whose source `matches`: their sender was erased, and what they
  // wrote before must not come back as a new customer's message. Returns how many it dropped.
  size_t forget(const std::function<bool(std::string_view source)>& matches);

  // When the next message will be due for expire(); none when nothing is pending.
  std::optional<TimePoint> nextDeadline() const;

  size_t pendingCount() const { return pending_.size(); }

 private:
  using Key = std::tuple<std::string, uint16_t, uint8_t>;
  struct StoredPart {
    uint8_t data_coding = kDataCodingDefault;
    std::string body;
  };
  struct Pending {
    Key key;
    TimePoint first_seen;
    std::vector<std::optional<StoredPart>> parts;  // index = sequence - 1
    size_t received = 0;
  };

  static ReassembledText render(const Pending& pending);

  ReassemblyLimits limits_;
  std::list<Pending> pending_;  // by first arrival
  std::map<Key, std::list<Pending>::iterator> index_;
};

}  // namespace parley::channels::sms
