#include "http/request_framing.h"

#include <algorithm>
#include <cctype>

namespace parley::http {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

bool isChunked(std::string_view coding) {
  return std::equal(coding.begin(), coding.end(), std::string_view("chunked").begin(),
                    std::string_view("chunked").end(), [](char a, char b) {
                      return std::tolower(static_cast<unsigned char>(a)) == b;
                    });
}

// The codings of every Transfer-Encoding field, in order (a field may list several).
std::vector<std::string_view> codings(const std::vector<std::string_view>& fields) {
  std::vector<std::string_view> all;
  for (std::string_view field : fields) {
    while (true) {
      const size_t comma = field.find(',');
      if (std::string_view coding = trimmed(field.substr(0, comma)); !coding.empty()) {
        all.push_back(coding);
      }
      if (comma == std::string_view::npos) {
        break;
      }
      field.remove_prefix(comma + 1);
    }
  }
  return all;
}

}  // namespace

std::optional<std::string> framingFault(const RequestHead& head) {
  if (head.version >= 11 && head.host_fields != 1) {
    return head.host_fields == 0 ? "an HTTP/1.1 request needs a Host header"
                                 : "a request has one Host header, not several";
  }
  if (head.host_fields > 1) {
    return "a request has one Host header, not several";
  }
  const bool asterisk = head.target == "*" && head.is_options;
  if (!asterisk && !head.target.starts_with('/')) {
    return "the request target must be a path starting with /";
  }
  if (!head.transfer_encodings.empty() && head.version < 11) {
    return "HTTP/1.0 knows no Transfer-Encoding";  // RFC 9112 §6.1: faulty framing
  }
  if (!head.transfer_encodings.empty()) {
    const auto all = codings(head.transfer_encodings);
    if (all.empty() || !isChunked(all.back())) {
      return "a Transfer-Encoding must end in chunked";
    }
    if (all.size() > 1) {
      return "only the chunked transfer coding is understood";
    }
  }
  return std::nullopt;
}

}  // namespace parley::http
