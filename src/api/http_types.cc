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
      return 409;
    case ErrorCode::PayloadTooLarge:
      return 413;
    case ErrorCode::HeaderTooLarge:
      return 431;
    case ErrorCode::UnsupportedMediaType:
      return 415;
    case ErrorCode::TooManyAttempts:
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

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percentDecode(std::string_view text) {
  std::string decoded;
  decoded.reserve(text.size());
  for (size_t index = 0; index < text.size(); ++index) {
    const char c = text[index];
    // '+' stays '+' (RFC 3986): phone numbers and email tags arrive unencoded more often than forms
    // do.
    if (c == '%' && index + 2 < text.size() && hexValue(text[index + 1]) >= 0 &&
        hexValue(text[index + 2]) >= 0) {
      decoded.push_back(
          static_cast<char>(hexValue(text[index + 1]) * 16 + hexValue(text[index + 2])));
      index += 2;
    } else {
      decoded.push_back(c);
    }
  }
  return decoded;
}

}  // namespace

std::string queryParameter(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const size_t end = query.find('&');
    const std::string_view pair = query.substr(0, end);
    const size_t equals = pair.find('=');
    if (pair.substr(0, equals) == name) {
      return equals == std::string_view::npos ? std::string()
                                              : percentDecode(pair.substr(equals + 1));
    }
    if (end == std::string_view::npos) {
      break;
    }
    query.remove_prefix(end + 1);
  }
  return {};
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
