#include "api/routes.h"

namespace parley::api {

void addHealthRoutes(Router& router, ApiContext& context) {
  router.add(Method::Get, "/healthz", Access::Public,
             [](Call call) { call.respond(Response::json(200, R"({"status":"ok"})")); });
  router.add(Method::Get, "/readyz", Access::Public, [&context](Call call) {
    if (!context.is_ready()) {
      call.fail(ErrorCode::NotReady, "starting, shutting down, or storage is not writable");
      return;
    }
    call.respond(Response::json(200, R"({"status":"ready"})"));
  });
  router.add(Method::Get, "/metrics", Access::Public, [&context](Call call) {
    call.respond(Response{
        200, "text/plain; version=0.0.4", context.metrics.render(context.engine_metrics()), {}});
  });
}

}  // namespace parley::api
