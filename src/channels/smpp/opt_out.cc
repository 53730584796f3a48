#include "channels/smpp/opt_out.h"

#include <array>
#include <cctype>
#include <string>

namespace parley::channels::smpp {
namespace {

// Characters dropped around the body: white space and the punctuation people type after a word.
bool isTrimmed(unsigned char c) {
  return std::isspace(c) != 0 || c == '.' || c == ',' || c == '!' || c == '?' || c == ';' ||
         c == ':' || c == '"' || c == '\'' || c == '(' || c == ')' || c == '*';
}

bool isSeparator(unsigned char c) { return std::isspace(c) != 0 || c == '-' || c == '_'; }

// Trimmed, lower-cased, inner separators collapsed to one space. Long bodies cannot be keywords:
// they are cut short so the work stays small.
std::string normalise(std::string_view text) {
  while (!text.empty() && isTrimmed(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && isTrimmed(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  constexpr size_t kLongestKeyword = 16;
  if (text.size() > kLongestKeyword * 2) {
    return {};
  }
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (isSeparator(byte)) {
      if (!out.empty() && out.back() != ' ') {
        out.push_back(' ');
      }
      continue;
    }
    out.push_back(static_cast<char>(std::tolower(byte)));
  }
  return out;
}

struct Keyword {
  std::string_view word;
  OptOutKeyword kind;
};

constexpr std::array<Keyword, 15> kKeywords = {{
    {"stop", OptOutKeyword::Stop},
    {"stopall", OptOutKeyword::Stop},
    {"stop all", OptOutKeyword::Stop},
    {"unsubscribe", OptOutKeyword::Stop},
    {"cancel", OptOutKeyword::Stop},
    {"end", OptOutKeyword::Stop},
    {"quit", OptOutKeyword::Stop},
    {"revoke", OptOutKeyword::Stop},
    {"opt out", OptOutKeyword::Stop},
    {"optout", OptOutKeyword::Stop},
    {"start", OptOutKeyword::Start},
    {"unstop", OptOutKeyword::Start},
    {"yes", OptOutKeyword::Start},
    {"help", OptOutKeyword::Help},
    {"info", OptOutKeyword::Help},
}};

}  // namespace

OptOutKeyword classifyOptOut(std::string_view text) {
  const std::string body = normalise(text);
  for (const Keyword& keyword : kKeywords) {
    if (body == keyword.word) {
      return keyword.kind;
    }
  }
  return OptOutKeyword::None;
}

std::string_view optOutKeywordName(OptOutKeyword keyword) {
  switch (keyword) {
    case OptOutKeyword::None:
      return "none";
    case OptOutKeyword::Stop:
      return "stop";
    case OptOutKeyword::Start:
      return "start";
    case OptOutKeyword::Help:
      return "help";
  }
  return "none";
}

}  // namespace parley::channels::smpp
