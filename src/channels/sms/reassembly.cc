#include "channels/sms/reassembly.h"

#include <algorithm>

namespace parley::channels::sms {
namespace {

// Decodes parts [begin, end), all present. Joined first when they share a coding, so a pair split
// by the sender is read whole; an odd-length UCS-2 part would shift the rest, so then each part
// is decoded alone.
template <class PartsVector>
std::string decodeRun(const PartsVector& parts, size_t begin, size_t end) {
  bool joinable = true;
  for (size_t index = begin; index < end; ++index) {
    const auto& part = *parts[index];
    joinable = joinable && part.data_coding == parts[begin]->data_coding &&
               (part.data_coding != kDataCodingUcs2 || part.body.size() % 2 == 0);
  }
  std::string text;
  if (joinable) {
    std::string joined;
    for (size_t index = begin; index < end; ++index) {
      joined += parts[index]->body;
    }
    return decodeBody(joined, parts[begin]->data_coding).value_or(std::string());
  }
  for (size_t index = begin; index < end; ++index) {
    text += decodeBody(parts[index]->body, parts[index]->data_coding).value_or(std::string());
  }
  return text;
}

std::string missingMarker(size_t first, size_t last, size_t total) {
  const std::string of = " of " + std::to_string(total) + " missing]";
  if (first == last) {
    return "[part " + std::to_string(first) + of;
  }
  return "[parts " + std::to_string(first) + "-" + std::to_string(last) + of;
}

}  // namespace

Reassembler::Reassembler(ReassemblyLimits limits) : limits_(limits) {}

Result<std::vector<ReassembledText>> Reassembler::add(InboundPart part, TimePoint now) {
  auto concatenation = checkConcatenation(part.concatenation);
  if (!concatenation) {
    return std::unexpected(std::move(concatenation.error()));
  }
  if (!isSupportedDataCoding(part.data_coding)) {
    return fail(ErrorCode::UnsupportedMediaType,
                "SMS data_coding " + std::to_string(part.data_coding) + " is not supported");
  }
  if (part.body.size() > limits_.max_part_octets) {
    return fail(ErrorCode::PayloadTooLarge,
                "SMS part over " + std::to_string(limits_.max_part_octets) + " octets");
  }
  const uint8_t total = concatenation->total;
  const size_t slot = concatenation->sequence - 1;
  StoredPart stored{part.data_coding, std::move(part.body)};
  Key key{std::move(part.source), concatenation->reference, total};
  std::vector<ReassembledText> done;

  if (total > limits_.max_parts) {
    Pending lone{std::move(key), now, std::vector<std::optional<StoredPart>>(total), 1};
    lone.parts[slot] = std::move(stored);
    done.push_back(render(lone));
    return done;
  }

  auto found = index_.find(key);
  if (found == index_.end()) {
    if (!pending_.empty() && pending_.size() >= limits_.max_pending) {
      done.push_back(render(pending_.front()));
      index_.erase(pending_.front().key);
      pending_.pop_front();
    }
    pending_.push_back(Pending{key, now, std::vector<std::optional<StoredPart>>(total), 0});
    found = index_.emplace(std::move(key), std::prev(pending_.end())).first;
  }
  Pending& pending = *found->second;
  if (pending.parts[slot]) {
    return done;  // a repeat: the first copy stays
  }
  pending.parts[slot] = std::move(stored);
  if (++pending.received == pending.parts.size()) {
    done.push_back(render(pending));
    pending_.erase(found->second);
    index_.erase(found);
  }
  return done;
}

std::vector<ReassembledText> Reassembler::expire(TimePoint now) {
  std::vector<ReassembledText> expired;
  for (auto pending = pending_.begin(); pending != pending_.end();) {
    if (now - pending->first_seen < limits_.timeout) {
      ++pending;
      continue;
    }
    expired.push_back(render(*pending));
    index_.erase(pending->key);
    pending = pending_.erase(pending);
  }
  return expired;
}

size_t Reassembler::forget(const std::function<bool(std::string_view source)>& matches) {
  size_t dropped = 0;
  for (auto pending = pending_.begin(); pending != pending_.end();) {
    if (!matches(std::get<0>(pending->key))) {
      ++pending;
      continue;
    }
    index_.erase(pending->key);
    pending = pending_.erase(pending);
    ++dropped;
  }
  return dropped;
}

std::optional<TimePoint> Reassembler::nextDeadline() const {
  std::optional<TimePoint> earliest;
  for (const Pending& pending : pending_) {
    if (!earliest || pending.first_seen < *earliest) {
      earliest = pending.first_seen;
    }
  }
  if (!earliest) {
    return std::nullopt;
  }
  return *earliest + limits_.timeout;
}

ReassembledText Reassembler::render(const Pending& pending) {
  ReassembledText out;
  out.source = std::get<0>(pending.key);
  out.reference = std::get<1>(pending.key);
  out.total = std::get<2>(pending.key);
  const size_t total = pending.parts.size();
  size_t at = 0;
  while (at < total) {
    size_t end = at;
    const bool present = pending.parts[at].has_value();
    while (end < total && pending.parts[end].has_value() == present) {
      ++end;
    }
    if (present) {
      out.text += decodeRun(pending.parts, at, end);
    } else {
      out.text += missingMarker(at + 1, end, total);
      for (size_t missing = at; missing < end; ++missing) {
        out.missing.push_back(static_cast<uint8_t>(missing + 1));
      }
    }
    at = end;
  }
  return out;
}

}  // namespace parley::channels::sms
