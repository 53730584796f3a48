#include "api/http_types.h"

#include <spdlog/spdlog.h>

#include "core/json/json_writer.h"

namespace parley::api {

int httpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::BadRequest:
      return 400;
    case ErrorCode::InvalidJson:
      return 400;
    case ErrorCode::ValidationFailed:
      return 422;
    case ErrorCode::Unauthenticated:
      return 401;
    case ErrorCode::InvalidCredentials:
      return 401;
    case ErrorCode::CsrfFailed:
      return 403;
    case ErrorCode::Forbidden:
      return 403;
    case ErrorCode::NotFound:
      return 404;
    case ErrorCode::MethodNotAllowed:
      return 405;
    case ErrorCode::RequestTimeout:
      return 408;
    case ErrorCode::Conflict:
    case ErrorCode::ReplyWindowClosed:
      return 409;
    case ErrorCode::PayloadTooLarge:
      return 413;
    case ErrorCode::HeaderTooLarge:
      return 431;
    case ErrorCode::UnsupportedMediaType:
      return 415;
    case ErrorCode::TooManyAttempts:
      return 429;
    case ErrorCode::TwoFactorRequired:
      return 403;
    case ErrorCode::RateLimited:
      return 429;
    case ErrorCode::NotReady:
      return 503;
    case ErrorCode::Internal:
      return 500;
  }
  return 500;
}

Response Response::json(int status, std::string body) {
  return Response{status, "application/json", std::move(body), {}};
}

Response Response::noContent() { return Response{204, "", "", {}}; }

Response Response::error(const Error& error) {
  // An internal error's detail (SQL, file names) is for the operator's log, not for the client.
  const bool is_internal = error.code == ErrorCode::Internal;
  if (is_internal) {
    spdlog::error("internal error: {}", error.message);
  }
  JsonWriter writer;
  writer.beginObject().key("error").beginObject();
  writer.field("code", errorCodeName(error.code))
      .field("message", is_internal ? "something went wrong on the server" : error.message);
  writer.endObject().endObject();
  return json(httpStatus(error.code), writer.take());
}

std::string cookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    while (!header.empty() && (header.front() == ' ' || header.front() == ';')) {
      header.remove_prefix(1);
    }
    const size_t end = header.find(';');
    const std::string_view pair = header.substr(0, end);
    const size_t equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
      return std::string(pair.substr(equals + 1));
    }
    if (end == std::string_view::npos) {
      break;
    }
    header.remove_prefix(end + 1);
  }
  return {};
}

}  // namespace parley::api
