#include "core/error.h"

namespace parley {

std::string_view errorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::BadRequest:
      return "bad_request";
    case ErrorCode::InvalidJson:
      return "invalid_json";
    case ErrorCode::ValidationFailed:
      return "validation_failed";
    case ErrorCode::Unauthenticated:
      return "unauthenticated";
    case ErrorCode::InvalidCredentials:
      return "invalid_credentials";
    case ErrorCode::CsrfFailed:
      return "csrf_failed";
    case ErrorCode::Forbidden:
      return "forbidden";
    case ErrorCode::NotFound:
      return "not_found";
    case ErrorCode::MethodNotAllowed:
      return "method_not_allowed";
    case ErrorCode::RequestTimeout:
      return "request_timeout";
    case ErrorCode::Conflict:
      return "conflict";
    case ErrorCode::ReplyWindowClosed:
      return "reply_window_closed";
    case ErrorCode::PayloadTooLarge:
      return "payload_too_large";
    case ErrorCode::HeaderTooLarge:
      return "header_too_large";
    case ErrorCode::UnsupportedMediaType:
      return "unsupported_media_type";
    case ErrorCode::TooManyAttempts:
      return "too_many_attempts";
    case ErrorCode::TwoFactorRequired:
      return "two_factor_required";
    case ErrorCode::RateLimited:
      return "rate_limited";
    case ErrorCode::NotReady:
      return "not_ready";
    case ErrorCode::Internal:
      return "internal";
  }
  return "internal";
}

}  // namespace parley
