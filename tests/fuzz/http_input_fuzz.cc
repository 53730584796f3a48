// Fuzz target: the URL and header parsing the API does itself: routing (segments, placeholders,
// percent-escapes), query parameters and cookies.

#include <string>
#include <vector>

#include "api/router.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static parley::ManualClock clock;
  static parley::api::Authenticator authenticator(parley::storage::Stores{}, clock, {});
  static parley::api::Router router = [] {
    parley::api::Router built(authenticator);
    built.add(parley::api::Method::Get, "/api/v1/users/{id}", parley::api::Access::Public,
              [](parley::api::Call call) { call.respond(parley::api::Response::noContent()); });
    return built;
  }();
  const std::string input(reinterpret_cast<const char*>(data), size);
  const size_t question = input.find('?');
  parley::api::Request request;
  request.path = input.substr(0, question);
  request.query = question == std::string::npos ? "" : input.substr(question + 1);
  int answered = 0;
  router.dispatch(request, [&answered](parley::api::Response) { ++answered; });
  if (answered != 1) {
    __builtin_trap();  // every request gets exactly one answer
  }
  (void)parley::queryParameter(input, "email");
  (void)parley::api::cookieValue(input, "parley_session");
  return 0;
}

std::vector<std::string> fuzzSeeds() {
  return {"/api/v1/users/usr_1?email=a%40b.com&x=1",
          "/api/v1/users/%2F?phone=%2B44+20",
          "parley_session=abc; parley_csrf=def",
          "//api///v1/users/x/",
          "/a%zz?%",
          "?=&=&"};
}
