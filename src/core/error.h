#pragma once
// Expected failures are values: Result<T> is std::expected<T, Error>. ErrorCode's snake_case name
// is the stable code the API's one JSON error shape carries.

#include <expected>
#include <string>
#include <string_view>

namespace parley {

enum class ErrorCode {
  BadRequest,
  InvalidJson,
  ValidationFailed,
  Unauthenticated,
  InvalidCredentials,
  CsrfFailed,
  Forbidden,
  NotFound,
  MethodNotAllowed,
  RequestTimeout,
  Conflict,
  ReplyWindowClosed,  // a channel's reply window closed: only a template (or a tag) may go
  PayloadTooLarge,
  HeaderTooLarge,
  UnsupportedMediaType,
  TooManyAttempts,
  TwoFactorRequired,  // the role must sign in with a second factor; this user has none yet
  RateLimited,        // a token or an address sent more than its rate (S7)
  NotReady,
  Internal,
};

// The stable snake_case name ("invalid_json").
std::string_view errorCodeName(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;
};

template <class T>
using Result = std::expected<T, Error>;

// Shorthand for `return fail(ErrorCode::NotFound, "no such contact");`.
inline std::unexpected<Error> fail(ErrorCode code, std::string message) {
  return std::unexpected(Error{code, std::move(message)});
}

}  // namespace parley
