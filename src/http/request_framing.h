#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::http {

// What a request's head says about its framing and target, gathered before its body is read.
struct RequestHead {
  unsigned version = 11;  // 10 or 11
  bool is_options = false;
  std::string_view target;
  int host_fields = 0;
  std::vector<std::string_view> transfer_encodings;  // every Transfer-Encoding field, in order
};

// Why a request must be refused with 400 and its connection closed (RFC 9112), or nothing. A proxy
// in front and Parley must agree on where one request ends and the next begins, and on which host
// and path it names, or one client's bytes become another's request:
// - HTTP/1.1 carries exactly one Host (§3.2); HTTP/1.0 at most one.
// - the target is a path (origin form, §3.2.1), or `*` for OPTIONS; `../x`, `x` are not.
// - a Transfer-Encoding must end in chunked, the only coding understood (§6.1, §6.3): otherwise the
//   body's length cannot be known, and Content-Length must not be trusted instead.
std::optional<std::string> framingFault(const RequestHead& head);

}  // namespace parley::http
