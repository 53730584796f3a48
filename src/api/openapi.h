#pragma once
// The OpenAPI 3.0.3 description of every route (src/api/openapi.json), embedded at build time by
// cmake/embed_text.cmake. openapi_test.cc checks that it lists exactly the routes buildRouter
// registers.

#include <string_view>

namespace parley::api {

// The document's JSON text; static storage, valid for the life of the program.
std::string_view openApiDocument();

}  // namespace parley::api
