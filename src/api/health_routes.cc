#include "api/routes.h"
#include "core/json/json_writer.h"

namespace parley::api {

void addHealthRoutes(Router& router, ApiContext& context) {
  router.add(Method::Get, "/healthz", Access::Public,
             [](Call call) { call.respond(Response::json(200, R"({"status":"ok"})")); });
  router.add(Method::Get, "/readyz", Access::Public, [&context](Call call) {
    if (!context.is_ready()) {
      call.fail(ErrorCode::NotReady, "starting, shutting down, or storage is not writable");
      return;
    }
    // A failed backup does not take the node out of service; it shows here (without its error,
    // which admins see in the Configurator: this route is public) and in /metrics.
    JsonWriter json;
    json.beginObject().field("status", "ready");
    if (context.backups) {
      const auto status = context.backups->status();
      const auto time = [](const std::optional<TimePoint>& at) {
        return at ? std::optional(formatRfc3339(*at)) : std::nullopt;
      };
      json.key("backup")
          .beginObject()
          .key("ok")
          .boolean(!status.last_failure_at)
          .key("lastSuccessAt")
          .optionalString(time(status.last_success_at))
          .key("lastFailureAt")
          .optionalString(time(status.last_failure_at))
          .endObject();
    }
    call.respond(Response::json(200, json.endObject().take()));
  });
  router.add(Method::Get, "/metrics", Access::Public, [&context](Call call) {
    call.respond(Response{
        200,
        "text/plain; version=0.0.4",
        context.metrics.render(context.engine_metrics() +
                               (context.backups ? backupMetrics(context.backups->status()) : "")),
        {}});
  });
}

}  // namespace parley::api
