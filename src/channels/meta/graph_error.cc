#include "channels/meta/graph_error.h"

#include <nlohmann/json.hpp>

#include "channels/provider_json.h"

namespace parley::channels::meta {
namespace {

constexpr size_t kMaxErrorBytes = 64 * 1024;
constexpr size_t kMaxErrorDepth = 8;
constexpr size_t kMaxFieldBytes = 1024;

std::string stringAt(const nlohmann::json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end() || !found->is_string()) {
    return "";
  }
  std::string value = found->get<std::string>();
  if (value.size() > kMaxFieldBytes) {
    value.resize(kMaxFieldBytes);
  }
  return value;
}

std::optional<int64_t> integerAt(const nlohmann::json& object, const char* key) {
  const auto found = object.find(key);
  return found == object.end() ? std::nullopt : asInt64(*found);
}

// "(Meta error 131047/2018278, trace AbC…)": what support asks for.
std::string referenceOf(const GraphError& error) {
  std::string reference = "Meta error " + std::to_string(error.code);
  if (error.subcode) {
    reference += "/" + std::to_string(*error.subcode);
  }
  if (!error.fbtrace_id.empty()) {
    reference += ", trace " + error.fbtrace_id;
  }
  return "(" + reference + ")";
}

GraphAnswer verdictOf(GraphVerdict verdict, std::string sentence, const GraphError& error) {
  return {verdict, std::move(sentence) + " " + referenceOf(error), error};
}

}  // namespace

std::optional<GraphError> parseGraphError(std::string_view body) {
  auto parsed = parseProviderJson(body, kMaxErrorBytes, kMaxErrorDepth);
  if (!parsed || !parsed->is_object()) {
    return std::nullopt;
  }
  const auto found = parsed->find("error");
  if (found == parsed->end() || !found->is_object()) {
    return std::nullopt;
  }
  const nlohmann::json& error = *found;
  GraphError read{.code = integerAt(error, "code").value_or(0),
                  .subcode = integerAt(error, "error_subcode"),
                  .type = stringAt(error, "type"),
                  .message = stringAt(error, "message"),
                  .fbtrace_id = stringAt(error, "fbtrace_id")};
  if (const auto data = error.find("error_data"); data != error.end() && data->is_object()) {
    read.details = stringAt(*data, "details");
  }
  return read;
}

GraphAnswer classifyGraphAnswer(const Result<HttpResponse>& response, std::string_view provider) {
  const std::string who(provider);
  if (!response) {
    return {GraphVerdict::Temporary, "no answer from " + who + ": " + response.error().message,
            std::nullopt};
  }
  if (response->status >= 200 && response->status < 300) {
    return {GraphVerdict::Ok, "", std::nullopt};
  }
  std::optional<GraphError> error = parseGraphError(response->body);
  if (!error) {
    const bool server = response->status >= 500 || response->status == 429;
    return {server ? GraphVerdict::Temporary : GraphVerdict::Refused,
            who + " answered HTTP " + std::to_string(response->status) + " without an error",
            std::nullopt};
  }
  const std::string said = error->details.empty() ? error->message : error->details;
  switch (error->code) {
    case 131047:
      return verdictOf(GraphVerdict::WindowClosed,
                       who +
                           " refused it: more than 24 hours passed since the customer's last "
                           "message; send an approved template",
                       *error);
    case 10:
      if (error->subcode == 2018278) {
        return verdictOf(GraphVerdict::WindowClosed,
                         who +
                             " refused it: it is outside the 24-hour window and the page may "
                             "not tag it as a human agent's reply",
                         *error);
      }
      return verdictOf(GraphVerdict::AccountProblem,
                       who + " refused it: the app lacks the permission (" + said + ")", *error);
    case 131026:
      return verdictOf(GraphVerdict::Unreachable,
                       "this number cannot receive WhatsApp messages (not on WhatsApp, an old "
                       "app, or the terms not accepted)",
                       *error);
    case 551:
      return verdictOf(GraphVerdict::Unreachable, "this person is not available right now", *error);
    case 130429:
    case 131056:
    case 131057:
    case 4:
    case 80007:
    case 613:
      return verdictOf(GraphVerdict::RateLimited, who + " asks to slow down: " + said, *error);
    case 1:
    case 2:
    case 131000:
    case 131016:
      return verdictOf(GraphVerdict::Temporary, who + " had a temporary problem: " + said, *error);
    case 190:
      return verdictOf(GraphVerdict::AccountProblem,
                       "the access token is invalid or expired: paste a new one in the channel's "
                       "settings",
                       *error);
    case 200:
    case 3:
    case 368:
    case 131031:
    case 131005:
      return verdictOf(GraphVerdict::AccountProblem,
                       who + " refused the account: " + said +
                           " (check it in Meta's Business "
                           "Manager)",
                       *error);
    case 132000:
      return verdictOf(GraphVerdict::Refused,
                       "the template's parameters do not match it (" + said + ")", *error);
    case 132001:
      return verdictOf(GraphVerdict::Refused,
                       "the template does not exist in that language, or is not approved: sync "
                       "the templates",
                       *error);
    case 131048:
    case 131049:
      return verdictOf(GraphVerdict::Refused,
                       who + " held it back to protect the number's quality: " + said, *error);
    default:
      break;
  }
  if (response->status >= 500) {
    return verdictOf(GraphVerdict::Temporary, who + " had a problem: " + said, *error);
  }
  return verdictOf(GraphVerdict::Refused, who + " refused it: " + said, *error);
}

}  // namespace parley::channels::meta
