#pragma once
// What Meta's Graph API answered (channels.md §1.2 "Error body", §2.2): an error is
//   {"error":{"message","type","code","error_subcode"?,"error_data":{"details"}?,"fbtrace_id"}}
// and is sorted here into what the outbox does with the attempt, with a sentence the agent sees
// ("…: send an approved template (Meta error 131047, trace A1b2…)"). WhatsApp branches on `code`
// and `details`; Messenger's window error needs the subcode.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/http_client.h"

namespace parley::channels::meta {

struct GraphError {
  int64_t code = 0;
  std::optional<int64_t> subcode;
  std::string type;
  std::string message;
  std::string details;
  std::string fbtrace_id;
};

enum class GraphVerdict {
  Ok,              // 2xx
  WindowClosed,    // only a template (or a tag) may go now: Failed
  RateLimited,     // back off and try again: Retry
  Temporary,       // no usable answer, a 5xx, Meta's "unknown"/"temporary": Retry
  Unreachable,     // this contact cannot get messages here: Failed, and unreachable
  AccountProblem,  // token, permissions, a blocked account: Failed, and the admin must act
  Refused,         // this message cannot go as it is: Failed
};

struct GraphAnswer {
  GraphVerdict verdict = GraphVerdict::Temporary;
  std::string reason;  // "" when Ok
  std::optional<GraphError> error;
};

// The error in a Graph answer's body; nullopt when it carries none (or is not JSON).
std::optional<GraphError> parseGraphError(std::string_view body);

// The verdict on one call's answer. `provider` names the service in the reason ("WhatsApp").
GraphAnswer classifyGraphAnswer(const Result<HttpResponse>& response, std::string_view provider);

}  // namespace parley::channels::meta
