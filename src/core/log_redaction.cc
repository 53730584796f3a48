#include "core/log_redaction.h"

namespace parley {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isJoiner(char c) { return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')'; }
bool isWordChar(char c) {
  return isDigit(c) || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

std::string withoutLongNumbers(std::string_view text) {
  constexpr size_t kLongNumber = 6;
  constexpr size_t kMostJoiners = 2;  // "44 (7700)": a space and a parenthesis in a row
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    // A number starts at a word's start: the digits of "0x0000000b" or "id_123456" are not one.
    const bool at_word_start = i == 0 || !isWordChar(text[i - 1]);
    const bool starts =
        at_word_start &&
        (isDigit(text[i]) || (text[i] == '+' && i + 1 < text.size() && isDigit(text[i + 1])));
    if (!starts) {
      out += text[i++];
      continue;
    }
    // The run: digits, with a few joiners between them.
    size_t end = i + (text[i] == '+' ? 1 : 0);
    size_t digits = 0;
    size_t last_digit = end;
    while (end < text.size()) {
      if (isDigit(text[end])) {
        ++digits;
        last_digit = ++end;
        continue;
      }
      size_t joiners = 0;
      while (end + joiners < text.size() && joiners < kMostJoiners &&
             isJoiner(text[end + joiners])) {
        ++joiners;
      }
      if (joiners == 0 || end + joiners >= text.size() || !isDigit(text[end + joiners])) {
        break;
      }
      end += joiners;
    }
    const bool at_word_end = last_digit == text.size() || !isWordChar(text[last_digit]);
    if (digits >= kLongNumber && at_word_end) {
      out += "[number]";
    } else {
      out.append(text.substr(i, last_digit - i));
    }
    i = last_digit;
  }
  return out;
}

}  // namespace parley
