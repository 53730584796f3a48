#include "api/openapi.h"
#include "api/routes.h"

namespace parley::api {

void addOpenApiRoutes(Router& router, ApiContext&) {
  router.add(Method::Get, "/api/v1/openapi.json", Access::Public,
             [](Call call) { call.respond(Response::json(200, std::string(openApiDocument()))); });
}

}  // namespace parley::api
