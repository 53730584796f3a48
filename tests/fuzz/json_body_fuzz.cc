// Fuzz target: request bodies as the API reads them (simdjson with our depth limit, then the typed
// field readers every handler uses). Any input must give a value or an Error, never a crash.

#include <string>
#include <vector>

#include "core/json/json_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto object = parley::JsonObject::parse(body);
  if (object) {
    (void)object->optionalString("name", 200);
    (void)object->requiredString("email", 254);
    (void)object->stringMap("attributes", 50, 2000);
  }
  return 0;
}

std::vector<std::string> fuzzSeeds() {
  return {
      R"({"name":"Ada","email":"ada@example.com","phone":"+44 20","attributes":{"plan":"gold"}})",
      R"({"email":"a@b","password":"correct horse battery"})",
      R"({"attributes":{"a":"\u00e9\ud83d\ude00","b":null},"name":null})",
      "[1,2,3]",
      "{}",
      R"({"a":[[[[[[[[[[{"b":{}}]]]]]]]]]]})"};
}
