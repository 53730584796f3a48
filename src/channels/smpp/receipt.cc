#include "channels/smpp/receipt.h"

#include <array>
#include <cctype>
#include <cstdint>
#include <vector>

namespace parley::channels::smpp {
namespace {

bool isSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t at = 0; at < a.size(); ++at) {
    if (lower(a[at]) != lower(b[at])) {
      return false;
    }
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && isSpace(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && isSpace(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

enum class Field { Id, Sub, Dlvrd, SubmitDate, DoneDate, Stat, Err, Text };

struct Key {
  std::string_view spelling;  // without the colon
  Field field;
};

// "submit date" before "sub" is not needed for correctness (the colon decides), but keeps the
// table readable in wire order.
constexpr std::array<Key, 10> kKeys = {{
    {"id", Field::Id},
    {"sub", Field::Sub},
    {"dlvrd", Field::Dlvrd},
    {"submit date", Field::SubmitDate},
    {"submit_date", Field::SubmitDate},
    {"done date", Field::DoneDate},
    {"done_date", Field::DoneDate},
    {"stat", Field::Stat},
    {"err", Field::Err},
    {"text", Field::Text},
}};

struct Marker {
  Field field;
  size_t key_start = 0;    // where the key begins
  size_t value_start = 0;  // just after the colon
};

// The key starting at `at` (which is at the start or after white space), if any.
std::optional<Marker> keyAt(std::string_view text, size_t at) {
  for (const Key& key : kKeys) {
    const size_t end = at + key.spelling.size();
    if (end < text.size() && text[end] == ':' &&
        equalsIgnoreCase(text.substr(at, key.spelling.size()), key.spelling)) {
      return Marker{key.field, at, end + 1};
    }
  }
  return std::nullopt;
}

std::vector<Marker> findMarkers(std::string_view text) {
  std::vector<Marker> markers;
  for (size_t at = 0; at < text.size(); ++at) {
    if (at > 0 && !isSpace(text[at - 1])) {
      continue;
    }
    auto marker = keyAt(text, at);
    if (!marker) {
      continue;
    }
    markers.push_back(*marker);
    if (marker->field == Field::Text) {
      break;  // the rest is the message's first characters, whatever they look like
    }
    at = marker->value_start - 1;
  }
  return markers;
}

std::optional<std::string>& slot(ReceiptText& receipt, Field field) {
  switch (field) {
    case Field::Id:
      return receipt.id;
    case Field::Sub:
      return receipt.sub;
    case Field::Dlvrd:
      return receipt.dlvrd;
    case Field::SubmitDate:
      return receipt.submit_date;
    case Field::DoneDate:
      return receipt.done_date;
    case Field::Stat:
      return receipt.stat;
    case Field::Err:
      return receipt.err;
    case Field::Text:
      break;
  }
  return receipt.text;
}

std::optional<uint32_t> decimal(std::string_view digits) {
  if (digits.empty() || digits.size() > 9) {
    return std::nullopt;
  }
  uint32_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    value = value * 10 + static_cast<uint32_t>(c - '0');
  }
  return value;
}

// The value of `digits` in `base` (10 or 16), leading zeros ignored; none when a character is not
// a digit of that base or the value does not fit 64 bits.
std::optional<uint64_t> number(std::string_view digits, unsigned base) {
  if (digits.empty()) {
    return std::nullopt;
  }
  uint64_t value = 0;
  for (char c : digits) {
    unsigned digit = 0;
    if (c >= '0' && c <= '9') {
      digit = static_cast<unsigned>(c - '0');
    } else if (base == 16 && lower(c) >= 'a' && lower(c) <= 'f') {
      digit = static_cast<unsigned>(lower(c) - 'a' + 10);
    } else {
      return std::nullopt;
    }
    if (value > (UINT64_MAX - digit) / base) {
      return std::nullopt;
    }
    value = value * base + digit;
  }
  return value;
}

}  // namespace

std::optional<ReceiptText> parseReceiptText(std::string_view text) {
  const std::vector<Marker> markers = findMarkers(text);
  ReceiptText receipt;
  for (size_t index = 0; index < markers.size(); ++index) {
    const Marker& marker = markers[index];
    const size_t end = index + 1 < markers.size() ? markers[index + 1].key_start : text.size();
    auto& field = slot(receipt, marker.field);
    if (!field) {  // a repeated key: the first one wins
      field = std::string(trim(text.substr(marker.value_start, end - marker.value_start)));
    }
  }
  if (!receipt.id && !receipt.stat) {
    return std::nullopt;
  }
  if (receipt.stat) {
    receipt.state = messageStateFromStat(*receipt.stat);
  }
  if (receipt.err) {
    receipt.error_code = decimal(*receipt.err);
  }
  return receipt;
}

std::optional<MessageState> messageStateFromStat(std::string_view stat) {
  struct Word {
    std::string_view word;
    MessageState state;
  };
  static constexpr std::array<Word, 12> kWords = {{
      {"DELIVRD", MessageState::Delivered},
      {"DELIVERED", MessageState::Delivered},
      {"EXPIRED", MessageState::Expired},
      {"DELETED", MessageState::Deleted},
      {"UNDELIV", MessageState::Undeliverable},
      {"UNDELIVERABLE", MessageState::Undeliverable},
      {"ACCEPTD", MessageState::Accepted},
      {"ACCEPTED", MessageState::Accepted},
      {"UNKNOWN", MessageState::Unknown},
      {"REJECTD", MessageState::Rejected},
      {"REJECTED", MessageState::Rejected},
      {"ENROUTE", MessageState::Enroute},
  }};
  stat = trim(stat);
  for (const Word& word : kWords) {
    if (equalsIgnoreCase(stat, word.word)) {
      return word.state;
    }
  }
  return std::nullopt;
}

std::string_view messageStateName(MessageState state) {
  switch (state) {
    case MessageState::Enroute:
      return "enroute";
    case MessageState::Delivered:
      return "delivered";
    case MessageState::Expired:
      return "expired";
    case MessageState::Deleted:
      return "deleted";
    case MessageState::Undeliverable:
      return "undeliverable";
    case MessageState::Accepted:
      return "accepted";
    case MessageState::Unknown:
      return "unknown";
    case MessageState::Rejected:
      return "rejected";
  }
  return "unknown";
}

bool isFinal(MessageState state) { return state != MessageState::Enroute; }

bool sameMessageId(std::string_view submitted, std::string_view receipted) {
  submitted = trim(submitted);
  receipted = trim(receipted);
  if (submitted.empty() || receipted.empty()) {
    return false;
  }
  if (equalsIgnoreCase(submitted, receipted)) {
    return true;
  }
  const auto same = [](std::optional<uint64_t> a, std::optional<uint64_t> b) {
    return a && b && *a == *b;
  };
  return same(number(submitted, 16), number(receipted, 10)) ||
         same(number(submitted, 10), number(receipted, 16)) ||
         same(number(submitted, 10), number(receipted, 10)) ||
         same(number(submitted, 16), number(receipted, 16));
}

}  // namespace parley::channels::smpp
